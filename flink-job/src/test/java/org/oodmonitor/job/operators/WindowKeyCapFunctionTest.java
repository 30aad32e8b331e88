package org.oodmonitor.job.operators;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.oodmonitor.job.scoring.ScoredEvent;

/**
 * At most {@code maxKeys} sources per model and window keep their name; state goes with the window.
 */
class WindowKeyCapFunctionTest {

    private static final long SIZE = 1000;
    private KeyedOneInputStreamOperatorTestHarness<String, ScoredEvent, ScoredEvent> harness;

    @BeforeEach
    void open() throws Exception {
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new WindowKeyCapFunction(TestWindows.settings(SIZE, 3))),
                        WindowKeyCapFunction::modelOf,
                        Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(String source, long time) throws Exception {
        harness.processElement(
                ScoredEvent.of(TumblingOodRateFunctionTest.score(source, time, false, "Bag", -1)),
                time);
    }

    @Test
    void sourcesBeyondTheCapArePooledAsOtherAndStateIsCleanedUp() throws Exception {
        for (String source : new String[] {"a", "b", "c", "d", "a", "e", "b"}) {
            send(source, 10);
        }
        assertThat(harness.extractOutputValues())
                .extracting(e -> e.score().source())
                .containsExactly("a", "b", "c", "other", "a", "other", "b");
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        harness.processWatermark(new Watermark(999));
        assertThat(harness.numKeyedStateEntries()).as("state of the window removed").isZero();
        assertThat(harness.numEventTimeTimers()).as("timer removed").isZero();
        assertThat(harness.getOutput())
                .filteredOn(Watermark.class::isInstance)
                .containsExactly(new Watermark(999));

        // The next window admits afresh.
        harness.getOutput().clear();
        for (String source : new String[] {"d", "e", "f", "a"}) {
            send(source, 1500);
        }
        assertThat(harness.extractOutputValues())
                .extracting(e -> e.score().source())
                .containsExactly("d", "e", "f", "other");
    }

    /**
     * #19 B4: late scores bypassed the cap, so 20,000 late source names made as many late counters
     * downstream. Fails when a late score of a source without an open window keeps its name.
     */
    @Test
    void lateScoresKeepTheirSourceOnlyWhenItHasAnOpenWindowAndOpenNoState() throws Exception {
        send("open", 2500);
        harness.processWatermark(new Watermark(1999));
        harness.getOutput().clear();
        long entries = harness.numKeyedStateEntries();
        for (int i = 0; i < 50; i++) {
            send("late-" + i, 10);
        }
        send("open", 10);
        assertThat(harness.extractOutputValues())
                .extracting(e -> e.score().source())
                .hasSize(51)
                .containsOnly("other", "open")
                .endsWith("open");
        assertThat(harness.numKeyedStateEntries()).isEqualTo(entries);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    }
}
