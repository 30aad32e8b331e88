package org.oodmonitor.job.replay;

import java.nio.file.Path;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Where a replay writes its alerts, windows, scores and dead letters: Kafka topics named by a
 * prefix, or files in a directory.
 *
 * @param topicPrefix prefix of the output topics, or null
 * @param directory output directory, or null
 */
@PublicEvolving
public record ReplayTarget(String topicPrefix, Path directory) {

    /**
     * Parses {@code kafka:TOPIC_PREFIX} or {@code dir:PATH}.
     *
     * @throws IllegalArgumentException for any other form
     */
    public static ReplayTarget parse(String text) {
        if (text.startsWith("kafka:") && text.length() > "kafka:".length()) {
            return new ReplayTarget(text.substring("kafka:".length()), null);
        }
        if (text.startsWith("dir:") && text.length() > "dir:".length()) {
            return new ReplayTarget(null, Path.of(text.substring("dir:".length())));
        }
        throw new IllegalArgumentException(
                "--out must be kafka:TOPIC_PREFIX or dir:PATH, was '" + text + "'");
    }

    /** Where the variant of a what-if replay writes: a {@code what-if} subdirectory or prefix. */
    public ReplayTarget variant() {
        return isKafka()
                ? new ReplayTarget(topic("what-if"), null)
                : new ReplayTarget(null, directory.resolve("what-if"));
    }

    public boolean isKafka() {
        return topicPrefix != null;
    }

    /**
     * The output topic for {@code name} ({@code alerts}, {@code windows}, {@code scores}, {@code
     * dead-letter}): the prefix, a dot unless the prefix ends in one of {@code .-_}, and the name.
     */
    public String topic(String name) {
        boolean separated = topicPrefix.matches(".*[.\\-_]$");
        return topicPrefix + (separated ? "" : ".") + name;
    }
}
