package org.oodmonitor.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.oodmonitor.cli.CommandRunner;
import org.oodmonitor.cli.demo.DemoCommand;
import org.oodmonitor.cli.job.ReplayCommand;
import org.oodmonitor.cli.job.RunCommand;
import org.oodmonitor.cli.job.SavepointCommand;
import org.oodmonitor.job.TestTraffic;
import org.oodmonitor.kafka.BrokerMode;
import org.oodmonitor.kafka.KafkaBrokerExtension;
import org.oodmonitor.kafka.LocalKafka;
import org.oodmonitor.kafka.TopicAdmin;
import org.oodmonitor.kafka.internal.KraftBrokerProcess;
import org.oodmonitor.kafka.internal.SaslSslListener;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.RecordType;

/**
 * The monitor against a broker that wants TLS and a SCRAM login, on a multi-process Flink cluster:
 * {@code run --cluster}, {@code savepoint --stop}, a restart from it and {@code replay} all work
 * with the credentials given as a properties file or as {@code kafka.*} options, and neither
 * password shows in a log file, a REST response of the cluster, the audit report or an error.
 */
class SecuredKafkaITCase {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA =
            KafkaBrokerExtension.create(
                    LocalKafka.builder().mode(BrokerMode.PROCESS).saslSsl(true));

    private static final Path DIR = Path.of("target/secured-it").toAbsolutePath();
    private static final Path MODEL = Path.of("../models/fashion-mnist-isomax").toAbsolutePath();
    private static final Duration WAIT = Duration.ofMinutes(4);
    private static final Path TEST_LOG = DIR.resolve("test-jvm.log");
    private static final String TEST_APPENDER = "secured-it-file";

    private static String rest;

    @BeforeAll
    static void startClusterAndLogEverything() throws Exception {
        LocalCluster.stop(DIR);
        Files.createDirectories(DIR);
        Files.deleteIfExists(TEST_LOG);
        logThisJvmToFile();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code =
                ClusterCommand.run(
                        new String[] {
                            "start", "--taskmanagers", "1", "--slots", "2", "--dir", DIR.toString()
                        },
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        System.err);
        assertThat(code).isZero();
        rest = out.toString(StandardCharsets.UTF_8).strip();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        LocalCluster.stop(DIR);
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        var root = context.getConfiguration().getRootLogger();
        root.removeAppender(TEST_APPENDER);
        root.setLevel(Level.WARN);
        context.updateLoggers();
    }

