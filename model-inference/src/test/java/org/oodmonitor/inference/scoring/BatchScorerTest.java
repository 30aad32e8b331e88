package org.oodmonitor.inference.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.oodmonitor.inference.data.IdxFiles;
import org.oodmonitor.inference.data.ImageSet;
import org.oodmonitor.inference.model.OodModel;
import org.oodmonitor.inference.reference.ReferenceVerdict;
import org.oodmonitor.inference.reference.ReferenceVerdicts;
import org.oodmonitor.schemas.ErrorCode;

/**
 * The one path from event inputs to verdicts, against the independent reference network: every
 * input gets an outcome in order, bad ones a reason, good ones the reference's logits and verdict,
 * the same bits whatever shares a fixed-shape batch.
 */
class BatchScorerTest {

    private static final Path MODEL = Path.of("../models/fashion-mnist-isomax");
    private static OodModel model;
    private static ImageSet fashion;
    private static ReferenceVerdicts reference;

    @BeforeAll
    static void load() throws Exception {
        model = OodModel.load(MODEL);
        reference = ReferenceVerdicts.load(MODEL);
        fashion =
                IdxFiles.readImages(
                        Path.of("../samples/fashion-mnist/t10k-images-idx3-ubyte.gz"),
                        Path.of("../samples/fashion-mnist/t10k-labels-idx1-ubyte.gz"));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static byte[] gray(int index) {
        return Arrays.copyOfRange(fashion.pixels(), index * 784, (index + 1) * 784);
    }

    private static EventInput raw(int index) {
        return new EventInput.Image("raw", gray(index), 28, 28, 1);
    }

    @Test
    void goodInputsGetTheReferenceVerdictAndBadOnesTheirReasonInOrder() {
        BatchScorer scorer =
                new BatchScorer(model, new VerdictFunction(model.manifest(), null), 8, 1);
        List<EventInput> inputs =
                List.of(
                        raw(0),
                        new EventInput.Image("raw", new byte[100], 10, 10, 1),
                        raw(1),
                        new EventInput.Vector(new float[] {1, 2, 3}),
                        new EventInput.Image("gif", new byte[] {1}, 0, 0, 1),
                        raw(2));
        BatchScorer.Result result = scorer.score(inputs);

        assertThat(result.forwarded()).isEqualTo(3);
        List<Outcome> outcomes = result.outcomes();
        assertThat(outcomes).hasSize(6);
        assertThat(outcomes.get(1))
                .isEqualTo(
                        new Outcome.Failed(
                                ErrorCode.WRONG_SHAPE,
                                "image is 10x10, model fashion-mnist-isomax expects 28x28"));
        assertThat(((Outcome.Failed) outcomes.get(3)).code()).isEqualTo(ErrorCode.WRONG_DIMENSION);
        assertThat(((Outcome.Failed) outcomes.get(4)).code()).isEqualTo(ErrorCode.CORRUPT_IMAGE);
        int[] good = {0, 2, 5};
        for (int k = 0; k < good.length; k++) {
            Outcome.Scored scored = (Outcome.Scored) outcomes.get(good[k]);
            double[] expected = reference.network().logitsOfImage(gray(k));
            for (int c = 0; c < expected.length; c++) {
                assertThat((double) scored.logits()[c]).isCloseTo(expected[c], offset(1e-4));
            }
            ReferenceVerdict want = reference.ofImage(gray(k));
            assertThat(scored.verdict().predictedClass()).isEqualTo(want.predicted());
            if (want.clear()) {
                assertThat(scored.verdict().ood()).isEqualTo(want.ood());
            }
        }
    }

    @Test
    void aFixedShapeBatchGivesEveryInputTheSameBitsWhateverItsCompanions() {
        BatchScorer scorer = new BatchScorer(model, null, 8, 1);
        float[] alone = ((Outcome.Scored) scorer.score(List.of(raw(3))).outcomes().get(0)).logits();
        List<EventInput> crowd = new ArrayList<>();
        for (int i = 10; i < 17; i++) {
            crowd.add(raw(i));
        }
        crowd.add(raw(3));
        Outcome last = scorer.score(crowd).outcomes().get(7);
        assertThat(((Outcome.Scored) last).logits()).containsExactly(alone);
        assertThat(((Outcome.Scored) last).verdict()).isNull();
    }

    @Test
    void moreInputsThanTheFixedRowsAreRefused() {
        BatchScorer scorer = new BatchScorer(model, null, 2, 0);
        assertThatThrownBy(() -> scorer.score(List.of(raw(0), raw(1), raw(2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("3 inputs for forward passes of 2 rows");
        assertThatThrownBy(() -> new BatchScorer(model, null, -1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void boundariesOfRowsAndThreads() {
        // Exactly fixedRows inputs fit; 0 rows means one pass of as many rows as inputs.
        BatchScorer fixed = new BatchScorer(model, null, 2, 0);
        assertThat(fixed.score(List.of(raw(0), raw(1))).forwarded()).isEqualTo(2);
        BatchScorer unpadded = new BatchScorer(model, null, 0, 0);
        BatchScorer.Result result = unpadded.score(List.of(raw(4), raw(5), raw(6)));
        assertThat(result.forwarded()).isEqualTo(3);
        assertThat(result.outcomes()).allMatch(o -> o instanceof Outcome.Scored);
        assertThat(unpadded.score(List.of()).outcomes()).isEmpty();
    }

    @Test
    void aThreadCountIsAppliedBeforeThePassAndZeroLeavesTheEnginesOwn() {
        InferenceThreads.apply(2);
        new BatchScorer(model, null, 4, 0).score(List.of(raw(0)));
        assertThat(InferenceThreads.current()).isEqualTo(2);
        new BatchScorer(model, null, 4, 1).score(List.of(raw(0)));
        assertThat(InferenceThreads.current()).isEqualTo(1);
    }
}
