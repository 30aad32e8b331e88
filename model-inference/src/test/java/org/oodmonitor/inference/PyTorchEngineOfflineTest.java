package org.oodmonitor.inference;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PyTorch engine loads from the Maven artifacts alone: offline mode is on, the native cache
 * starts empty under target/, and the libraries found there came out of the jar.
 *
 * <p>Seen to fail: with the {@code pytorch-native-cpu} jar left off the fresh JVM's class path, the
 * empty cache gives "Offline mode is enabled" instead of an engine.
 */
class PyTorchEngineOfflineTest {

    @Test
    void pyTorchEngineRunsOfflineFromTheMavenArtifacts() throws Exception {
        assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
        Path cache = Path.of(System.getProperty("DJL_CACHE_DIR"));

        Engine engine = Engine.getEngine("PyTorch");
        assertThat(engine.getVersion()).isEqualTo("2.7.1");
        try (NDManager manager = engine.newBaseManager()) {
            NDArray a =
                    manager.create(new float[] {1, 2, 3, 4}, new ai.djl.ndarray.types.Shape(2, 2));
            NDArray product = a.matMul(a);
            assertThat(product.toFloatArray()).containsExactly(7f, 10f, 15f, 22f);
        }

        try (Stream<Path> files = Files.walk(cache)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("native libraries extracted into %s", cache)
                    .anyMatch(name -> name.startsWith("libtorch"));
        }
    }

    @Test
    void aFreshJvmWithAnEmptyCacheLoadsTheEngineFromTheJarsAlone(@TempDir Path tmp)
            throws Exception {
        Path cache = Files.createDirectories(tmp.resolve("djl-cache"));
        try (Stream<Path> before = Files.list(cache)) {
            assertThat(before).as("the cache starts empty").isEmpty();
        }
        Path output = tmp.resolve("probe.txt");
        Process process =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Dai.djl.offline=true",
                                "-DDJL_CACHE_DIR=" + cache,
                                "-DENGINE_CACHE_DIR=" + cache,
                                "-cp",
                                System.getProperty("java.class.path"),
                                EngineProbeMain.class.getName())
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .start();
        boolean ended = process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        String printed = Files.readString(output);
        assertThat(ended).as(printed).isTrue();
        assertThat(process.exitValue()).as(printed).isZero();
        assertThat(printed).contains("engine 2.7.1 [7.0, 10.0, 15.0, 22.0]");
        try (Stream<Path> files = Files.walk(cache)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("native libraries extracted from the jar into the empty cache")
                    .anyMatch(name -> name.startsWith("libtorch"));
        }
    }
}
