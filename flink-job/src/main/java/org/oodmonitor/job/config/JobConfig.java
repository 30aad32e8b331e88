package org.oodmonitor.job.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.oodmonitor.schemas.io.BoundedFiles;

/**
 * Reads the job configuration: a file of {@code key: value} or {@code key=value} lines, then
 * overrides; shared by the job jar's main and the {@code run} and {@code replay} commands.
 *
 * <p>Not {@link java.util.Properties#load}: it reads backslashes as escapes, which would silently
 * change a Windows path or a password in a {@code kafka.sasl.jaas.config}, and takes any line as a
 * key, where this reader refuses a malformed line naming the file and line number.
 */
@PublicEvolving
public final class JobConfig {

    /** The largest configuration file read: far more than every option needs. */
    public static final long MAX_CONFIG_BYTES = 1 << 20;

    private JobConfig() {}

    /**
     * @throws IOException with a one-line reason when the file is missing, not a plain file, larger
     *     than {@link #MAX_CONFIG_BYTES} or unreadable
     * @throws IllegalArgumentException for a malformed line or an unknown {@code ood.} key
     */
    public static Configuration load(Path file, List<String> overrides) throws IOException {
        return load(file, entries(overrides), System.getenv(HOME_ENV));
    }

    /**
     * Like {@link #load(Path, List)}, with the overrides already split into keys and values (as a
     * command line's map option gives them).
     */
    public static Configuration load(Path file, Map<String, String> overrides) throws IOException {
        return load(file, overrides, System.getenv(HOME_ENV));
    }

    /**
     * Splits {@code KEY=VALUE} (or {@code key: value}) overrides as a configuration file's lines
     * are split, keeping their order.
     *
     * @throws IllegalArgumentException for an override without a key
     */
    public static Map<String, String> entries(List<String> overrides) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String override : overrides) {
            put(values, override, "--set " + override);
        }
        return values;
    }

    /** Options of earlier releases that Flink's own options replaced, to the option to use. */
    static final Map<String, String> REPLACED =
            Map.of("ood.checkpoint.interval", "execution.checkpointing.interval");

    /**
     * @throws IllegalArgumentException for a key of an earlier release that Flink's own option
     *     replaced, naming that option
     */
    public static void refuseReplaced(java.util.Collection<String> keys) {
        for (String key : keys) {
            if (REPLACED.containsKey(key)) {
                throw new IllegalArgumentException(
                        key + " was replaced by Flink's own " + REPLACED.get(key));
            }
        }
    }

    /** The launcher's installation directory, set by {@code bin/ood-monitor}. */
    public static final String HOME_ENV = "OOD_HOME";

    /**
     * Like {@link #load(Path, Map)}; when {@code home} is set and no {@code ood.model.dirs} is
     * given, the default models are looked for under {@code home}, so that the defaults work from
     * any working directory.
     */
    public static Configuration load(Path file, Map<String, String> overrides, String home)
            throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        if (file != null) {
            int number = 0;
            String text =
                    new String(
                            BoundedFiles.read(file, "config file", MAX_CONFIG_BYTES),
                            StandardCharsets.UTF_8);
            for (String line : text.split("\r?\n", -1)) {
                number++;
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                put(values, trimmed, file + " line " + number);
            }
        }
        values.putAll(overrides);
        refuseReplaced(values.keySet());
        for (String key : values.keySet()) {
            if (key.startsWith("ood.")
                    && MonitorOptions.ALL.stream().noneMatch(o -> o.key().equals(key))) {
                throw new IllegalArgumentException(
                        "unknown option " + key + " (see --help for the list)");
            }
        }
        if (home != null && !home.isBlank() && !values.containsKey(ModelOptions.MODELS.key())) {
            Configuration defaults = new Configuration();
            Map<String, String> dirs = new LinkedHashMap<>();
            ModelOptions.MODELS
                    .defaultValue()
                    .forEach((name, dir) -> dirs.put(name, Path.of(home).resolve(dir).toString()));
            defaults.set(ModelOptions.MODELS, dirs);
            values.put(ModelOptions.MODELS.key(), defaults.toMap().get(ModelOptions.MODELS.key()));
        }
        return Configuration.fromMap(values);
    }

    private static void put(Map<String, String> values, String line, String where) {
        int eq = line.indexOf('=');
        int colon = line.indexOf(": ");
        int split = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
        if (split <= 0) {
            throw new IllegalArgumentException(where + ": expected key=value or key: value");
        }
        int skip = split == colon ? 2 : 1;
        values.put(line.substring(0, split).strip(), line.substring(split + skip).strip());
    }

    /** One line per option: key, default and description. */
    public static String describe() {
        StringBuilder text = new StringBuilder();
        for (ConfigOption<?> option : MonitorOptions.ALL) {
            text.append(
                    String.format(
                            "  %-38s default: %s%n      %s%n",
                            option.key(),
                            option.hasDefaultValue() ? option.defaultValue() : "(none)",
                            new PlainTextFormatter().format(option.description())));
        }
        text.append(
                "  kafka.*                                passed to every Kafka client without the"
                        + " prefix (SASL, SSL, ...)\n");
        text.append(
                String.format(
                        "  %-38s default: %s%n      Flink's own option, as Flink reads it; every"
                                + " other Flink option too.%n",
                        CheckpointingOptions.CHECKPOINTING_INTERVAL.key(),
                        MonitorOptions.DEFAULT_CHECKPOINT_INTERVAL));
        return text.toString();
    }
}
