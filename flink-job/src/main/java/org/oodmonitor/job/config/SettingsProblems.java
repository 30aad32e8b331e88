package org.oodmonitor.job.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ConfigOption;

/**
 * What is wrong with a part of the settings, each problem naming its option by key, thrown as one
 * line; so that a user sees every bad option at once, not one per attempt.
 */
@Internal
public final class SettingsProblems {

    private final List<String> problems = new ArrayList<>();

    /** Notes that {@code option} {@code rule} (for example "must be >= 1") unless {@code ok}. */
    public SettingsProblems check(boolean ok, ConfigOption<?> option, String rule, Object was) {
        if (!ok) {
            problems.add(option.key() + " " + rule + ", was " + was);
        }
        return this;
    }

    /** Builds one part, noting its problems instead of throwing them; null when it has some. */
    public <T> T attempt(Supplier<T> part) {
        try {
            return part.get();
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    /**
     * @throws IllegalArgumentException with every problem noted, joined by "; "
     */
    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }
}
