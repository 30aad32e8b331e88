package org.oodmonitor.sql;

import java.time.Duration;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** The options of {@code CREATE MODEL ... WITH ('provider' = 'ood-monitor', ...)}. */
@PublicEvolving
public final class ProviderOptions {

    /** What becomes of a row that cannot be scored. */
    public enum ErrorHandling {
        /** The row gets an output row with only its {@code error} column set. */
        ERROR_ROW,
        /** The query fails, naming the row's problem. */
        FAIL;

        /** As the option is written: {@code error-row}, {@code fail}. */
        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** How the bytes of an image column are encoded. */
    public enum ImageEncoding {
        /** PNG or JPEG by their first bytes, else raw pixels of the model's input size. */
        AUTO,
        PNG,
        JPEG,
        /** Raw 8-bit pixels, rows of the model's input size, channels interleaved. */
        RAW;

        /** As the option is written: {@code auto}, {@code png}, {@code jpeg}, {@code raw}. */
        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static final ConfigOption<String> MODEL_PATH =
            ConfigOptions.key("model-path")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The model directory, as ood.model.dirs takes it (a local path or a"
                                    + " Flink file system URI); its checksums are verified when"
                                    + " the query is planned and again when each subtask loads"
                                    + " it.");

    public static final ConfigOption<Double> THRESHOLD =
            ConfigOptions.key("threshold")
                    .doubleType()
                    .noDefaultValue()
                    .withDescription(
                            "Overrides the model's calibrated minimum-distance-score threshold, as"
                                    + " ood.model.threshold-overrides does.");

    public static final ConfigOption<Integer> BATCH_SIZE =
            ConfigOptions.key("batch.size")
                    .intType()
                    .defaultValue(64)
                    .withDescription(
                            "Rows of one forward pass; every pass is padded to this many, as the"
                                    + " job's ood.batch.fixed-shape does, so that a row's score"
                                    + " does not depend on its companions. With the job's"
                                    + " ood.batch.max-size (64) the scores equal the job's.");

    public static final ConfigOption<Duration> BATCH_TIMEOUT =
            ConfigOptions.key("batch.timeout")
                    .durationType()
                    .defaultValue(Duration.ofMillis(10))
                    .withDescription(
                            "How long the async function waits for a batch to fill after its"
                                    + " first row, before it scores what it has.");

    public static final ConfigOption<Integer> INFERENCE_THREADS =
            ConfigOptions.key("inference.threads")
                    .intType()
                    .defaultValue(1)
                    .withDescription(
                            "PyTorch intra-op threads of each subtask's forward passes, as the"
                                    + " job's ood.inference.threads (pinned: the same input gets"
                                    + " the same bits).");

    public static final ConfigOption<ErrorHandling> ERROR_HANDLING =
            ConfigOptions.key("error-handling")
                    .enumType(ErrorHandling.class)
                    .defaultValue(ErrorHandling.ERROR_ROW)
                    .withDescription(
                            "error-row: a row that cannot be scored gets an output row with its"
                                    + " error column set (the model must declare `error STRING`);"
                                    + " fail: the query fails.");

    public static final ConfigOption<ImageEncoding> IMAGE_ENCODING =
            ConfigOptions.key("image.encoding")
                    .enumType(ImageEncoding.class)
                    .defaultValue(ImageEncoding.AUTO)
                    .withDescription("How the BYTES input column of an image model is encoded.");

    /**
     * Flink's own runtime option of {@code ML_PREDICT} (its {@code MAP[...]} argument): how many
     * rows the async operator keeps in flight, so at most this many can share a forward pass. The
     * default is that of {@code table.exec.async-ml-predict.max-concurrent-operations}.
     */
    public static final ConfigOption<Integer> MAX_CONCURRENT_OPERATIONS =
            ConfigOptions.key("max-concurrent-operations")
                    .intType()
                    .defaultValue(10)
                    .withDescription(
                            "Rows ML_PREDICT keeps in flight; set it to at least batch.size.");

    /** Flink's session option of the same, the planner's default for the {@code MAP}'s. */
    public static final ConfigOption<Integer> SESSION_MAX_CONCURRENT_OPERATIONS =
            ConfigOptions.key("table.exec.async-ml-predict.max-concurrent-operations")
                    .intType()
                    .defaultValue(10)
                    .withDescription("Flink's own option; read, never set, by this provider.");

    /** The required options. */
    public static final List<ConfigOption<?>> REQUIRED = List.of(MODEL_PATH);

    /** The optional options. */
    public static final List<ConfigOption<?>> OPTIONAL =
            List.of(
                    THRESHOLD,
                    BATCH_SIZE,
                    BATCH_TIMEOUT,
                    INFERENCE_THREADS,
                    ERROR_HANDLING,
                    IMAGE_ENCODING);

    private ProviderOptions() {}
}
