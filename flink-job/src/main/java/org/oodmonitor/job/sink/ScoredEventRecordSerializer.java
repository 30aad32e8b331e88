package org.oodmonitor.job.sink;

import java.nio.charset.StandardCharsets;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.oodmonitor.job.scoring.ScoredEvent;
import org.oodmonitor.schemas.OodScore;

/**
 * Writes the score record of each {@link ScoredEvent} as {@link ProducerTimeRecordSerializer} does,
 * with a {@link #PLATFORM_HEADER} that names the machine which scored it, taken from the event
 * itself rather than from a sink setting, so that it stays true however the job's operators are
 * chained or placed.
 */
@Internal
public final class ScoredEventRecordSerializer
        implements KafkaRecordSerializationSchema<ScoredEvent> {

    private static final long serialVersionUID = 1L;

    /**
     * The header that names the platform which scored a score or alert record ({@link
     * org.oodmonitor.job.scoring.ScoringPlatform#describe()}), so that an audit can name the live
     * job's CPU.
     */
    public static final String PLATFORM_HEADER = "ood-scoring-platform";

    private final String topic;
    private final ProducerTimeRecordSerializer<OodScore> scores;
    // Every event of a subtask names the same platform: encode it once.
    private transient String lastPlatform;
    private transient byte[] lastPlatformBytes;

    /**
     * @param scores writes the score records to {@code topic}, or their dead letters elsewhere
     */
    public ScoredEventRecordSerializer(
            String topic, ProducerTimeRecordSerializer<OodScore> scores) {
        this.topic = topic;
        this.scores = scores;
    }

    @Override
    public void open(
            SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext)
            throws Exception {
        scores.open(context, sinkContext);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            ScoredEvent element, KafkaSinkContext context, Long timestamp) {
        ProducerRecord<byte[], byte[]> record =
                scores.serialize(element.score(), context, timestamp);
        // A dead letter that replaced the score names no platform: it was not scored as written.
        if (element.platform() != null && topic.equals(record.topic())) {
            record.headers().add(PLATFORM_HEADER, platformBytes(element.platform()));
        }
        return record;
    }

    private byte[] platformBytes(String platform) {
        if (!platform.equals(lastPlatform)) {
            lastPlatform = platform;
            lastPlatformBytes = platform.getBytes(StandardCharsets.UTF_8);
        }
        return lastPlatformBytes;
    }
}
