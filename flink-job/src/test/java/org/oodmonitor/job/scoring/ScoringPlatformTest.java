package org.oodmonitor.job.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a platform is named: the kernel settings that change scores are part of it. */
class ScoringPlatformTest {

    @Test
    void onlyTheVariablesThatChooseKernelsAreNamedInTheirOrder() {
        String settings =
                ScoringPlatform.kernelSettings(
                        Map.of(
                                "MKL_CBWR", "AVX2,STRICT",
                                "ONEDNN_MAX_CPU_ISA", " SSE41 ",
                                "ATEN_CPU_CAPABILITY", "",
                                "PATH", "/usr/bin",
                                "OMP_NUM_THREADS", "4"));

        assertThat(settings).isEqualTo("ONEDNN_MAX_CPU_ISA=SSE41, MKL_CBWR=AVX2,STRICT");
        assertThat(ScoringPlatform.kernelSettings(Map.of("PATH", "/usr/bin"))).isEmpty();
    }

    @Test
    void describeNamesCpuCoresThreadsAndKernelSettingsWhenSet() {
        assertThat(new ScoringPlatform("AMD EPYC (x86_64)", 2, 1, "").describe())
                .isEqualTo("AMD EPYC (x86_64), 2 cores, 1 PyTorch thread");
        assertThat(
                        new ScoringPlatform("AMD EPYC (x86_64)", 16, 2, "ONEDNN_MAX_CPU_ISA=AVX2")
                                .describe())
                .isEqualTo(
                        "AMD EPYC (x86_64), 16 cores, 2 PyTorch threads, ONEDNN_MAX_CPU_ISA=AVX2");
    }
}
