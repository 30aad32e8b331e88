package org.oodmonitor.job.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.oodmonitor.job.HostileCorpus;
import org.oodmonitor.job.TestTraffic;
import org.oodmonitor.schemas.DeadLetter;
import org.oodmonitor.schemas.validation.ValidationLimits;

/**
 * The parser's fast path changes no verdict: every record of the hostile corpus and a set of good
 * image and feature events give the same event, or the same dead letter with the same reason, with
 * the fast path and with the schema validator alone.
 */
class FastPathEquivalenceTest {

    private static final long NOW = 1_796_500_000_000L;

    @Test
    void everyRecordGetsTheSameVerdictWithAndWithoutTheFastPath() throws Exception {
        ValidationLimits limits =
                ValidationLimits.builder()
                        .maxRecordBytes(HostileCorpus.MAX_RECORD_BYTES)
                        .maxImageBytes(HostileCorpus.MAX_IMAGE_BYTES)
                        .build();
        EventTimeGuard guard = new EventTimeGuard(Duration.ofMinutes(5), HostileCorpus.MAX_AGE);
        int events = 0;
        int deadLetters = 0;
        for (boolean images : new boolean[] {true, false}) {
            EventParser fast =
                    new EventParser(images, limits, guard, ProcessingClock.RECORD_TIMESTAMP);
            EventParser validator = fast.validatorOnly();
            for (RawRecord raw : records(images)) {
                ParsedRecord a = fast.parse(raw);
                ParsedRecord b = validator.parse(raw);
                assertThat(a.isEvent()).isEqualTo(b.isEvent());
                if (a.isEvent()) {
                    assertSameEvent(a.event(), b.event());
                    events++;
                } else {
                    assertThat(withoutPayload(a.deadLetter()))
                            .isEqualTo(withoutPayload(b.deadLetter()));
                    deadLetters++;
                }
            }
        }
        assertThat(events).as("good events on both topics").isGreaterThan(40);
        assertThat(deadLetters).isGreaterThan(50);
    }

    private static List<RawRecord> records(boolean images) throws Exception {
        List<RawRecord> records = new ArrayList<>();
        long offset = 0;
        for (HostileCorpus.BadRecord bad : HostileCorpus.records(NOW)) {
            if (bad.imagesTopic() == images) {
                records.add(new RawRecord("t", 0, offset++, NOW, bad.key(), bad.value()));
            }
        }
        for (int i = 0; i < 40; i++) {
            byte[] value =
                    images
                            ? TestTraffic.fashionEvent("good-" + i, i, NOW - i)
                            : ("{\"schema_version\":1,\"event_id\":\"v-"
                                            + i
                                            + "\",\"source\":\"api\",\"event_time\":"
                                            + (NOW - i)
                                            + ",\"features\":[0.5,-1e-3,"
                                            + i
                                            + ",3.25],\"attributes\":{\"k\":\"v\"}}")
                                    .getBytes(StandardCharsets.UTF_8);
            records.add(new RawRecord("t", 0, offset++, NOW, null, value));
        }
        return records;
    }

    private static void assertSameEvent(MonitorEvent a, MonitorEvent b) {
        assertThat(a.eventId()).isEqualTo(b.eventId());
        assertThat(a.source()).isEqualTo(b.source());
        assertThat(a.modelName()).isEqualTo(b.modelName());
        assertThat(a.eventTime()).isEqualTo(b.eventTime());
        // Records hold arrays: compared field by field, arrays by content.
        assertThat(a.input()).usingRecursiveComparison().isEqualTo(b.input());
        assertThat(a.attributes()).isEqualTo(b.attributes());
    }

    /** The dead letter's verdict: its code, message and coordinates. */
    private static String withoutPayload(DeadLetter d) {
        return d.errorCode()
                + " "
                + d.errorMessage()
                + " "
                + d.originalOffset()
                + " "
                + d.deadLetterTime();
    }
}
