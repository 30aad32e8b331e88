package org.oodmonitor.job.operators;

import java.time.Duration;

/** Window settings for operator tests: the options' defaults but for size, keys and references. */
final class TestWindows {

    private TestWindows() {}

    static WindowSettings settings(long sizeMs, int maxKeys) {
        return settings(sizeMs, maxKeys, ShiftReferences.none());
    }

    static WindowSettings settings(long sizeMs, int maxKeys, ShiftReferences references) {
        return new WindowSettings(
                Duration.ofMillis(sizeMs),
                0.05,
                0.001,
                null,
                maxKeys,
                new ShiftSettings(0.001, 1_000_000, 1.2, references));
    }
}
