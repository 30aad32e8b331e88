package org.oodmonitor.inference.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/** IsoMax+ logits against hand-computed values, including a feature equal to a prototype. */
class IsoMaxPlusBlockTest {

    @Test
    void logitsAreMinusScaledDistancesOfNormalisedVectors() {
        try (NDManager manager = NDManager.newBaseManager()) {
            IsoMaxPlusBlock block = block(manager, -2f);
            NDArray features = manager.create(new float[][] {{3, 4}, {1, 0}});

            float[] logits =
                    block.forward(new ParameterStore(manager, false), new NDList(features), false)
                            .singletonOrThrow()
                            .toFloatArray();

            // normalize([3,4]) = [0.6,0.8]; prototypes [1,0] and [0,2] -> [1,0], [0,1]; |s| = 2.
            assertThat(logits[0]).isCloseTo((float) (-2 * Math.sqrt(0.16 + 0.64)), within(1e-5f));
            assertThat(logits[1]).isCloseTo((float) (-2 * Math.sqrt(0.36 + 0.04)), within(1e-5f));
            assertThat(logits[2]).as("feature equal to a prototype").isCloseTo(0f, within(1e-5f));
            assertThat(logits[3]).isCloseTo((float) (-2 * Math.sqrt(2)), within(1e-5f));
        }
    }

    @Test
    void gradientIsFiniteWhenAFeatureEqualsAPrototype() {
        try (NDManager manager = NDManager.newBaseManager()) {
            IsoMaxPlusBlock block = block(manager, 1f);
            block.getParameters().forEach(p -> p.getValue().getArray().setRequiresGradient(true));
            NDArray features = manager.create(new float[][] {{1, 0}, {0.5f, 0.5f}});
            features.setRequiresGradient(true);

            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits =
                        block.forward(
                                        new ParameterStore(manager, false),
                                        new NDList(features),
                                        true)
                                .singletonOrThrow();
                collector.backward(logits.sum());
            }

            for (float g : features.getGradient().toFloatArray()) {
                assertThat(Float.isFinite(g)).isTrue();
            }
            NDArray protoGrad = block.getParameters().get("prototypes").getArray().getGradient();
            for (float g : protoGrad.toFloatArray()) {
                assertThat(Float.isFinite(g)).isTrue();
            }
        }
    }

    @Test
    void parametersAreInitialisedAsInThePaper() {
        try (NDManager manager = NDManager.newBaseManager()) {
            IsoMaxPlusBlock block = IsoMaxPlusBlock.builder().setNumClasses(50).build();
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 200));

            NDArray prototypes = block.getParameters().get("prototypes").getArray();
            assertThat(prototypes.getShape()).isEqualTo(new Shape(50, 200));
            assertThat(prototypes.mean().getFloat()).isCloseTo(0f, within(0.05f));
            assertThat(prototypes.sub(prototypes.mean()).square().mean().getFloat())
                    .as("variance of N(0, 1)")
                    .isCloseTo(1f, within(0.05f));
            assertThat(block.getParameters().get("distance_scale").getArray().toFloatArray())
                    .containsExactly(1f);
        }
    }

    @Test
    void aForwardPassLeavesNothingInTheModelsManager() {
        try (NDManager model = NDManager.newBaseManager()) {
            IsoMaxPlusBlock block = block(model, -2f);
            int before = model.getManagedArrays().size();
            float[] first = null;
            for (int i = 0; i < 5; i++) {
                try (NDManager batch = model.newSubManager()) {
                    NDArray features = batch.create(new float[][] {{3, 4}, {1, 0}});
                    float[] logits =
                            block.forward(
                                            new ParameterStore(batch, false),
                                            new NDList(features),
                                            false)
                                    .singletonOrThrow()
                                    .toFloatArray();
                    first = first == null ? logits : first;
                    assertThat(logits).containsExactly(first);
                }
                assertThat(model.getManagedArrays()).as("after batch " + i).hasSize(before);
            }
        }
    }

    @Test
    void builderRejectsFewerThanTwoClasses() {
        assertThatThrownBy(() -> IsoMaxPlusBlock.builder().setNumClasses(1).build())
                .hasMessage("IsoMax+ needs at least 2 classes, got 1");
    }

    private static IsoMaxPlusBlock block(NDManager manager, float scale) {
        IsoMaxPlusBlock block = IsoMaxPlusBlock.builder().setNumClasses(2).build();
        block.initialize(manager, DataType.FLOAT32, new Shape(2, 2));
        block.getParameters()
                .get("prototypes")
                .getArray()
                .set(manager.create(new float[][] {{1, 0}, {0, 2}}).toFloatArray());
        block.getParameters().get("distance_scale").getArray().set(new float[] {scale});
        return block;
    }
}
