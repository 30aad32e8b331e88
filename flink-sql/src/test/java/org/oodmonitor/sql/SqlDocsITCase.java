package org.oodmonitor.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.ModelDescriptor;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.ColumnList;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.oodmonitor.kafka.KafkaBrokerExtension;

/**
 * The examples of docs/SQL.md run as written: the SQL block, read from the file, over the job's
 * image events on a real Kafka broker, and the Table API example.
 */
class SqlDocsITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.create();

    private static final Path DOC = Path.of("../docs/SQL.md");
    private static final int EVENTS = 20;

    @Test
    void theSqlExampleScoresTheJobsImageEventsOnKafka() throws Exception {
        KAFKA.createTopics(Map.of("ood.events.images", 1));
        List<byte[]> pixels = SqlTestData.pixels(EVENTS / 2);
        try (var producer =
                new KafkaProducer<>(
                        KAFKA.producerProperties(),
                        new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            for (int i = 0; i < pixels.size(); i++) {
                byte[] event = SqlTestData.imageEvent(i, SqlTestData.png(pixels.get(i))).value();
                producer.send(new ProducerRecord<>("ood.events.images", event)).get();
            }
        }
        StreamTableEnvironment tEnv = OodModelProviderITCase.tableEnvironment();
        List<String> statements = statements(sqlBlock());
        for (String statement : statements.subList(0, statements.size() - 1)) {
            tEnv.executeSql(statement);
        }
        Map<String, Row> rows = new HashMap<>();
        TableResult result = tEnv.executeSql(statements.get(statements.size() - 1));
        try (CloseableIterator<Row> it = result.collect()) {
            while (rows.size() < EVENTS && it.hasNext()) {
                Row row = it.next();
                rows.put((String) row.getField("event_id"), row);
            }
        }
        assertThat(rows).hasSize(EVENTS);
        for (int i = 0; i < EVENTS; i++) {
            Row row = rows.get("e" + i);
            assertThat(row.getField("error")).isNull();
            assertThat(row.getField("ood_score")).isNotNull();
            assertThat(row.getField("source")).isEqualTo("sql");
        }
        long digitsFlagged =
                rows.entrySet().stream()
                        .filter(e -> Integer.parseInt(e.getKey().substring(1)) % 2 == 1)
                        .filter(e -> Boolean.TRUE.equals(e.getValue().getField("is_ood")))
                        .count();
        assertThat(digitsFlagged).as("MNIST digits flagged out of 10").isGreaterThanOrEqualTo(7);
    }

    @Test
    void theTableApiExampleGivesTheSqlQuerysScores() throws Exception {
        StreamTableEnvironment tEnv = OodModelProviderITCase.tableEnvironment();
        List<Row> values = new ArrayList<>();
        List<byte[]> pixels = SqlTestData.pixels(5);
        for (int i = 0; i < pixels.size(); i++) {
            values.add(Row.of(i, SqlTestData.png(pixels.get(i))));
        }
        tEnv.createTemporaryView(
                "images",
                tEnv.fromValues(
                        DataTypes.ROW(
                                DataTypes.FIELD("id", DataTypes.INT()),
                                DataTypes.FIELD("image", DataTypes.BYTES())),
                        values));
        // As docs/SQL.md writes it, with the test's model path.
        tEnv.createTemporaryModel(
                "fashion",
                ModelDescriptor.forProvider("ood-monitor")
                        .inputSchema(Schema.newBuilder().column("image", DataTypes.BYTES()).build())
                        .outputSchema(
                                Schema.newBuilder()
                                        .column("ood_score", DataTypes.DOUBLE())
                                        .column("is_ood", DataTypes.BOOLEAN())
                                        .column("error", DataTypes.STRING())
                                        .build())
                        .option("model-path", SqlTestData.IMAGE_MODEL.toString())
                        .build());
        Table scored =
                tEnv.fromModel("fashion")
                        .predict(
                                tEnv.from("images"),
                                ColumnList.of("image"),
                                Map.of("max-concurrent-operations", "64"));
        Map<Integer, Double> api = scores(scored.execute());
        Map<Integer, Double> sql =
                scores(
                        tEnv.executeSql(
                                "SELECT id, ood_score FROM ML_PREDICT(TABLE images, MODEL fashion,"
                                        + " DESCRIPTOR(image))"));

        assertThat(api).hasSize(values.size()).isEqualTo(sql);
        assertThat(Files.readString(DOC))
                .as("the example this test runs")
                .contains("tEnv.fromModel(\"fashion\")", "ColumnList.of(\"image\")");
    }

    private static Map<Integer, Double> scores(TableResult result) throws Exception {
        Map<Integer, Double> out = new HashMap<>();
        try (CloseableIterator<Row> it = result.collect()) {
            it.forEachRemaining(
                    r -> out.put((Integer) r.getField("id"), (Double) r.getField("ood_score")));
        }
        return out;
    }

    /** The first SQL block of docs/SQL.md, with the test's broker and model path. */
    private static String sqlBlock() throws Exception {
        String doc = Files.readString(DOC);
        int start = doc.indexOf("```sql\n") + "```sql\n".length();
        String block = doc.substring(start, doc.indexOf("```", start));
        assertThat(block).contains("'localhost:9092'", "'models/fashion-mnist-isomax'");
        return block.replace("'localhost:9092'", "'" + KAFKA.bootstrapServers() + "'")
                .replace("'models/fashion-mnist-isomax'", "'" + SqlTestData.IMAGE_MODEL + "'");
    }

    private static List<String> statements(String block) {
        List<String> out = new ArrayList<>();
        for (String statement : block.split(";")) {
            if (!statement.isBlank()) {
                out.add(statement.strip());
            }
        }
        return out;
    }
}
