package org.oodmonitor.cli.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.kafka.common.utils.AppInfoParser;
import org.oodmonitor.cli.OodMonitorCommand;
import org.oodmonitor.job.MonitorJobMain;
import org.oodmonitor.job.config.KafkaOptions;
import org.oodmonitor.job.config.MonitorOptions;
import org.oodmonitor.job.config.TopicOptions;
import picocli.CommandLine;

/**
 * What {@code docker/docker-compose.yml} and {@code docker/Dockerfile} must agree on with the code:
 * every file they name exists, every image tag is pinned and the Flink and Kafka tags are the
 * versions the build uses, the job's bootstrap servers reach the broker's advertised listener, the
 * job's main class exists, every {@code ood.*} option exists and parses, the topics created are the
 * topics the job uses, those it reads are created with {@code compression.type=uncompressed}, and
 * the producer's arguments parse.
 */
final class ComposeCheck {

    private static final Pattern FROM = Pattern.compile("(?m)^FROM\\s+(\\S+)(?:\\s+AS\\s+(\\S+))?");
    private static final Pattern COPY = Pattern.compile("(?m)^COPY\\s+(?!--from)(\\S+)\\s+\\S+");

    private final Path root;
    private final List<String> problems = new ArrayList<>();

    private ComposeCheck(Path root) {
        this.root = root;
    }

    /** The problems of {@code compose} (parsed), read against the repository at {@code root}. */
    static List<String> problems(JsonNode compose, Path root) throws Exception {
        ComposeCheck check = new ComposeCheck(root);
        check.check(compose);
        return check.problems;
    }

    private void check(JsonNode compose) throws Exception {
        Path composeDir = root.resolve("docker");
        Map<String, String> jobOptions = new HashMap<>();
        String jobMain = null;
        for (var service : compose.path("services").properties()) {
            String name = service.getKey();
            JsonNode s = service.getValue();
            image(name, s.path("image").asText(null));
            JsonNode build = s.path("build");
            if (!build.isMissingNode()) {
                dockerfile(name, composeDir.resolve(build.path("context").asText(".")), build);
            }
            List<String> command = new ArrayList<>();
            s.path("command").forEach(c -> command.add(c.asText()));
            int at = command.indexOf("--job-classname");
            if (at >= 0 && at + 1 < command.size()) {
                jobMain = command.get(at + 1);
                jobOptions.putAll(setPairs(command));
            }
            if (build.path("target").asText("").equals("cli")) {
                // The cli image's entry point is the ood-monitor command line.
                try {
                    OodMonitorCommand.commandLine().parseArgs(command.toArray(String[]::new));
                } catch (CommandLine.ParameterException e) {
                    problems.add(name + ": ood-monitor refuses its arguments: " + e.getMessage());
                }
            }
        }
        if (jobMain == null) {
            problems.add("no service runs the job (standalone-job --job-classname)");
            return;
        }
        try {
            Class.forName(jobMain);
        } catch (ClassNotFoundException e) {
            problems.add("job class " + jobMain + " does not exist");
        }
        // The job jar's manifest names MonitorJobMain (flink-job's shade configuration;
        // JobJarITCase).
        if (!jobMain.equals(MonitorJobMain.class.getName())) {
            problems.add(
                    "the job runs " + jobMain + ", not the job jar's main class MonitorJobMain");
        }
        Configuration config = options(jobOptions);
        String servers = config.get(KafkaOptions.BOOTSTRAP_SERVERS);
        String advertised =
                compose.at("/services/kafka/environment/KAFKA_ADVERTISED_LISTENERS").asText("");
        if (!advertised.endsWith("//" + servers)) {
            problems.add("the job reads from " + servers + " but Kafka advertises " + advertised);
        }
        topics(compose.at("/services/topics/command").toString(), config);
    }

    private Configuration options(Map<String, String> given) {
        return jobOptions(given, problems);
    }

