package org.oodmonitor.sql.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.oodmonitor.inference.data.IdxFiles;
import org.oodmonitor.inference.data.ImageSet;
import org.oodmonitor.inference.model.OodModel;

/**
 * Rows per second of {@code ML_PREDICT} with the {@code ood-monitor} provider on the committed
 * 28x28 model: batched forward passes against one row per pass, on the same rows, model and
 * machine, with the bare forward rate of the model in the same run as the limit.
 *
 * <pre>scripts/sql-benchmark.sh org.oodmonitor.sql.bench.MlPredictBenchmark [ROWS]</pre>
 */
public final class MlPredictBenchmark {

    private static final String MODEL = "../models/fashion-mnist-isomax";

    private MlPredictBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        ImageSet fashion =
                IdxFiles.readImages(
                        java.nio.file.Path.of("../samples/fashion-mnist/t10k-images-idx3-ubyte.gz"),
                        null);
        List<Row> data = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            int k = i % fashion.count();
            data.add(
                    Row.of(
                            i,
                            java.util.Arrays.copyOfRange(
                                    fashion.pixels(), k * 784, (k + 1) * 784)));
        }
        String[][] variants = {
            {"async, batch.size 64, 64 rows in flight", "64", "'max-concurrent-operations', '64'"},
            {"async, batch.size 1, 64 rows in flight", "1", "'max-concurrent-operations', '64'"},
            {"sync, batch.size 1 (one row per pass)", "1", "'async', 'false'"},
        };
        run(data.subList(0, Math.min(2000, rows)), variants[0]);
        System.out.printf(
                Locale.ROOT,
                "| %d raw 28x28 rows, parallelism 1, %d cores | rows/s |%n|---|---|%n",
                rows,
                Runtime.getRuntime().availableProcessors());
        System.out.printf(
                Locale.ROOT, "| bare forward pass, batch 64, 1 thread | %.0f |%n", bare());
        for (String[] variant : variants) {
            double rate = run(data, variant);
            System.out.printf(Locale.ROOT, "| ML_PREDICT, %s | %.0f |%n", variant[0], rate);
        }
        System.exit(0);
    }

    private static double run(List<Row> data, String[] variant) throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        env.setParallelism(1);
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        TypeInformation<Row> type =
                new RowTypeInfo(
                        new TypeInformation<?>[] {Types.INT, Types.PRIMITIVE_ARRAY(Types.BYTE)},
                        new String[] {"id", "image"});
        tEnv.createTemporaryView("events", tEnv.fromDataStream(env.fromData(data, type)));
        tEnv.executeSql(
                "CREATE MODEL m INPUT (image BYTES) OUTPUT (ood_score DOUBLE, error STRING) WITH"
                        + " ('provider' = 'ood-monitor', 'image.encoding' = 'raw', 'batch.size' = '"
                        + variant[1]
                        + "', 'model-path' = '"
                        + MODEL
                        + "')");
        long start = System.nanoTime();
        long n = 0;
        try (CloseableIterator<Row> it =
                tEnv.executeSql(
                                "SELECT id, ood_score FROM ML_PREDICT(TABLE events, MODEL m,"
                                        + " DESCRIPTOR(image), MAP["
                                        + variant[2]
                                        + "])")
                        .collect()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        if (n != data.size()) {
            throw new IllegalStateException(n + " rows out of " + data.size());
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    /** Images per second of the model's forward pass alone, 64 per pass, on one thread. */
    private static double bare() throws Exception {
        org.oodmonitor.inference.scoring.InferenceThreads.start(1);
        try (OodModel model = OodModel.load(java.nio.file.Path.of(MODEL))) {
            float[] batch = new float[64 * 784];
            for (int i = 0; i < 20; i++) {
                model.logits(batch, 64);
            }
            int passes = 300;
            long start = System.nanoTime();
            for (int i = 0; i < passes; i++) {
                model.logits(batch, 64);
            }
            return passes * 64 / ((System.nanoTime() - start) / 1e9);
        }
    }
}
