package org.oodmonitor.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.oodmonitor.job.OodMonitorPipeline;
import org.oodmonitor.job.PipelineSettings;
import org.oodmonitor.job.scoring.ModelSpecs;
import org.oodmonitor.job.scoring.ScoredEvent;
import org.oodmonitor.job.source.KafkaSources;
import org.oodmonitor.job.source.RawRecord;
import org.oodmonitor.schemas.DeadLetter;
import org.oodmonitor.schemas.OodScore;

/**
 * {@code CREATE MODEL ... WITH ('provider' = 'ood-monitor')} and {@code ML_PREDICT} in a Flink
 * MiniCluster, for an image and a vector model, async (batched) and sync: every row's columns
 * equal, bit for bit, what the DataStream job scores for the same event; a row that cannot be
 * scored gets an error row where the job writes a dead letter.
 */
class OodModelProviderITCase {

    private static final int PER_KIND = 40;
    private static final String OUTPUTS =
            "OUTPUT (ood_score DOUBLE, is_ood BOOLEAN, predicted_class INT, predicted_label STRING,"
                    + " threshold DOUBLE, alert_score DOUBLE, alert_components ARRAY<STRING>,"
                    + " model_name STRING, model_version STRING, model_checksum STRING,"
                    + " error STRING)";
    private static final String COLUMNS =
            "id, ood_score, is_ood, predicted_class, predicted_label, threshold, alert_score,"
                    + " alert_components, model_name, model_version, model_checksum, error";

    private static List<byte[]> pngs;
    private static List<float[]> vectors;

    @BeforeAll
    static void data() throws Exception {
        pngs = new ArrayList<>();
        vectors = new ArrayList<>();
        for (byte[] pixels : SqlTestData.pixels(PER_KIND)) {
            pngs.add(SqlTestData.png(pixels));
            vectors.add(SqlTestData.vector(pixels));
        }
        // Rows the model cannot score: a truncated PNG, a vector one value short.
        byte[] broken = pngs.get(0);
        pngs.add(Arrays.copyOf(broken, broken.length / 2));
        vectors.add(Arrays.copyOf(vectors.get(0), vectors.get(0).length - 1));
    }