    /** The {@code KEY=VALUE} of every {@code --set} in {@code args}. */
    static Map<String, String> setPairs(List<String> args) {
        Map<String, String> pairs = new HashMap<>();
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).equals("--set")) {
                String pair = args.get(i + 1);
                int eq = pair.indexOf('=');
                pairs.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return pairs;
    }

    /**
     * The job's configuration from {@code given} options; adds to {@code problems} each key that is
     * not in {@code MonitorOptions} and each value that does not parse as its option's type.
     */
    static Configuration jobOptions(Map<String, String> given, List<String> problems) {
        Map<String, ConfigOption<?>> known = new HashMap<>();
        MonitorOptions.ALL.forEach(o -> known.put(o.key(), o));
        MonitorOptions.FLINK.forEach(o -> known.put(o.key(), o));
        for (var entry : given.entrySet()) {
            ConfigOption<?> option = known.get(entry.getKey());
            if (option == null) {
                problems.add("unknown job option " + entry.getKey());
                continue;
            }
            try {
                Configuration.fromMap(Map.of(entry.getKey(), entry.getValue())).get(option);
            } catch (RuntimeException e) {
                problems.add(entry.getKey() + "=" + entry.getValue() + ": " + e.getMessage());
            }
        }
        Map<String, String> valid = new HashMap<>(given);
        valid.keySet().retainAll(known.keySet());
        try {
            return Configuration.fromMap(valid);
        } catch (RuntimeException e) {
            return new Configuration();
        }
    }

    private void topics(String command, Configuration config) {
        Set<String> created = new LinkedHashSet<>();
        Map<String, String> compression = new HashMap<>();
        Matcher m = Pattern.compile("(ood\\.[\\w.-]+):(\\d+)(?::(\\w+))?").matcher(command);
        while (m.find()) {
            created.add(m.group(1));
            compression.put(m.group(1), m.group(3) == null ? "producer" : m.group(3));
        }
        Set<String> used = jobTopics(config);
        if (!created.equals(used)) {
            problems.add("topics created " + created + " but the job uses " + used);
        }
        for (String input : inputTopics(config)) {
            String type = compression.getOrDefault(input, "producer");
            if (!type.equals("uncompressed")) {
                problems.add(
                        "input topic "
                                + input
                                + " is created with compression.type "
                                + type
                                + ", not uncompressed: the broker lets a compression bomb"
                                + " through");
            }
        }
    }

    /**
     * The topics a job with {@code config} reads (images, features, model commands): those that
     * must be created with {@code compression.type=uncompressed}.
     */
    static Set<String> inputTopics(Configuration config) {
        Set<String> inputs = new LinkedHashSet<>();
        for (ConfigOption<String> topic :
                List.of(
                        TopicOptions.IMAGES_TOPIC,
                        TopicOptions.FEATURES_TOPIC,
                        TopicOptions.CONTROL_TOPIC)) {
            if (!config.get(topic).isBlank()) {
                inputs.add(config.get(topic));
            }
        }
        return inputs;
    }

    /** The topics a job with {@code config} reads and writes. */
    static Set<String> jobTopics(Configuration config) {
        Set<String> used = new LinkedHashSet<>();
        for (ConfigOption<String> topic :
                List.of(
                        TopicOptions.IMAGES_TOPIC,
                        TopicOptions.FEATURES_TOPIC,
                        TopicOptions.SCORES_TOPIC,
                        TopicOptions.ALERTS_TOPIC,
                        TopicOptions.WINDOWS_TOPIC,
                        TopicOptions.DEAD_LETTER_TOPIC,
                        TopicOptions.SHIFTS_TOPIC,
                        TopicOptions.CONTROL_TOPIC)) {
            String name = config.get(topic);
            if (!name.isBlank()) {
                used.add(name);
            }
        }
        if (!config.get(TopicOptions.CONTROL_TOPIC).isBlank()) {
            for (ConfigOption<String> topic :
                    List.of(TopicOptions.CONTROL_STATUS_TOPIC, TopicOptions.SHADOW_SCORES_TOPIC)) {
                if (!config.get(topic).isBlank()) {
                    used.add(config.get(topic));
                }
            }
        }
        return used;
    }

    private void image(String service, String image) {
        if (image == null) {
            problems.add(service + ": no image");
            return;
        }
        int colon = image.lastIndexOf(':');
        if (colon < 0 || image.endsWith(":latest")) {
            problems.add(service + ": image " + image + " is not pinned to a version");
        }
        if (image.startsWith("apache/kafka:")
                && !image.substring(colon + 1).equals(AppInfoParser.getVersion())) {
            problems.add(
                    service
                            + ": "
                            + image
                            + " is not the Kafka version the job's clients are, "
                            + AppInfoParser.getVersion());
        }
    }

    private void dockerfile(String service, Path context, JsonNode build) throws Exception {
        if (!Files.isDirectory(context)) {
            problems.add(service + ": no build context " + context);
            return;
        }
        Path file = context.resolve(build.path("dockerfile").asText("Dockerfile"));
        if (!Files.isRegularFile(file)) {
            problems.add(service + ": no Dockerfile " + file);
            return;
        }
        String text = Files.readString(file);
        Set<String> stages = new LinkedHashSet<>();
        Matcher from = FROM.matcher(text);
        while (from.find()) {
            String image = from.group(1);
            if (!image.contains(":") || image.endsWith(":latest")) {
                problems.add(file + ": FROM " + image + " is not pinned");
            }
            if (image.startsWith("flink:")
                    && !image.equals("flink:" + EnvironmentInformation.getVersion() + "-java17")) {
                problems.add(
                        file
                                + ": "
                                + image
                                + " is not the Flink the job is built against, "
                                + EnvironmentInformation.getVersion());
            }
            if (from.group(2) != null) {
                stages.add(from.group(2));
            }
        }
        String target = build.path("target").asText(null);
        if (target != null && !stages.contains(target)) {
            problems.add(service + ": no stage " + target + " in " + file);
        }
        Matcher copy = COPY.matcher(text);
        while (copy.find()) {
            if (!Files.exists(context.resolve(copy.group(1)))) {
                problems.add(file + ": COPY " + copy.group(1) + " names nothing in " + context);
            }
        }
    }
}
