package org.oodmonitor.job;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Passes records through slowly and throws once: after a checkpoint has completed that was taken
 * when at least {@link #MIN_BEFORE_CHECKPOINT} records had passed, and five records later, so that
 * the job restarts from that checkpoint mid-stream. It records what a test needs to tell a restart
 * from that checkpoint from a restart from scratch: how many records had passed at the failure, at
 * the latest completed checkpoint, and in all; and how many outputs a read_committed consumer saw
 * on the scores topic at the failure.
 */
final class FailOnceAfterCheckpoint<T>
        implements MapFunction<T, T>, CheckpointListener, CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    static final int MIN_BEFORE_CHECKPOINT = 20;

    // Static: they survive the restart, which creates new instances in the same JVM.
    static final AtomicBoolean FAILED = new AtomicBoolean();
    static final AtomicInteger PASSED = new AtomicInteger();
    static final AtomicInteger PASSED_AT_FAILURE = new AtomicInteger();
    static final AtomicInteger PASSED_AT_RESTORE_POINT = new AtomicInteger();
    static final AtomicLong COMMITTED_AT_FAILURE = new AtomicLong();
    private static final Map<Long, Integer> PASSED_AT_SNAPSHOT = new ConcurrentHashMap<>();
    private static final AtomicInteger PASSED_AT_LATEST_COMPLETED = new AtomicInteger(-1);

    private final String bootstrapServers;
    private final String scoresTopic;
    private transient int sinceArmed;

    FailOnceAfterCheckpoint(String bootstrapServers, String scoresTopic) {
        this.bootstrapServers = bootstrapServers;
        this.scoresTopic = scoresTopic;
    }

    static void reset() {
        FAILED.set(false);
        PASSED.set(0);
        PASSED_AT_FAILURE.set(0);
        PASSED_AT_RESTORE_POINT.set(0);
        COMMITTED_AT_FAILURE.set(0);
        PASSED_AT_SNAPSHOT.clear();
        PASSED_AT_LATEST_COMPLETED.set(-1);
    }

    @Override
    public T map(T record) throws Exception {
        // Pacing, not waiting: slow enough that checkpoints complete while records still flow,
        // so the failure lands mid-stream rather than after the input is drained.
        Thread.sleep(40);
        if (!FAILED.get()
                && PASSED_AT_LATEST_COMPLETED.get() >= MIN_BEFORE_CHECKPOINT
                && ++sinceArmed >= 5
                && FAILED.compareAndSet(false, true)) {
            PASSED_AT_FAILURE.set(PASSED.get());
            PASSED_AT_RESTORE_POINT.set(PASSED_AT_LATEST_COMPLETED.get());
            COMMITTED_AT_FAILURE.set(committedScores());
            throw new IllegalStateException("injected failure at " + record);
        }
        PASSED.incrementAndGet();
        return record;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        PASSED_AT_SNAPSHOT.put(context.getCheckpointId(), PASSED.get());
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {}

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        Integer passed = PASSED_AT_SNAPSHOT.get(checkpointId);
        if (passed != null) {
            PASSED_AT_LATEST_COMPLETED.accumulateAndGet(passed, Math::max);
        }
    }

    /**
     * What a read_committed consumer sees on the scores topic now, waiting up to 10 s for the
     * sink's commit of the completed checkpoint, which runs after this operator's notification.
     */
    private long committedScores() {
        var props = new java.util.Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                org.apache.kafka.common.serialization.ByteArrayDeserializer.class.getName());
        props.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                org.apache.kafka.common.serialization.ByteArrayDeserializer.class.getName());
        TopicPartition partition = new TopicPartition(scoresTopic, 0);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.assign(List.of(partition));
            long count = 0;
            while (System.nanoTime() < deadline) {
                consumer.seekToBeginning(List.of(partition));
                long end = consumer.endOffsets(List.of(partition)).get(partition);
                count = 0;
                while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                    count += consumer.poll(Duration.ofMillis(200)).count();
                }
                if (count > 0) {
                    return count;
                }
                sleep();
            }
            return count;
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
