package org.oodmonitor.schemas.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.validation.ValidationLimits;

/** How records are written: characters outside the BMP as UTF-8, not as escaped pairs. */
class RecordWriterTest {

    /**
     * #19 B1: written as two 6-byte escapes, each emoji made an output record three times its
     * input. Fails without JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8.
     */
    @Test
    void anEmojiIsWrittenAsItsFourUtf8BytesAndReadBackTheSame() {
        String emoji = "\ud83d\ude00".repeat(1000);
        OodScore score =
                new OodScore(
                        OodScore.VERSION,
                        "e",
                        "camera",
                        1L,
                        "m",
                        "1",
                        "f".repeat(64),
                        0,
                        "Bag",
                        1.0,
                        -1.0,
                        -2.0,
                        false,
                        null,
                        1L,
                        Map.of(emoji, "v"),
                        null,
                        null,
                        null,
                        null);

        byte[] bytes = new RecordWriter<>(RecordType.OOD_SCORE).writeUnchecked(score);

        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(text).contains(emoji).doesNotContain("\\ud83d").doesNotContain("\\uD83D");
        assertThat(bytes.length).isLessThan(emoji.getBytes(StandardCharsets.UTF_8).length + 400);
        OodScore back =
                new RecordReader<>(RecordType.OOD_SCORE, ValidationLimits.defaults())
                        .read(bytes)
                        .value();
        assertThat(back.attributes()).containsOnlyKeys(List.of(emoji));
    }
}
