package org.oodmonitor.job.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.oodmonitor.schemas.validation.ValidationLimits;

/** Every setting of the monitor job, typed, with its default and description. */
@PublicEvolving
public final class MonitorOptions {

    /** Keys with this prefix are passed to every Kafka client (for SASL, SSL, ...). */
    public static final String KAFKA_CLIENT_PREFIX = "kafka.";

    public static final ConfigOption<String> BOOTSTRAP_SERVERS =
            ConfigOptions.key("ood.kafka.bootstrap-servers")
                    .stringType()
                    .defaultValue("localhost:9092")
                    .withDescription("Kafka bootstrap servers.");
    public static final ConfigOption<String> KAFKA_PROPERTIES_FILE =
            ConfigOptions.key("ood.kafka.properties-file")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "A Java properties file of Kafka client settings (security.protocol,"
                                    + " sasl.*, ssl.*) for every Kafka client of the job and its"
                                    + " commands; kafka.* options override its entries. Read"
                                    + " where the job is built, so that only its path is part of"
                                    + " the job's configuration.");
    public static final ConfigOption<String> AUDIT_LIVE_SCORES_TOPIC =
            ConfigOptions.key("ood.audit.live-scores-topic")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "For replay: the live job's scores topic. The audit report then"
                                    + " compares the replay's verdicts with the live ones, event"
                                    + " by event, and names the platforms the live job scored"
                                    + " on.");
    public static final ConfigOption<String> IMAGES_TOPIC =
            ConfigOptions.key("ood.topics.images")
                    .stringType()
                    .defaultValue("ood.events.images")
                    .withDescription(
                            "Topic(s) of ImageEvents: a name, names separated by commas, or"
                                    + " pattern:REGEX; empty to read none.");
    public static final ConfigOption<String> FEATURES_TOPIC =
            ConfigOptions.key("ood.topics.features")
                    .stringType()
                    .defaultValue("ood.events.features")
                    .withDescription(
                            "Topic(s) of FeatureEvents: a name, names separated by commas, or"
                                    + " pattern:REGEX; empty to read none.");
    public static final ConfigOption<String> SCORES_TOPIC =
            ConfigOptions.key("ood.topics.scores")
                    .stringType()
                    .defaultValue("")
                    .withDescription("Topic for every OodScore; empty (the default) writes none.");
    public static final ConfigOption<String> ALERTS_TOPIC =
            ConfigOptions.key("ood.topics.alerts")
                    .stringType()
                    .defaultValue("ood.alerts")
                    .withDescription("Topic for OodAlerts (scores of OOD events).");
    public static final ConfigOption<String> WINDOWS_TOPIC =
            ConfigOptions.key("ood.topics.windows")
                    .stringType()
                    .defaultValue("ood.windows")
                    .withDescription("Topic for OodRateWindows.");
    public static final ConfigOption<String> DEAD_LETTER_TOPIC =
            ConfigOptions.key("ood.topics.dead-letter")
                    .stringType()
                    .defaultValue("ood.dead-letter")
                    .withDescription("Topic for DeadLetters.");
    public static final ConfigOption<String> SHIFTS_TOPIC =
            ConfigOptions.key("ood.topics.shifts")
                    .stringType()
                    .defaultValue("ood.shifts")
                    .withDescription(
                            "Topic for ShiftAlerts of the sequential shift detector; empty writes"
                                    + " none.");
    public static final ConfigOption<String> CONTROL_TOPIC =
            ConfigOptions.key("ood.topics.control")
                    .stringType()
                    .defaultValue("ood.control")
                    .withDescription(
                            "Topic of ModelCommands (one partition) that deploy, shadow, promote"
                                    + " and retire model versions while the job runs; empty turns"
                                    + " model control off.");
    public static final ConfigOption<String> CONTROL_STATUS_TOPIC =
            ConfigOptions.key("ood.topics.control-status")
                    .stringType()
                    .defaultValue("ood.control-status")
                    .withDescription(
                            "Topic for ControlStatus records: each command accepted or rejected,"
                                    + " then applied or failed per scoring subtask; empty writes"
                                    + " none.");
    public static final ConfigOption<Duration> CONTROL_MAX_LEAD =
            ConfigOptions.key("ood.control.max-lead")
                    .durationType()
                    .defaultValue(Duration.ofDays(7))
                    .withDescription(
                            "A command whose effective_from lies further ahead of its control"
                                + " record's timestamp is rejected: a change far in the future"
                                + " would refuse every earlier change of its model until then.");
    public static final ConfigOption<Duration> CONTROL_MAX_LAG =
            ConfigOptions.key("ood.control.max-lag")
                    .durationType()
                    .defaultValue(Duration.ofDays(30))
                    .withDescription(
                            "A command whose effective_from lies further behind its control"
                                    + " record's timestamp is rejected.");
    public static final ConfigOption<Long> CONTROL_MAX_MODEL_BYTES =
            ConfigOptions.key("ood.control.max-model-bytes")
                    .longType()
                    .defaultValue(2L << 30)
                    .withDescription(
                            "A deployed model directory whose manifest lists more bytes than this"
                                    + " in all is rejected before a byte of it is read.");
    public static final ConfigOption<Integer> CONTROL_MAX_MODEL_FILES =
            ConfigOptions.key("ood.control.max-model-files")
                    .intType()
                    .defaultValue(64)
                    .withDescription(
                            "A deployed model directory whose manifest lists more files than this"
                                    + " is rejected.");
    public static final ConfigOption<Duration> CONTROL_VERIFY_TIMEOUT =
            ConfigOptions.key("ood.control.verify-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(5))
                    .withDescription(
                            "How long the check of a deployed directory (reading and hashing its"
                                    + " files beside the stream) may take before its command is"
                                    + " rejected.");
    public static final ConfigOption<Integer> CONTROL_MAX_PENDING_CHECKS =
            ConfigOptions.key("ood.control.max-pending-checks")
                    .intType()
                    .defaultValue(16)
                    .withDescription(
                            "Deploys whose directories are being checked at once; a deploy that"
                                    + " arrives while this many are is rejected at once (write it"
                                    + " again later), so that a burst of deploys cannot back up"
                                    + " the control stream.");
    public static final ConfigOption<String> SHADOW_SCORES_TOPIC =
            ConfigOptions.key("ood.topics.shadow-scores")
                    .stringType()
                    .defaultValue("ood.shadow-scores")
                    .withDescription(
                            "Topic for the scores of shadow model versions (never alerts or"
                                    + " windows); empty writes none.");
    public static final ConfigOption<String> GROUP_ID =
            ConfigOptions.key("ood.source.group-id")
                    .stringType()
                    .defaultValue("ood-monitor")
                    .withDescription("Consumer group of the sources.");
    public static final ConfigOption<String> STARTING_OFFSETS =
            ConfigOptions.key("ood.source.starting-offsets")
                    .stringType()
                    .defaultValue("committed")
                    .withDescription(
                            "committed (falling back to earliest), earliest, latest, or"
                                    + " timestamp:EPOCH_MS.");
    public static final ConfigOption<Boolean> BOUNDED =
            ConfigOptions.key("ood.source.bounded")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Stop at the end offsets seen at start (replays and tests) instead of"
                                    + " running on.");
    public static final ConfigOption<Map<String, String>> MODELS =
            ConfigOptions.key("ood.model.dirs")
                    .mapType()
                    .defaultValue(Map.of("fashion-mnist-isomax", "models/fashion-mnist-isomax"))
                    .withDescription(
                            "Served models as NAME:DIR pairs, for example"
                                    + " fashion:models/fashion,vec:models/vec. DIR is a path on"
                                    + " the machine that runs the job, or a URI that Flink's file"
                                    + " systems read, in single quotes (fashion:'s3://bucket/m');"
                                    + " either way checked against its manifest's checksums"
                                    + " before it is served.");
    public static final ConfigOption<String> DEFAULT_MODEL =
            ConfigOptions.key("ood.model.default")
                    .stringType()
                    .defaultValue("fashion-mnist-isomax")
                    .withDescription("Model for events that name none.");
    public static final ConfigOption<Map<String, String>> SOURCE_DEFAULT_MODELS =
            ConfigOptions.key("ood.model.source-defaults")
                    .mapType()
                    .defaultValue(Map.of())
                    .withDescription(
                            "Default model per source, as SOURCE:NAME pairs, for events that name"
                                    + " none; other sources get ood.model.default.");
    public static final ConfigOption<Map<String, String>> THRESHOLD_OVERRIDES =
            ConfigOptions.key("ood.model.thresholds")
                    .mapType()
                    .defaultValue(Map.of())
                    .withDescription(
                            "Minimum-distance-score thresholds replacing the calibrated ones, as"
                                    + " NAME:VALUE pairs; a model with a threshold here decides on"
                                    + " that score alone, without its alert detector.");
    public static final ConfigOption<Integer> BATCH_SIZE =
            ConfigOptions.key("ood.batch.max-size")
                    .intType()
                    .defaultValue(64)
                    .withDescription("Events per forward pass, at most.");
    public static final ConfigOption<Duration> BATCH_DELAY =
            ConfigOptions.key("ood.batch.max-delay")
                    .durationType()
                    .defaultValue(Duration.ofMillis(100))
                    .withDescription("Longest wait of an event for its batch.");
    public static final ConfigOption<Boolean> INFERENCE_OVERLAP =
            ConfigOptions.key("ood.inference.overlap")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Run each scoring subtask's forward passes on an inference thread of"
                                    + " its own, one batch at a time, while the task thread"
                                    + " parses and buffers the next; scores, checkpoints and"
                                    + " watermarks are exactly as without it.");
    public static final ConfigOption<Integer> INFERENCE_THREADS =
            ConfigOptions.key("ood.inference.threads")
                    .intType()
                    .defaultValue(1)
                    .withDescription(
                            "PyTorch intra-op threads of each scoring subtask, applied before"
                                    + " every forward pass. The default, 1, keeps scores bit for"
                                    + " bit the same whatever the machine's core count and the"
                                    + " job's parallelism (on Intel CPUs with AVX-512, oneDNN"
                                    + " reduces in another order per thread count), so a replay"
                                    + " reproduces the live job; every replay records it in its"
                                    + " audit report. 0: the machine's cores divided by the"
                                    + " parallelism, at least 1 (scores may then differ in the"
                                    + " last bits between machines and parallelisms).");
    public static final ConfigOption<Boolean> FIXED_SHAPE_BATCHES =
            ConfigOptions.key("ood.batch.fixed-shape")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Pad every forward pass to ood.batch.max-size rows, so that an event's"
                                    + " score is bit for bit the same whatever other events share"
                                    + " its batch, and a replay reproduces the live job's scores"
                                    + " exactly (replays always pad). Turning it off saves compute"
                                    + " when batches are small; live scores then differ from"
                                    + " replayed ones by float rounding.");
    public static final ConfigOption<Boolean> CLASS_DISTANCES =
            ConfigOptions.key("ood.scores.class-distances")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription("Whether scores and alerts carry every class distance.");
    public static final ConfigOption<Duration> WINDOW_SIZE =
            ConfigOptions.key("ood.window.size")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription("Event-time tumbling window size.");
    public static final ConfigOption<Integer> MAX_WINDOW_KEYS =
            ConfigOptions.key("ood.window.max-keys")
                    .intType()
                    .defaultValue(10_000)
                    .withDescription(
                            "Sources with windows of their own, per model and window; later sources"
                                    + " share the source 'other' (metric windowKeysPooled), so that"
                                    + " random source names cannot exhaust memory.");
    public static final ConfigOption<Double> EXPECTED_OOD_RATE =
            ConfigOptions.key("ood.window.expected-ood-rate")
                    .doubleType()
                    .defaultValue(0.05)
                    .withDescription("OOD rate expected at the calibrated threshold (1 - TPR).");
    public static final ConfigOption<Double> FALSE_ALARM_PROBABILITY =
            ConfigOptions.key("ood.window.false-alarm-probability")
                    .doubleType()
                    .defaultValue(0.001)
                    .withDescription("Flag a window when its binomial p-value is below this.");
    public static final ConfigOption<Double> SHIFT_WINDOW_ALPHA =
            ConfigOptions.key("ood.shift.window-alpha")
                    .doubleType()
                    .defaultValue(0.001)
                    .withDescription(
                            "The chance that a window of unchanged in-distribution traffic is"
                                    + " flagged by any of its shift tests (class mix, score and"
                                    + " input statistic distributions), shared by all of them"
                                    + " with Holm's correction.");
    public static final ConfigOption<Long> SHIFT_EXPECTED_RUN_EVENTS =
            ConfigOptions.key("ood.shift.expected-run-events")
                    .longType()
                    .defaultValue(1_000_000L)
                    .withDescription(
                            "Mean number of in-distribution events between false shift alerts of"
                                    + " the sequential (CUSUM) detector of the OOD rate, at"
                                    + " least.");
    public static final ConfigOption<Double> SHIFT_RATE_RATIO =
            ConfigOptions.key("ood.shift.rate-ratio")
                    .doubleType()
                    .defaultValue(1.2)
                    .withDescription(
                            "The sequential detector is tuned to an OOD rate this many times the"
                                    + " expected one (at most half way from it to 1); smaller"
                                    + " rises are found later.");
    public static final ConfigOption<Double> MAX_OOD_RATE =
            ConfigOptions.key("ood.window.max-ood-rate")
                    .doubleType()
                    .noDefaultValue()
                    .withDescription("Also flag a window whose OOD rate is above this bound.");
    public static final ConfigOption<Duration> OUT_OF_ORDERNESS =
            ConfigOptions.key("ood.watermark.out-of-orderness")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(2))
                    .withDescription("Bounded out-of-orderness of event time.");
    public static final ConfigOption<Duration> IDLENESS =
            ConfigOptions.key("ood.watermark.idleness")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .withDescription("An input idle this long stops holding back windows.");
    public static final ConfigOption<Duration> EVENT_TIME_MAX_FUTURE =
            ConfigOptions.key("ood.event-time.max-future")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(5))
                    .withDescription(
                            "Events whose event_time is further ahead of processing time go to the"
                                    + " dead-letter topic (EVENT_TIME_OUT_OF_RANGE) and never touch"
                                    + " a watermark.");
    public static final ConfigOption<Duration> EVENT_TIME_MAX_AGE =
            ConfigOptions.key("ood.event-time.max-age")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(10))
                    .withDescription(
                            "Events whose event_time is further behind their Kafka record"
                                    + " timestamp go to the dead-letter topic"
                                    + " (EVENT_TIME_OUT_OF_RANGE), so that a partition trickling"
                                    + " old events cannot hold every window back for longer; 0:"
                                    + " no limit.");
    public static final ConfigOption<Integer> MAX_RECORD_BYTES =
            ConfigOptions.key("ood.limits.max-record-bytes")
                    .intType()
                    .defaultValue(ValidationLimits.DEFAULT_MAX_RECORD_BYTES)
                    .withDescription(
                            "Input records larger than this go to the dead-letter topic"
                                    + " (OVERSIZED_RECORD) without being parsed.");
    public static final ConfigOption<Integer> MAX_OUTPUT_BYTES =
            ConfigOptions.key("ood.limits.max-output-bytes")
                    .intType()
                    .defaultValue(1_000_000)
                    .withDescription(
                            "An event whose score record would be larger than this (attributes"
                                    + " of a large input, say) goes to the dead-letter topic"
                                    + " (OVERSIZED_RECORD) instead of failing the sink: keep it"
                                    + " under the producer's max.request.size and the output"
                                    + " topics' max.message.bytes (1 MiB by default).");
    public static final ConfigOption<Integer> MAX_IMAGE_BYTES =
            ConfigOptions.key("ood.limits.max-image-bytes")
                    .intType()
                    .defaultValue(ValidationLimits.DEFAULT_MAX_IMAGE_BYTES)
                    .withDescription("Largest decoded image payload accepted, in bytes.");
    public static final ConfigOption<DeliveryGuarantee> DELIVERY =
            ConfigOptions.key("ood.sink.delivery-guarantee")
                    .enumType(DeliveryGuarantee.class)
                    .defaultValue(DeliveryGuarantee.EXACTLY_ONCE)
                    .withDescription(
                            "exactly-once (transactions, committed at checkpoints) or"
                                    + " at-least-once.");
    public static final ConfigOption<DeliveryGuarantee> ALERTS_DELIVERY =
            ConfigOptions.key("ood.sink.alerts-delivery-guarantee")
                    .enumType(DeliveryGuarantee.class)
                    .defaultValue(DeliveryGuarantee.EXACTLY_ONCE)
                    .withFallbackKeys("ood.sink.delivery-guarantee")
                    .withDescription(
                            "Delivery of the alerts topic alone (default: that of"
                                    + " ood.sink.delivery-guarantee). at-least-once makes an"
                                    + " alert visible as soon as it is scored instead of at the"
                                    + " next checkpoint; after a failure an alert may come twice,"
                                    + " with the same event_id as its Kafka key, so consumers"
                                    + " deduplicate on it. Scores and windows stay as they are.");
    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX =
            ConfigOptions.key("ood.sink.transactional-id-prefix")
                    .stringType()
                    .defaultValue("ood-monitor")
                    .withDescription("Transactional id prefix; unique per job.");
    public static final ConfigOption<Duration> TRANSACTION_TIMEOUT =
            ConfigOptions.key("ood.sink.transaction-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(10))
                    .withDescription(
                            "Kafka transaction timeout; must not exceed the broker's"
                                    + " transaction.max.timeout.ms (15 min by default).");
    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
            ConfigOptions.key("ood.checkpoint.interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription("Checkpoint interval; exactly-once output commits at each.");

    /** All options, for --help. */
    public static final List<ConfigOption<?>> ALL =
            List.of(
                    BOOTSTRAP_SERVERS,
                    KAFKA_PROPERTIES_FILE,
                    AUDIT_LIVE_SCORES_TOPIC,
                    IMAGES_TOPIC,
                    FEATURES_TOPIC,
                    SCORES_TOPIC,
                    ALERTS_TOPIC,
                    WINDOWS_TOPIC,
                    DEAD_LETTER_TOPIC,
                    SHIFTS_TOPIC,
                    CONTROL_TOPIC,
                    CONTROL_STATUS_TOPIC,
                    CONTROL_MAX_LEAD,
                    CONTROL_MAX_LAG,
                    CONTROL_MAX_MODEL_BYTES,
                    CONTROL_MAX_MODEL_FILES,
                    CONTROL_VERIFY_TIMEOUT,
                    CONTROL_MAX_PENDING_CHECKS,
                    SHADOW_SCORES_TOPIC,
                    GROUP_ID,
                    STARTING_OFFSETS,
                    BOUNDED,
                    MODELS,
                    DEFAULT_MODEL,
                    SOURCE_DEFAULT_MODELS,
                    THRESHOLD_OVERRIDES,
                    BATCH_SIZE,
                    BATCH_DELAY,
                    FIXED_SHAPE_BATCHES,
                    INFERENCE_THREADS,
                    INFERENCE_OVERLAP,
                    CLASS_DISTANCES,
                    WINDOW_SIZE,
                    MAX_WINDOW_KEYS,
                    EXPECTED_OOD_RATE,
                    FALSE_ALARM_PROBABILITY,
                    SHIFT_WINDOW_ALPHA,
                    SHIFT_EXPECTED_RUN_EVENTS,
                    SHIFT_RATE_RATIO,
                    MAX_OOD_RATE,
                    OUT_OF_ORDERNESS,
                    IDLENESS,
                    EVENT_TIME_MAX_FUTURE,
                    EVENT_TIME_MAX_AGE,
                    MAX_RECORD_BYTES,
                    MAX_OUTPUT_BYTES,
                    MAX_IMAGE_BYTES,
                    DELIVERY,
                    ALERTS_DELIVERY,
                    TRANSACTIONAL_ID_PREFIX,
                    TRANSACTION_TIMEOUT,
                    CHECKPOINT_INTERVAL);

    private MonitorOptions() {}
}
