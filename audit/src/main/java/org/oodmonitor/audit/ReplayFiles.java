package org.oodmonitor.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.annotation.Internal;
import org.oodmonitor.job.replay.ReplayResult;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.serialization.RecordWriter;

/**
 * Writes a replay's outputs as JSON Lines files in canonical order ({@code alerts.jsonl}, {@code
 * windows.jsonl}, {@code scores.jsonl}, {@code dead-letters.jsonl}, {@code shifts.jsonl}), so that
 * two replays of the same records give byte-identical files.
 */
@Internal
public final class ReplayFiles {

    private ReplayFiles() {}

    /**
     * Writes the five files into {@code dir}, creating it when needed, and the quality windows'
     * when the replay read labels.
     */
    public static void write(Path dir, ReplayResult result) throws IOException {
        Files.createDirectories(dir);
        write(dir.resolve("alerts.jsonl"), RecordType.OOD_ALERT, result.alerts());
        write(dir.resolve("windows.jsonl"), RecordType.OOD_RATE_WINDOW, result.windows());
        write(dir.resolve("scores.jsonl"), RecordType.OOD_SCORE, result.scores());
        write(dir.resolve("dead-letters.jsonl"), RecordType.DEAD_LETTER, result.deadLetters());
        write(dir.resolve("shifts.jsonl"), RecordType.SHIFT_ALERT, result.shifts());
        if (!result.quality().isEmpty()) {
            write(dir.resolve("quality.jsonl"), RecordType.QUALITY_WINDOW, result.quality());
        }
    }

    private static <T> void write(Path file, RecordType<T> type, List<T> records)
            throws IOException {
        RecordWriter<T> writer = new RecordWriter<>(type);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (T record : records) {
                out.write(writer.write(record));
                out.write('\n');
            }
        }
    }
}
