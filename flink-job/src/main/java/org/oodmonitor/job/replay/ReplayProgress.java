package org.oodmonitor.job.replay;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.oodmonitor.job.operators.SplitDeadLettersFunction;

/**
 * Prints a replay's progress every few seconds while it runs: records read of the total in its
 * offset ranges, rate and estimated time left, from the job's {@code records-read} accumulator.
 */
final class ReplayProgress implements AutoCloseable {

    private static final long PERIOD_MS = 2000;

    private final JobClient job;
    private final long total;
    private final PrintStream out;
    private final long startNanos = System.nanoTime();
    private final Thread thread;
    private volatile boolean running = true;

    private ReplayProgress(JobClient job, long total, PrintStream out) {
        this.job = job;
        this.total = total;
        this.out = out;
        this.thread = new Thread(this::loop, "replay-progress");
        thread.setDaemon(true);
    }

    /** Starts reporting; {@code out} null reports nothing. */
    static ReplayProgress start(JobClient job, long total, PrintStream out) {
        ReplayProgress progress = new ReplayProgress(job, total, out);
        if (out != null) {
            progress.thread.start();
        }
        return progress;
    }

    private void loop() {
        while (running) {
            try {
                Thread.sleep(PERIOD_MS);
                Map<String, Object> accumulators = job.getAccumulators().get(5, TimeUnit.SECONDS);
                Object read = accumulators.get(SplitDeadLettersFunction.RECORDS_READ);
                if (running && read instanceof Long n) {
                    out.println(line(n));
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // The job may be finishing; the next poll or close() reports.
            }
        }
    }

    /** One progress line for {@code read} records so far. */
    String line(long read) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double rate = read / Math.max(seconds, 1e-3);
        String eta =
                read == 0 || read >= total
                        ? "-"
                        : String.format(Locale.ROOT, "%.0f s", (total - read) / rate);
        return String.format(
                Locale.ROOT,
                "replay: read %d of at most %d records (%.0f%%), %.0f records/s, about %s left",
                read,
                total,
                total == 0 ? 100.0 : 100.0 * read / total,
                rate,
                eta);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        if (thread.isAlive()) {
            thread.join(1000);
        }
    }
}
