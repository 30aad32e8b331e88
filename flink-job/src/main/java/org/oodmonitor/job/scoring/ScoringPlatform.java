package org.oodmonitor.job.scoring;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.flink.annotation.Internal;

/**
 * The machine and thread setting that computed a set of scores. Scores are bit for bit the same for
 * the same model, input, thread count and CPU family; across CPU families (Intel's AVX-512 kernels
 * against AMD's) they may differ in the last bits, so an audit names the platform it replayed on.
 *
 * @param cpu the processor's model name ({@code /proc/cpuinfo}), or the architecture where that is
 *     not readable
 * @param cores the processors the JVM sees
 * @param inferenceThreads PyTorch intra-op threads of each forward pass
 */
@Internal
public record ScoringPlatform(String cpu, int cores, int inferenceThreads) implements Serializable {

    private static final Path CPU_INFO = Path.of("/proc/cpuinfo");

    /** This machine, scoring with {@code inferenceThreads} threads. */
    public static ScoringPlatform current(int inferenceThreads) {
        return new ScoringPlatform(
                cpuName(), Runtime.getRuntime().availableProcessors(), inferenceThreads);
    }

    /** For example {@code AMD EPYC 7B13 (x86_64), 2 cores, 1 PyTorch thread}. */
    public String describe() {
        return String.format(
                Locale.ROOT,
                "%s, %d cores, %d PyTorch thread%s",
                cpu,
                cores,
                inferenceThreads,
                inferenceThreads == 1 ? "" : "s");
    }

    static String cpuName() {
        String arch = System.getProperty("os.arch");
        try {
            List<String> lines = Files.readAllLines(CPU_INFO, StandardCharsets.ISO_8859_1);
            for (String line : lines) {
                if (line.startsWith("model name")) {
                    int colon = line.indexOf(':');
                    return line.substring(colon + 1).strip().replaceAll("\\s+", " ")
                            + " ("
                            + arch
                            + ")";
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or not readable: the architecture is all there is to say.
        }
        return arch;
    }
}
