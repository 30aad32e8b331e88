package org.oodmonitor.inference;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/** Loads the PyTorch engine and prints a matrix product: run in a fresh JVM by a test. */
public final class EngineProbeMain {

    private EngineProbeMain() {}

    public static void main(String[] args) {
        Engine engine = Engine.getEngine("PyTorch");
        try (NDManager manager = engine.newBaseManager()) {
            NDArray a = manager.create(new float[] {1, 2, 3, 4}, new Shape(2, 2));
            System.out.println(
                    "engine "
                            + engine.getVersion()
                            + " "
                            + Arrays.toString(a.matMul(a).toFloatArray()));
        }
    }
}