    @Test
    void jobSavepointRestartAndReplayWorkAndNoPasswordShows() throws Exception {
        SaslSslListener secrets = ((KraftBrokerProcess) KAFKA.broker()).saslSsl();
        List<String> passwords = List.of(secrets.userPassword(), secrets.trustStorePassword());
        String run = KafkaBrokerExtension.uniqueTopic("secured");
        Map<String, String> topics = topics(run);
        Path clientFile = DIR.resolve(run + "-client.properties");
        try (var writer = Files.newBufferedWriter(clientFile)) {
            KAFKA.broker().clientProperties().store(writer, "test client settings");
        }
        TestTraffic first = TestTraffic.of(40, 100, 20);
        first.produce(KAFKA, topics.get("images"));
        Map<String, String> responses = new LinkedHashMap<>();

        // 1. The job, with the credentials in a properties file.
        JobID job = submit(topics, run, List.of("ood.kafka.properties-file=" + clientFile), null);
        List<OodScore> scores = readScores(topics.get("scores"), first.ids().size());
        assertThat(scores)
                .extracting(OodScore::eventId)
                .as("every event read and scored over SASL_SSL")
                .containsExactlyInAnyOrderElementsOf(first.ids());
        assertThat(scores.stream().filter(OodScore::isOod).map(OodScore::eventId))
                .containsExactlyInAnyOrderElementsOf(first.expectedAlerts());
        collectRestResponses(job, responses);

        // 2. The control command: stop with a savepoint.
        String savepoint =
                command(
                        new SavepointCommand(),
                        "--cluster",
                        rest,
                        "--job",
                        job.toHexString(),
                        "--stop");
        assertThat(savepoint).isNotBlank();

        // 3. A restart from it, with the credentials as kafka.* options this time.
        Properties clients = KAFKA.broker().clientProperties();
        List<String> inline = new ArrayList<>();
        clients.stringPropertyNames()
                .forEach(key -> inline.add("kafka." + key + "=" + clients.getProperty(key)));
        JobID restarted = submit(topics, run, inline, savepoint);
        TestTraffic second = TestTraffic.of(10, 300, 13);
        second.produce(KAFKA, topics.get("images"));
        int total = first.ids().size() + second.ids().size();
        List<OodScore> all =
                TestTraffic.readCommittedUntil(
                        KAFKA,
                        topics.get("scores"),
                        RecordType.OOD_SCORE,
                        s -> s.size() >= total,
                        WAIT);
        assertThat(all).hasSize(total);
        assertThat(all.subList(first.ids().size(), total))
                .extracting(OodScore::eventId)
                .containsExactlyInAnyOrderElementsOf(second.ids());
        collectRestResponses(restarted, responses);
        cancel(restarted);

        // 4. A job whose password is wrong: it fails to connect, and says so without it.
        String wrong = "wrong-" + secrets.userPassword();
        JobID refused =
                submit(
                        topics,
                        run + "-refused",
                        List.of(
                                "ood.kafka.properties-file=" + clientFile,
                                "kafka.sasl.jaas.config="
                                        + SaslSslListener.jaasConfig(SaslSslListener.USER, wrong)),
                        null);
        String exceptions = awaitFailure(refused);
        assertThat(exceptions).contains("Authentication failed");
        assertThat(exceptions).doesNotContain(wrong);
        responses.put("/jobs/" + refused + "/exceptions", exceptions);
        collectRestResponses(refused, responses);
        cancel(refused);

        // 5. A replay of the whole range, read and written over SASL_SSL.
        Path report = DIR.resolve(run + "-report");
        ByteArrayOutputStream replayOut = new ByteArrayOutputStream();
        ByteArrayOutputStream replayErr = new ByteArrayOutputStream();
        int code =
                CommandRunner.run(
                        new ReplayCommand(),
                        replayArgs(
                                topics,
                                "ood.kafka.properties-file=" + clientFile,
                                "--offsets",
                                topics.get("images") + ":0:0-" + total,
                                "--out",
                                "kafka:" + run + ".replay",
                                "--report",
                                report.toString(),
                                "--compare-live",
                                topics.get("scores")),
                        new PrintStream(replayOut, true, StandardCharsets.UTF_8),
                        new PrintStream(replayErr, true, StandardCharsets.UTF_8));
        assertThat(code).as(replayErr.toString(StandardCharsets.UTF_8)).isZero();
        String audit = Files.readString(report.resolve("audit-report.json"));
        var auditJson = new ObjectMapper().readTree(audit);
        assertThat(auditJson.path("totals").path("events_scored").asLong()).isEqualTo(total);
        var live = auditJson.path("scoring").path("live");
        assertThat(live.path("matched").asLong()).isEqualTo(total);
        assertThat(live.path("identical_scores").asLong()).isEqualTo(total);
        assertThat(live.path("verdict_differences")).isEmpty();
        assertThat(live.path("live_platforms").toString())
                .as("the cluster's task manager named its CPU")
                .contains(auditJson.path("scoring").path("platform").asText());
        assertThat(
                        TestTraffic.readCommittedUntil(
                                KAFKA,
                                run + ".replay.scores",
                                RecordType.OOD_SCORE,
                                s -> s.size() >= total,
                                WAIT))
                .hasSize(total);

        // 6. A replay with a wrong password: one line that names the cause, not the password.
        ByteArrayOutputStream refusedErr = new ByteArrayOutputStream();
        int refusedCode =
                CommandRunner.run(
                        new ReplayCommand(),
                        replayArgs(
                                topics,
                                "kafka.sasl.jaas.config="
                                        + SaslSslListener.jaasConfig(SaslSslListener.USER, wrong),
                                "--set",
                                "ood.kafka.properties-file=" + clientFile,
                                "--offsets",
                                topics.get("images") + ":0:0-" + total,
                                "--out",
                                "dir:" + DIR.resolve(run + "-refused-replay")),
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new PrintStream(refusedErr, true, StandardCharsets.UTF_8));
        String refusedMessage = refusedErr.toString(StandardCharsets.UTF_8);
        assertThat(refusedCode).isNotZero();
        assertThat(refusedMessage).containsIgnoringCase("authentication").doesNotContain(wrong);

        // Nowhere: REST responses, the reports, anything this JVM or the cluster logged.
        Map<String, String> places = new LinkedHashMap<>(responses);
        for (Path file : files(report)) {
            places.put(file.toString(), Files.readString(file));
        }
        places.put("replay output", replayOut.toString(StandardCharsets.UTF_8));
        places.put("replay errors", replayErr.toString(StandardCharsets.UTF_8));
        for (Path log : files(DIR.resolve("log"))) {
            places.put(log.toString(), Files.readString(log));
        }
        places.put(TEST_LOG.toString(), Files.readString(TEST_LOG));
        Path brokerLog = ((KraftBrokerProcess) KAFKA.broker()).dataDir().resolve("broker.log");
        places.put(brokerLog.toString(), Files.readString(brokerLog));
        assertThat(places.get(TEST_LOG.toString()))
                .as("the Kafka clients' configuration dumps were logged, passwords hidden")
                .contains("sasl.jaas.config = [hidden]")
                .contains("ssl.truststore.password = [hidden]");
        assertThat(places.keySet())
                .anyMatch(k -> k.endsWith("/jobmanager/config"))
                .anyMatch(k -> k.contains("taskmanager"));
        places.forEach(
                (where, text) -> {
                    for (String password : passwords) {
                        assertThat(text).as("password in %s", where).doesNotContain(password);
                    }
                    assertThat(text).as("wrong password in %s", where).doesNotContain(wrong);
                });
    }

