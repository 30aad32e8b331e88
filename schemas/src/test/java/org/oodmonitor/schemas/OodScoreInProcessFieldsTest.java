package org.oodmonitor.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.oodmonitor.schemas.serialization.RecordReader;
import org.oodmonitor.schemas.serialization.RecordWriter;
import org.oodmonitor.schemas.validation.ValidationLimits;

/** The shadow verdict and model location a score carries inside the job are never written. */
class OodScoreInProcessFieldsTest {

    private static OodScore score() {
        return new OodScore(
                OodScore.VERSION,
                "e1",
                "cam",
                1000,
                "fashion",
                "1.1.0",
                "b".repeat(64),
                3,
                "Dress",
                2.5,
                -2.5,
                -2.1,
                true,
                null,
                1001,
                Map.of("k", "v"),
                0.01,
                0.05,
                List.of("entropic"),
                null);
    }

    @Test
    void theyStayOutOfTheRecordAndAreAbsentWhenReadBack() {
        OodScore plain = score();
        OodScore carried =
                plain.withShadow(new ShadowVerdict("1.2.0", "c".repeat(64), false))
                        .withModelLocation("/models/fashion-1.1.0")
                        .withSource("cam");
        RecordWriter<OodScore> writer = new RecordWriter<>(RecordType.OOD_SCORE);

        byte[] written = writer.write(carried);

        assertThat(written).isEqualTo(writer.write(plain));
        assertThat(new String(written, StandardCharsets.UTF_8))
                .doesNotContain("shadow")
                .doesNotContain("location");
        OodScore read =
                new RecordReader<>(RecordType.OOD_SCORE, ValidationLimits.defaults())
                        .read(written)
                        .value();
        assertThat(read).isEqualTo(plain);
        assertThat(carried.shadow().modelVersion()).isEqualTo("1.2.0");
        assertThat(carried.modelLocation()).isEqualTo("/models/fashion-1.1.0");
    }
}
