package org.oodmonitor.audit;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.oodmonitor.job.config.TopicOptions;
import org.oodmonitor.job.replay.OffsetRange;
import org.oodmonitor.job.replay.ReplayTarget;

/**
 * One replay as asked for: what to read (a time range, or explicit offsets), with which options and
 * models, where to write, and an optional what-if variant.
 *
 * @param config the monitor's options, as for the live job
 * @param imageTopics topics of image events
 * @param featureTopics topics of feature events
 * @param from inclusive start of the time range, epoch milliseconds, or null with offsets
 * @param to exclusive end of the time range, epoch milliseconds, or null with offsets
 * @param offsets explicit offset ranges, empty with a time range
 * @param target where the outputs go
 * @param reportDir where the audit report (and a what-if comparison) goes
 * @param mode batch or streaming execution
 * @param whatIf the variant to compare with, or null
 * @param executor where the replay job runs (a Flink cluster), or null to run it here
 */
@PublicEvolving
public record ReplayRequest(
        Configuration config,
        List<String> imageTopics,
        List<String> featureTopics,
        Long from,
        Long to,
        List<OffsetRange> offsets,
        ReplayTarget target,
        Path reportDir,
        RuntimeExecutionMode mode,
        WhatIf whatIf,
        ReplayExecutor executor) {

    /**
     * @throws IllegalArgumentException for neither or both of a time range and offsets, a range
     *     that ends before it starts, no topics, or offsets of a topic that is not an input
     */
    public ReplayRequest {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(reportDir, "reportDir");
        Objects.requireNonNull(mode, "mode");
        // An executor runs the job elsewhere (a cluster), which cannot write to local files.
        if (executor != null && !target.isKafka()) {
            throw new IllegalArgumentException(
                    "replay --cluster writes its outputs to Kafka: use --out kafka:PREFIX");
        }
        imageTopics = List.copyOf(imageTopics);
        featureTopics = List.copyOf(featureTopics);
        offsets = List.copyOf(offsets);
        boolean timeRange = from != null || to != null;
        if (timeRange == !offsets.isEmpty()) {
            throw new IllegalArgumentException(
                    "give either --from and --to, or --offsets TOPIC:PARTITION:START-END");
        }
        if (timeRange && (from == null || to == null)) {
            throw new IllegalArgumentException("--from and --to go together");
        }
        if (timeRange && to <= from) {
            throw new IllegalArgumentException(
                    "--to must be after --from (the range is [from, to)): from "
                            + from
                            + ", to "
                            + to);
        }
        if (imageTopics.isEmpty() && featureTopics.isEmpty()) {
            throw new IllegalArgumentException("no input topics to replay");
        }
        // The fields are not set yet: the labels topic from the parameter.
        String labels = config == null ? "" : config.get(TopicOptions.LABELS_TOPIC);
        for (OffsetRange range : offsets) {
            String topic = range.partition().topic();
            if (!imageTopics.contains(topic)
                    && !featureTopics.contains(topic)
                    && !topic.equals(labels)) {
                throw new IllegalArgumentException(
                        "--offsets "
                                + range
                                + ": "
                                + topic
                                + " is not an input topic; inputs: images "
                                + imageTopics
                                + ", features "
                                + featureTopics
                                + (labels.isBlank() ? "" : ", labels " + labels)
                                + " (see --topics)");
            }
        }
    }

    /** The labels topic of the configuration, joined with the scores; blank for none. */
    public String labelsTopic() {
        return config.get(TopicOptions.LABELS_TOPIC);
    }
}
