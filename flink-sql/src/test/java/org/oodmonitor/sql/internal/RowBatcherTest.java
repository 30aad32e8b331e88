package org.oodmonitor.sql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.oodmonitor.inference.data.IdxFiles;
import org.oodmonitor.inference.data.ImageSet;
import org.oodmonitor.sql.OutputColumn;
import org.oodmonitor.sql.ProviderOptions.ErrorHandling;
import org.oodmonitor.sql.ProviderOptions.ImageEncoding;
import org.oodmonitor.sql.ProviderSettings;

/**
 * The rows in flight share forward passes: a batch fills to its size, or is scored when its first
 * row has waited the timeout; each row gets its own output, in the order of its batch, and the
 * scores do not depend on how the rows were batched.
 */
class RowBatcherTest {

    private static RowScorer scorer;
    private static ImageSet fashion;

    @BeforeAll
    static void open() throws Exception {
        scorer =
                RowScorer.open(
                        new ProviderSettings(
                                "m",
                                "../models/fashion-mnist-isomax",
                                null,
                                8,
                                Duration.ZERO,
                                1,
                                ErrorHandling.ERROR_ROW,
                                ImageEncoding.RAW,
                                true,
                                List.of(OutputColumn.OOD_SCORE, OutputColumn.ERROR),
                                10));
        fashion =
                IdxFiles.readImages(
                        Path.of("../samples/fashion-mnist/t10k-images-idx3-ubyte.gz"), null);
    }

    @AfterAll
    static void close() {
        scorer.close();
    }

    private static RowScorer.RowInput row(int i) {
        return scorer.input(
                GenericRowData.of(
                        (Object) Arrays.copyOfRange(fashion.pixels(), i * 784, (i + 1) * 784)));
    }

    @Test
    void rowsInFlightSharePassesOfTheBatchSizeAndKeepTheirOwnScores() throws Exception {
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Collection<RowData>>> results = new ArrayList<>();
        try (RowBatcher batcher =
                new RowBatcher(scorer, Duration.ofSeconds(5), 8, sizes::add, "test-inference")) {
            for (int i = 0; i < 16; i++) {
                results.add(batcher.submit(row(i)));
            }
            for (var result : results) {
                result.get(30, TimeUnit.SECONDS);
            }
        }
        assertThat(sizes).as("two full batches, without waiting the timeout").containsExactly(8, 8);
        for (int i = 0; i < 16; i++) {
            RowData out = results.get(i).get().iterator().next();
            double alone =
                    scorer.score(List.of(row(i))).get(0).rows().iterator().next().getDouble(0);
            assertThat(out.getDouble(0)).as("row %d, as scored alone", i).isEqualTo(alone);
            assertThat(out.isNullAt(1)).isTrue();
        }
    }

    @Test
    void aBatchThatDoesNotFillIsScoredAfterTheTimeout() throws Exception {
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        try (RowBatcher batcher =
                new RowBatcher(scorer, Duration.ofMillis(50), 8, sizes::add, "test-inference")) {
            List<CompletableFuture<Collection<RowData>>> results = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                results.add(batcher.submit(row(i)));
            }
            for (var result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).hasSize(1);
            }
        }
        assertThat(sizes).containsExactly(3);
    }

    @Test
    void aRowWithoutInputGetsAnErrorRowAndItsCompanionsTheirScores() throws Exception {
        try (RowBatcher batcher =
                new RowBatcher(scorer, Duration.ofMillis(50), 8, size -> {}, "test-inference")) {
            var bad = batcher.submit(scorer.input(GenericRowData.of((Object) null)));
            var good = batcher.submit(row(0));

            RowData error = bad.get(30, TimeUnit.SECONDS).iterator().next();
            assertThat(error.isNullAt(0)).isTrue();
            assertThat(error.getString(1).toString()).isEqualTo("the input column is null");
            assertThat(good.get(30, TimeUnit.SECONDS).iterator().next().isNullAt(0)).isFalse();
        }
    }

    @Test
    void rowsSubmittedAfterCloseFail() throws Exception {
        RowBatcher batcher = new RowBatcher(scorer, Duration.ZERO, 8, size -> {}, "test-inference");
        batcher.close();
        assertThat(batcher.submit(row(0))).isCompletedExceptionally();
    }
}
