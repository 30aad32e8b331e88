package org.oodmonitor.job.operators.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The window's score sketch: accurate, order-independent, bounded. */
class ScoreSketchTest {

    @Test
    void everyQuantileIsWithinTheRelativeErrorOfTheExactOne() {
        List<Double> scores = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            scores.add(-0.5 - 4 * random.nextDouble()); // minimum distance scores lie below 0
        }
        ScoreSketch sketch = new ScoreSketch();
        scores.forEach(sketch::add);
        List<Double> sorted = new ArrayList<>(scores);
        Collections.sort(sorted);
        for (double q : new double[] {0, 0.05, 0.25, 0.5, 0.75, 0.95, 1}) {
            double exact = sorted.get((int) Math.round(q * (sorted.size() - 1)));
            assertThat(sketch.quantile(q))
                    .as("q=%s", q)
                    .isCloseTo(exact, within(Math.abs(exact) * ScoreSketch.RELATIVE_ERROR));
        }
    }

    @Test
    void signsAndZerosKeepTheirOrder() {
        ScoreSketch sketch = new ScoreSketch();
        for (double v : new double[] {-2, -1, 0, 0, 1, 2}) {
            sketch.add(v);
        }
        assertThat(sketch.quantile(0)).isCloseTo(-2, within(2 * ScoreSketch.RELATIVE_ERROR));
        assertThat(sketch.quantile(0.4)).isZero();
        assertThat(sketch.quantile(1)).isCloseTo(2, within(2 * ScoreSketch.RELATIVE_ERROR));
    }

    @Test
    void theSameScoresInAnotherOrderGiveTheSameQuantiles() {
        List<Double> scores = new ArrayList<>();
        Random random = new Random(3);
        for (int i = 0; i < 5_000; i++) {
            scores.add(-10 * random.nextDouble());
        }
        ScoreSketch a = new ScoreSketch();
        scores.forEach(a::add);
        Collections.shuffle(scores, new Random(11));
        ScoreSketch b = new ScoreSketch();
        scores.forEach(b::add);
        for (double q : new double[] {0.05, 0.25, 0.5, 0.75, 0.95}) {
            assertThat(b.quantile(q)).isEqualTo(a.quantile(q));
        }
    }

    @Test
    void memoryStaysBoundedWhateverTheNumberOfScores() {
        ScoreSketch sketch = new ScoreSketch();
        Random random = new Random(5);
        for (int i = 0; i < 1_000_000; i++) {
            sketch.add(-20 * random.nextDouble());
        }
        assertThat(sketch.count).isEqualTo(1_000_000);
        // Magnitudes from 1e-6 to 20 span about 1,700 buckets at 0.5% relative error.
        assertThat(sketch.buckets()).isLessThan(1_800);
    }
}
