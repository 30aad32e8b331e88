package org.oodmonitor.job.scoring;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.annotation.Internal;

/**
 * The machine, thread and kernel settings that computed a set of scores. Scores are bit for bit the
 * same for the same model, input, thread count, CPU family and kernel settings; across CPU families
 * (Intel's AVX-512 kernels against AMD's) or instruction sets they may differ in the last bits, so
 * an audit names the platform it replayed on.
 *
 * @param cpu the processor's model name ({@code /proc/cpuinfo}), or the architecture where that is
 *     not readable
 * @param cores the processors the JVM sees
 * @param inferenceThreads PyTorch intra-op threads of each forward pass
 * @param kernelSettings the environment variables set in this process that choose PyTorch's CPU
 *     kernels ({@link #KERNEL_VARIABLES}), as {@code NAME=value} joined by ", "; empty when none is
 *     set
 */
@Internal
public record ScoringPlatform(String cpu, int cores, int inferenceThreads, String kernelSettings)
        implements Serializable {

    /**
     * The environment variables with which oneDNN, MKL and PyTorch's own kernels pick another
     * instruction set or reduction order: set, they change scores in the last bits as another CPU
     * would (on an AMD EPYC, {@code ONEDNN_MAX_CPU_ISA=AVX2} alone does).
     */
    public static final List<String> KERNEL_VARIABLES =
            List.of(
                    "ONEDNN_MAX_CPU_ISA",
                    "DNNL_MAX_CPU_ISA",
                    "ONEDNN_CPU_ISA_HINTS",
                    "MKL_CBWR",
                    "MKL_ENABLE_INSTRUCTIONS",
                    "MKL_DEBUG_CPU_TYPE",
                    "ATEN_CPU_CAPABILITY");

    private static final Path CPU_INFO = Path.of("/proc/cpuinfo");

    /** This machine, scoring with {@code inferenceThreads} threads. */
    public static ScoringPlatform current(int inferenceThreads) {
        return new ScoringPlatform(
                cpuName(),
                Runtime.getRuntime().availableProcessors(),
                inferenceThreads,
                kernelSettings(System.getenv()));
    }

    /**
     * For example {@code AMD EPYC 7B13 (x86_64), 2 cores, 1 PyTorch thread}, followed by the kernel
     * settings when there are any.
     */
    public String describe() {
        return String.format(
                Locale.ROOT,
                "%s, %d cores, %d PyTorch thread%s%s",
                cpu,
                cores,
                inferenceThreads,
                inferenceThreads == 1 ? "" : "s",
                kernelSettings.isEmpty() ? "" : ", " + kernelSettings);
    }

    /** The {@link #KERNEL_VARIABLES} set in {@code environment}, in that order. */
    static String kernelSettings(Map<String, String> environment) {
        List<String> set = new ArrayList<>();
        for (String name : KERNEL_VARIABLES) {
            String value = environment.get(name);
            if (value != null && !value.isBlank()) {
                set.add(name + "=" + value.strip());
            }
        }
        return String.join(", ", set);
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
