package org.oodmonitor.training.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Training progress: epoch, batch, running loss and accuracy, ETA. Redraws one line on a terminal;
 * prints a line every quarter epoch otherwise (logs, CI).
 */
final class ProgressBar {

    private static final int WIDTH = 24;

    private final PrintStream out;
    private final boolean terminal;
    private final int epochs;
    private final int batches;
    private final long start = System.nanoTime();
    private int lastQuarter = -1;

    ProgressBar(PrintStream out, boolean terminal, int epochs, int batches) {
        this.out = out;
        this.terminal = terminal;
        this.epochs = epochs;
        this.batches = batches;
    }

    void update(int epoch, int batch, double loss, double accuracy) {
        int quarter = (4 * batch) / batches;
        if (!terminal && quarter == lastQuarter && batch != batches) {
            return;
        }
        lastQuarter = quarter;
        int filled = WIDTH * batch / batches;
        long done = (long) (epoch - 1) * batches + batch;
        long total = (long) epochs * batches;
        double elapsed = (System.nanoTime() - start) / 1e9;
        double eta = done == 0 ? 0 : elapsed * (total - done) / done;
        String line =
                String.format(
                        Locale.ROOT,
                        "epoch %d/%d [%s%s] %d/%d loss %.4f acc %.4f ETA %s",
                        epoch,
                        epochs,
                        "#".repeat(filled),
                        ".".repeat(WIDTH - filled),
                        batch,
                        batches,
                        loss,
                        accuracy,
                        clock(eta));
        if (terminal) {
            out.print("\r" + line);
            out.flush();
        } else {
            out.println(line);
        }
    }

    void endEpoch(String summary) {
        if (terminal) {
            out.println();
        }
        out.println(summary);
        lastQuarter = -1;
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }
}