    @Test
    void theDemoProducerSendsWithAPropertiesFileToGuardedTopics() throws Exception {
        Path clientFile = DIR.resolve("demo-client.properties");
        try (var writer = Files.newBufferedWriter(clientFile)) {
            KAFKA.broker().clientProperties().store(writer, "test client settings");
        }
        command(
                new DemoCommand(),
                "--produce-only",
                "--bootstrap-servers",
                KAFKA.bootstrapServers(),
                "--kafka-properties",
                clientFile.toString(),
                "--events",
                "24",
                "--rate",
                "200",
                "--samples",
                "../samples",
                "--model",
                MODEL.toString(),
                "--vector-model",
                "../models/fashion-pooled-vectors");
        try (Admin admin = Admin.create(adminProperties())) {
            ConfigResource images =
                    new ConfigResource(ConfigResource.Type.TOPIC, "ood.events.images");
            assertThat(
                            admin.describeConfigs(List.of(images))
                                    .all()
                                    .get(30, TimeUnit.SECONDS)
                                    .get(images)
                                    .get("compression.type")
                                    .value())
                    .as("the demo's input topics refuse compression bombs")
                    .isEqualTo("uncompressed");
            long records =
                    admin
                            .listOffsets(
                                    Map.of(
                                            new TopicPartition("ood.events.images", 0),
                                            OffsetSpec.latest(),
                                            new TopicPartition("ood.events.images", 1),
                                            OffsetSpec.latest(),
                                            new TopicPartition("ood.events.images", 2),
                                            OffsetSpec.latest()))
                            .all()
                            .get(30, TimeUnit.SECONDS)
                            .values()
                            .stream()
                            .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset)
                            .sum();
            assertThat(records).isEqualTo(24);
        }
    }

    private static Properties adminProperties() {
        Properties props = KAFKA.broker().clientProperties();
        props.put("bootstrap.servers", KAFKA.bootstrapServers());
        return props;
    }

    private static Map<String, String> topics(String run) {
        Map<String, String> t = new LinkedHashMap<>();
        for (String role :
                List.of(
                        "images",
                        "features",
                        "scores",
                        "alerts",
                        "windows",
                        "dead-letter",
                        "shifts")) {
            t.put(role, run + "." + role);
        }
        try (TopicAdmin admin = TopicAdmin.of(KAFKA.broker())) {
            admin.createTopics(
                    Map.of(t.get("images"), 1, t.get("features"), 1),
                    TopicAdmin.INPUT_TOPIC_CONFIGS);
            admin.createTopics(
                    Map.of(
                            t.get("scores"), 1,
                            t.get("alerts"), 1,
                            t.get("windows"), 1,
                            t.get("dead-letter"), 1,
                            t.get("shifts"), 1));
        }
        return t;
    }

    private static JobID submit(
            Map<String, String> topics, String name, List<String> credentials, String savepoint) {
        List<String> args = new ArrayList<>(List.of("--cluster", rest, "--parallelism", "1"));
        for (String option : jobOptions(topics, name)) {
            args.addAll(List.of("--set", option));
        }
        for (String option : credentials) {
            args.addAll(List.of("--set", option));
        }
        if (savepoint != null) {
            args.addAll(List.of("--from-savepoint", savepoint));
        }
        return JobID.fromHexString(command(new RunCommand(), args.toArray(String[]::new)));
    }

    private static List<String> jobOptions(Map<String, String> topics, String name) {
        return List.of(
                "ood.kafka.bootstrap-servers=" + KAFKA.bootstrapServers(),
                "ood.topics.images=" + topics.get("images"),
                "ood.topics.features=" + topics.get("features"),
                "ood.topics.scores=" + topics.get("scores"),
                "ood.topics.alerts=" + topics.get("alerts"),
                "ood.topics.windows=" + topics.get("windows"),
                "ood.topics.dead-letter=" + topics.get("dead-letter"),
                "ood.topics.shifts=" + topics.get("shifts"),
                "ood.topics.control=",
                "ood.source.group-id=" + name,
                "ood.source.starting-offsets=earliest",
                "ood.model.dirs=fashion:'" + MODEL + "'",
                "ood.model.default=fashion",
                // TestTraffic's events are dated 1970.
                "ood.event-time.max-age=0",
                "ood.window.size=1s",
                "execution.checkpointing.interval=1s",
                "ood.sink.transactional-id-prefix=" + name,
                "ood.sink.transaction-timeout=2min");
    }

    private static String[] replayArgs(
            Map<String, String> topics, String credentials, String... extra) {
        List<String> args = new ArrayList<>(List.of("--quiet"));
        for (String option : jobOptions(topics, "replay")) {
            if (option.startsWith("ood.topics.images") || option.startsWith("ood.kafka.")) {
                args.addAll(List.of("--set", option));
            }
        }
        args.addAll(
                List.of(
                        "--set",
                        "ood.topics.features=",
                        "--set",
                        "ood.model.dirs=fashion:'" + MODEL + "'",
                        "--set",
                        "ood.model.default=fashion",
                        "--set",
                        "ood.event-time.max-age=0",
                        "--set",
                        "ood.window.size=1s",
                        "--set",
                        credentials));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    /** Every REST page that shows a configuration, a plan or an error, for one job. */
    private static void collectRestResponses(JobID job, Map<String, String> responses)
            throws Exception {
        for (String path :
                List.of(
                        "/jobmanager/config",
                        "/jobmanager/environment",
                        "/jobs/" + job + "/config",
                        "/jobs/" + job + "/jobmanager/config",
                        "/jobs/" + job,
                        "/jobs/" + job + "/plan",
                        "/jobs/" + job + "/exceptions",
                        "/taskmanagers")) {
            responses.put(path, get(path));
        }
        String taskManagers = get("/taskmanagers");
        for (var tm : new ObjectMapper().readTree(taskManagers).path("taskmanagers")) {
            String id = tm.path("id").asText();
            responses.put("/taskmanagers/" + id, get("/taskmanagers/" + id));
        }
    }

    private static String get(String path) throws Exception {
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(rest + path))
                                        .timeout(Duration.ofSeconds(30))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
        return response.body();
    }

    /** The job's exception history once it holds a failure. */
    private static String awaitFailure(JobID job) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            String exceptions = get("/jobs/" + job + "/exceptions");
            if (!new ObjectMapper()
                    .readTree(exceptions)
                    .path("exceptionHistory")
                    .path("entries")
                    .isEmpty()) {
                return exceptions;
            }
            assertThat(System.nanoTime()).as("a failure of job %s", job).isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    private static List<OodScore> readScores(String topic, int count) {
        return TestTraffic.readScoresOfDistinctEvents(KAFKA, topic, count, WAIT);
    }

    private static void cancel(JobID job) throws Exception {
        try (ClusterJobs jobs = ClusterJobs.connect(rest)) {
            jobs.cancel(job);
        }
    }

    private static String command(Object command, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                CommandRunner.run(
                        command,
                        args,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8).strip();
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(Files::isRegularFile).toList();
        }
    }

    /**
     * Sends everything this JVM logs at INFO and above to {@link #TEST_LOG}, the Kafka clients'
     * configuration dumps among it.
     */
    private static void logThisJvmToFile() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        var config = context.getConfiguration();
        FileAppender appender =
                FileAppender.newBuilder()
                        .setName(TEST_APPENDER)
                        .withFileName(TEST_LOG.toString())
                        .setLayout(
                                PatternLayout.newBuilder()
                                        .withPattern("%d %-5p %c{1} - %m%n%throwable")
                                        .build())
                        .setConfiguration(config)
                        .build();
        appender.start();
        config.addAppender(appender);
        var root = config.getRootLogger();
        // The console keeps its WARN; the file gets INFO.
        var console = root.getAppenders().get("console");
        if (console != null) {
            root.removeAppender("console");
            root.addAppender(console, Level.WARN, null);
        }
        root.addAppender(appender, Level.INFO, null);
        root.setLevel(Level.INFO);
        context.updateLoggers();
    }
}
