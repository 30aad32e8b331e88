package org.oodmonitor.cli.bench.shift;

import java.io.Serializable;
import java.util.List;

/**
 * One named kind of traffic of the shift benchmark, sent by a source of its own at {@value
 * #EVENTS_PER_SECOND} events per second: in-distribution images until {@code changeSecond}, then
 * the scenario's change.
 *
 * @param name the scenario's source name and table row
 * @param description what changes, for the report
 * @param kind how the images change
 * @param changeSecond when the change starts, seconds after the start; -1 for none
 * @param endSecond when it ends (a burst), or -1 for never
 */
public record ShiftScenario(
        String name, String description, Kind kind, int changeSecond, int endSecond)
        implements Serializable {

    /** Events per second of every scenario, as in the measurements. */
    public static final int EVENTS_PER_SECOND = 100;

    /** How the scenario changes its images after the change point. */
    public enum Kind {
        NONE,
        LABEL_SHIFT,
        EXPOSURE,
        NEAR_OOD_MIX,
        GRADUAL_NOISE,
        NOISE_BURST
    }

    /** The scenarios of {@code bench shift}, each over {@code minutes} minutes. */
    public static List<ShiftScenario> all(int minutes) {
        int end = minutes * 60;
        return List.of(
                new ShiftScenario(
                        "in-distribution",
                        "test images in a seeded random order, unchanged",
                        Kind.NONE,
                        -1,
                        -1),
                new ShiftScenario(
                        "label-shift",
                        "only sandals, sneakers and ankle boots after 60 s",
                        Kind.LABEL_SHIFT,
                        60,
                        -1),
                new ShiftScenario(
                        "exposure-0.7", "every pixel x 0.7 after 60 s", Kind.EXPOSURE, 60, -1),
                new ShiftScenario(
                        "near-ood-5pct",
                        "5% of images rotated 90 degrees after 60 s",
                        Kind.NEAR_OOD_MIX,
                        60,
                        -1),
                new ShiftScenario(
                        "gradual-noise",
                        "uniform-noise images rising from 0% at 60 s to 30% at " + end + " s",
                        Kind.GRADUAL_NOISE,
                        60,
                        end),
                new ShiftScenario(
                        "noise-burst",
                        "30% uniform-noise images from 60 s to 90 s",
                        Kind.NOISE_BURST,
                        60,
                        90));
    }

    /** Whether the scenario's traffic ever changes. */
    public boolean changes() {
        return kind != Kind.NONE;
    }
}
