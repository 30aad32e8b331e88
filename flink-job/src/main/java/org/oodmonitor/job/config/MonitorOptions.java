package org.oodmonitor.job.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Every option of the monitor job, gathered from its option classes (one per part of the settings),
 * and the Flink options it reads as they are.
 */
@PublicEvolving
public final class MonitorOptions {

    /** The option classes, in the order {@code --help} lists them. */
    public static final List<Class<?>> GROUPS =
            List.of(
                    KafkaOptions.class,
                    TopicOptions.class,
                    ModelOptions.class,
                    SourceOptions.class,
                    LimitOptions.class,
                    ScoringOptions.class,
                    WindowOptions.class,
                    ShiftOptions.class,
                    ControlOptions.class,
                    LabelOptions.class);

    /** All {@code ood.*} options: every public {@link ConfigOption} constant of {@link #GROUPS}. */
    public static final List<ConfigOption<?>> ALL = optionsOf(GROUPS);

    /**
     * The checkpoint interval when Flink's {@code execution.checkpointing.interval} is not set: the
     * job's exactly-once output commits at each checkpoint, so it never runs without them.
     */
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

    /** Flink's own options that the job reads, listed by {@code --help} with the job's default. */
    public static final List<ConfigOption<?>> FLINK =
            List.of(CheckpointingOptions.CHECKPOINTING_INTERVAL);

    private MonitorOptions() {}

    /** The checkpoint interval of {@code config}: Flink's option, else the job's default. */
    public static Duration checkpointInterval(ReadableConfig config) {
        return config.getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL)
                .orElse(DEFAULT_CHECKPOINT_INTERVAL);
    }

    /**
     * The public static {@link ConfigOption} constants of {@code classes}, in declaration order.
     */
    static List<ConfigOption<?>> optionsOf(List<Class<?>> classes) {
        List<ConfigOption<?>> options = new ArrayList<>();
        for (Class<?> type : classes) {
            for (Field field : type.getDeclaredFields()) {
                int modifiers = field.getModifiers();
                if (Modifier.isPublic(modifiers)
                        && Modifier.isStatic(modifiers)
                        && ConfigOption.class.isAssignableFrom(field.getType())) {
                    try {
                        options.add((ConfigOption<?>) field.get(null));
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return List.copyOf(options);
    }
}
