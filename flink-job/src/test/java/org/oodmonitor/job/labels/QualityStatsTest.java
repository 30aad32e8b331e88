package org.oodmonitor.job.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Each statistic of a window against its value computed by hand. */
class QualityStatsTest {

    private static LabelledScore labelled(
            int predicted, int truth, double score, boolean ood, double confidence) {
        ScoreFacts s =
                ScoreFacts.of(LabelTestData.scored("e", 0, predicted, score, ood, confidence));
        LabelFacts l = LabelFacts.of(LabelTestData.label("e", truth, 0, 0));
        return new LabelledScore(s, l);
    }

    @Test
    void accuracyRecallCalibrationAndErrorAurocByHand() {
        QualityStats stats = new QualityStats();
        // Right: class 1 (score -1.0, conf 0.95), class 1 (-2.0, 0.85), class 2 (-1.5, 0.15).
        stats.add(labelled(1, 1, -1.0, false, 0.95));
        stats.add(labelled(1, 1, -2.0, false, 0.85));
        stats.add(labelled(2, 2, -1.5, true, 0.15));
        // Wrong: truth 2 predicted 1 (score -3.0, conf 0.92, OOD); truth 1 predicted 2 (-1.5,
        // 0.12).
        stats.add(labelled(1, 2, -3.0, true, 0.92));
        stats.add(labelled(2, 1, -1.5, false, 0.12));
        // One score whose label never came.
        stats.add(
                new LabelledScore(
                        ScoreFacts.of(LabelTestData.scored("u", 0, 1, -1, false, 0.5)), null));

        assertThat(stats.events).isEqualTo(6);
        assertThat(stats.labelled).isEqualTo(5);
        assertThat(stats.accuracy()).isEqualTo(3.0 / 5);
        // Class 1: 3 labelled, 2 predicted 1. Class 2: 2 labelled, 1 predicted 2.
        assertThat(stats.recall()).containsEntry("1", 2.0 / 3).containsEntry("2", 0.5);
        assertThat(stats.errorsOod).isEqualTo(1);
        assertThat(stats.correctOod).isEqualTo(1);
        // Bins: [0.1,0.2): {0.15 right, 0.12 wrong} acc 0.5 conf 0.135;
        // [0.8,0.9): {0.85 right} acc 1 conf 0.85; [0.9,1]: {0.95 right, 0.92 wrong} acc 0.5
        // conf 0.935. ECE = 2/5*0.365 + 1/5*0.15 + 2/5*0.435.
        // Confidences are summed in units of 2^-32, so that the order of events does not matter.
        assertThat(stats.expectedCalibrationError())
                .isCloseTo(2.0 / 5 * 0.365 + 1.0 / 5 * 0.15 + 2.0 / 5 * 0.435, within(1e-9));
        // Correct scores {-1.0, -2.0, -1.5} against errors {-3.0, -1.5}: pairs won 2 + 1 + 1.5
        // (the tie at -1.5 counts half) out of 6.
        assertThat(stats.errorAuroc()).isEqualTo(4.5 / 6);
    }

    @Test
    void theStatisticsDoNotDependOnTheOrderOfEvents() {
        java.util.List<LabelledScore> events = new java.util.ArrayList<>();
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 200; i++) {
            events.add(
                    labelled(
                            random.nextInt(3),
                            random.nextInt(3),
                            -random.nextDouble() * 3,
                            random.nextBoolean(),
                            random.nextDouble()));
        }
        QualityStats forward = new QualityStats();
        events.forEach(forward::add);
        java.util.Collections.shuffle(events, random);
        QualityStats shuffled = new QualityStats();
        events.forEach(shuffled::add);

        assertThat(shuffled.expectedCalibrationError())
                .isEqualTo(forward.expectedCalibrationError());
        assertThat(shuffled.errorAuroc()).isEqualTo(forward.errorAuroc());
        assertThat(shuffled.recall()).isEqualTo(forward.recall());
    }

    @Test
    void withoutLabelsThereIsNothingToMeasure() {
        QualityStats stats = new QualityStats();
        stats.add(
                new LabelledScore(
                        ScoreFacts.of(LabelTestData.scored("u", 0, 1, -1, false, 0.5)), null));

        assertThat(stats.accuracy()).isNull();
        assertThat(stats.expectedCalibrationError()).isNull();
        assertThat(stats.errorAuroc()).isNull();
        assertThat(stats.recall()).isEmpty();
    }

    @Test
    void labelsByNameCompareWithThePredictedLabel() {
        ScoreFacts s = ScoreFacts.of(LabelTestData.scored("e", 0, 3, -1, false, 0.9));
        LabelFacts byName = new LabelFacts();
        byName.trueLabel = "class-3";
        LabelFacts wrongName = new LabelFacts();
        wrongName.trueLabel = "class-4";

        assertThat(byName.isCorrect(s)).isTrue();
        assertThat(wrongName.isCorrect(s)).isFalse();
        assertThat(byName.trueClassName()).isEqualTo("class-3");
    }
}