    @Test
    void imageRowsScoreAsTheJobScoresTheirEventsAsyncAndSync() throws Exception {
        List<RawRecord> events = new ArrayList<>();
        for (int i = 0; i < pngs.size(); i++) {
            events.add(SqlTestData.imageEvent(i, pngs.get(i)));
        }
        JobResult job = job(events, true, SqlTestData.IMAGE_MODEL);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < pngs.size(); i++) {
            rows.add(Row.of(i, pngs.get(i)));
        }
        for (String mode :
                List.of("'async', 'true', 'max-concurrent-operations', '64'", "'async', 'false'")) {
            Map<Integer, Row> sql =
                    predict(DataTypes.BYTES(), "image BYTES", rows, SqlTestData.IMAGE_MODEL, mode);
            assertEqualToTheJob(sql, job, pngs.size() - 1, mode);
            assertThat(sql.get(pngs.size() - 1).getField("error"))
                    .as("the truncated PNG, %s", mode)
                    .asString()
                    .isNotBlank();
        }
        assertThat(job.scores.values()).anyMatch(OodScore::isOod).anyMatch(s -> !s.isOod());
    }

    @Test
    void vectorRowsScoreAsTheJobScoresTheirEvents() throws Exception {
        List<RawRecord> events = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < vectors.size(); i++) {
            events.add(SqlTestData.featureEvent(i, vectors.get(i)));
            Float[] boxed = new Float[vectors.get(i).length];
            for (int k = 0; k < boxed.length; k++) {
                boxed[k] = vectors.get(i)[k];
            }
            rows.add(Row.of(i, boxed));
        }
        JobResult job = job(events, false, SqlTestData.VECTOR_MODEL);
        Map<Integer, Row> sql =
                predict(
                        DataTypes.ARRAY(DataTypes.FLOAT()),
                        "features ARRAY<FLOAT>",
                        rows,
                        SqlTestData.VECTOR_MODEL,
                        "'max-concurrent-operations', '64'");
        assertEqualToTheJob(sql, job, vectors.size() - 1, "vectors");
        assertThat(sql.get(vectors.size() - 1).getField("error")).asString().contains("49");
    }

    private static void assertEqualToTheJob(
            Map<Integer, Row> sql, JobResult job, int scored, String mode) {
        assertThat(sql).as(mode).hasSize(scored + 1);
        assertThat(job.scores).hasSize(scored);
        assertThat(job.deadLetters).as("the job dead-letters the bad event").hasSize(1);
        for (int i = 0; i < scored; i++) {
            OodScore expected = job.scores.get("e" + i);
            Row row = sql.get(i);
            String what = mode + ", row " + i;
            assertThat(row.getField("error")).as(what).isNull();
            // Bit for bit: the same doubles, not close ones.
            assertThat(Double.doubleToRawLongBits((Double) row.getField("ood_score")))
                    .as(what)
                    .isEqualTo(Double.doubleToRawLongBits(expected.score()));
            assertThat(row.getField("is_ood")).as(what).isEqualTo(expected.isOod());
            assertThat(row.getField("predicted_class")).isEqualTo(expected.predictedClass());
            assertThat(row.getField("predicted_label")).isEqualTo(expected.predictedLabel());
            assertThat(row.getField("threshold")).isEqualTo(expected.threshold());
            assertThat(row.getField("alert_score")).as(what).isEqualTo(expected.alertScore());
            assertThat((String[]) row.getField("alert_components"))
                    .containsExactlyElementsOf(
                            expected.alertReasons() == null ? List.of() : expected.alertReasons());
            assertThat(row.getField("model_name")).isEqualTo(expected.modelName());
            assertThat(row.getField("model_version")).isEqualTo(expected.modelVersion());
            assertThat(row.getField("model_checksum")).isEqualTo(expected.modelChecksum());
        }
    }

    /** The rows' model columns by id. */
    private static Map<Integer, Row> predict(
            org.apache.flink.table.types.DataType inputType,
            String inputColumn,
            List<Row> rows,
            java.nio.file.Path model,
            String config)
            throws Exception {
        StreamTableEnvironment tEnv = tableEnvironment();
        String column = inputColumn.split(" ")[0];
        Table table =
                tEnv.fromValues(
                        DataTypes.ROW(
                                DataTypes.FIELD("id", DataTypes.INT()),
                                DataTypes.FIELD(column, inputType)),
                        rows);
        tEnv.createTemporaryView("events", table);
        tEnv.executeSql(
                "CREATE MODEL m INPUT ("
                        + inputColumn
                        + ") "
                        + OUTPUTS
                        + " WITH ('provider' = 'ood-monitor', 'model-path' = '"
                        + model
                        + "')");
        Map<Integer, Row> out = new HashMap<>();
        try (CloseableIterator<Row> it =
                tEnv.executeSql(
                                "SELECT "
                                        + COLUMNS
                                        + " FROM ML_PREDICT(TABLE events, MODEL m, DESCRIPTOR("
                                        + column
                                        + "), MAP["
                                        + config
                                        + "])")
                        .collect()) {
            while (it.hasNext()) {
                Row row = it.next();
                out.put((Integer) row.getField("id"), row);
            }
        }
        return out;
    }

    static StreamTableEnvironment tableEnvironment() {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        env.setParallelism(2);
        return StreamTableEnvironment.create(env);
    }

    private record JobResult(Map<String, OodScore> scores, List<DeadLetter> deadLetters) {}

    /** What the DataStream job, with its defaults, makes of {@code events}. */
    private static JobResult job(List<RawRecord> events, boolean images, java.nio.file.Path model)
            throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        env.setParallelism(2);
        PipelineSettings settings =
                PipelineSettings.from(new Configuration(), ModelSpecs.single("m", model));
        DataStream<org.oodmonitor.job.source.ParsedRecord> parsed =
                KafkaSources.parsed(
                        env.fromData(events, TypeInformation.of(RawRecord.class)).setParallelism(1),
                        settings.parser(images),
                        settings.watermarks());
        OodMonitorPipeline.Outputs out =
                OodMonitorPipeline.build(images ? parsed : null, images ? null : parsed, settings);
        DataStream.Collector<OodScore> scores = new DataStream.Collector<>();
        DataStream.Collector<DeadLetter> deadLetters = new DataStream.Collector<>();
        out.scores()
                .map(ScoredEvent::score, TypeInformation.of(OodScore.class))
                .collectAsync(scores);
        out.deadLetters().collectAsync(deadLetters);
        env.execute("job-scores");
        Map<String, OodScore> byId = new HashMap<>();
        scores.getOutput().forEachRemaining(s -> byId.put(s.eventId(), s));
        List<DeadLetter> letters = new ArrayList<>();
        deadLetters.getOutput().forEachRemaining(letters::add);
        return new JobResult(byId, letters);
    }

    @Test
    void badOptionsAndSchemasAreOneLineErrorsWhenTheQueryIsPlanned() {
        String ok = "'model-path' = '" + SqlTestData.IMAGE_MODEL + "'";
        assertPlanningError(
                "image BYTES",
                "ood_score DOUBLE, error STRING",
                "",
                "Missing required options are:\n\nmodel-path");
        assertPlanningError(
                "image BYTES",
                "ood_score DOUBLE, error STRING",
                ok + ", 'batch-size' = '3'",
                "Unsupported options");
        assertPlanningError(
                "image BYTES",
                "ood_score DOUBLE, error STRING",
                ok + ", 'batch.size' = '0'",
                "'batch.size' must be 1..4096, was 0");
        assertPlanningError(
                "image STRING",
                "ood_score DOUBLE, error STRING",
                ok,
                "an image model's input column is BYTES");
        assertPlanningError(
                "image BYTES",
                "ood_score DOUBLE, surprise DOUBLE, error STRING",
                ok,
                "unknown output column `surprise`; the columns are ood_score DOUBLE");
        assertPlanningError(
                "image BYTES", "ood_score STRING, error STRING", ok, "`ood_score` is DOUBLE");
        assertPlanningError(
                "image BYTES",
                "ood_score DOUBLE NOT NULL, error STRING",
                ok,
                "`ood_score` must be nullable (no NOT NULL)");
        assertPlanningError(
                "image BYTES", "ood_score DOUBLE", ok, "declare an output column `error STRING`");
        assertPlanningError(
                "image BYTES",
                "ood_score DOUBLE, error STRING",
                "'model-path' = '/no/such/model'",
                "model 'm'");
        assertPlanningError(
                "features ARRAY<FLOAT>",
                "ood_score DOUBLE, error STRING",
                ok,
                "an image model's input column is BYTES");
    }

    private static void assertPlanningError(
            String input, String outputs, String options, String message) {
        StreamTableEnvironment tEnv = tableEnvironment();
        String column = input.split(" ")[0];
        tEnv.executeSql(
                "CREATE TEMPORARY VIEW events AS SELECT CAST(NULL AS "
                        + input.substring(column.length() + 1)
                        + ") AS "
                        + column);
        tEnv.executeSql(
                "CREATE MODEL m INPUT ("
                        + input
                        + ") OUTPUT ("
                        + outputs
                        + ") WITH ('provider' = 'ood-monitor'"
                        + (options.isEmpty() ? "" : ", " + options)
                        + ")");
        assertThatThrownBy(
                        () ->
                                tEnv.explainSql(
                                        "SELECT * FROM ML_PREDICT(TABLE events, MODEL m,"
                                                + " DESCRIPTOR("
                                                + column
                                                + "))"))
                .satisfies(e -> assertThat(messages(e)).as(options).contains(message));
    }

    @Test
    void aRowThatCannotBeScoredFailsTheQueryWhenAskedTo() {
        StreamTableEnvironment tEnv = tableEnvironment();
        tEnv.createTemporaryView(
                "events",
                tEnv.fromValues(
                        DataTypes.ROW(DataTypes.FIELD("image", DataTypes.BYTES())),
                        Row.of((Object) new byte[] {1, 2, 3})));
        tEnv.executeSql(
                "CREATE MODEL m INPUT (image BYTES) OUTPUT (ood_score DOUBLE) WITH ('provider' ="
                        + " 'ood-monitor', 'error-handling' = 'fail', 'model-path' = '"
                        + SqlTestData.IMAGE_MODEL
                        + "')");
        assertThatThrownBy(
                        () -> {
                            try (var it =
                                    tEnv.executeSql(
                                                    "SELECT * FROM ML_PREDICT(TABLE events, MODEL"
                                                            + " m, DESCRIPTOR(image))")
                                            .collect()) {
                                it.forEachRemaining(r -> {});
                            }
                        })
                .satisfies(e -> assertThat(messages(e)).contains("model 'm' cannot score a row: "));
    }

    /** Every message of {@code e} and its causes. */
    static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            all.append(t.getMessage()).append(" | ");
        }
        return all.toString();
    }
}
