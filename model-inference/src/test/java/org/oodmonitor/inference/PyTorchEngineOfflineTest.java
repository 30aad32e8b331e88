package org.oodmonitor.inference;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The PyTorch engine loads from the Maven artifacts alone: offline mode is on, the native cache
 * starts empty under target/, and the libraries found there came out of the jar.
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
}
