package org.oodmonitor.schemas.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.oodmonitor.schemas.FeatureEvent;
import org.oodmonitor.schemas.ImageEvent;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.validation.ValidationLimits;

/**
 * The fast path never accepts what the validator rejects, and reads the same record where both
 * accept: over every image and feature example, valid and invalid, over hand-made edge cases at
 * each rule's boundary, and over thousands of seeded mutations of the valid examples.
 */
class FastEventReaderTest {

    private static final Path EXAMPLES = Path.of("examples");
    private static final ValidationLimits LIMITS =
            ValidationLimits.builder()
                    .maxAttributes(3)
                    .maxVectorLength(8)
                    .maxImageSide(28)
                    .maxImageBytes(2000)
                    .build();

    private final FastEventReader fast = new FastEventReader(LIMITS);
    private final RecordReader<ImageEvent> images =
            new RecordReader<>(RecordType.IMAGE_EVENT, LIMITS);
    private final RecordReader<FeatureEvent> features =
            new RecordReader<>(RecordType.FEATURE_EVENT, LIMITS);

    @Test
    void validCurrentExamplesTakeTheFastPathAndReadTheSameRecords() throws IOException {
        int fastImages = 0;
        for (byte[] record : examples("valid", "image-event")) {
            fastImages += agree(record, true) ? 1 : 0;
        }
        int fastFeatures = 0;
        for (byte[] record : examples("valid", "feature-event")) {
            fastFeatures += agree(record, false) ? 1 : 0;
        }
        assertThat(fastImages).as("png, jpeg and raw; not the previous version").isEqualTo(3);
        assertThat(fastFeatures).isEqualTo(2);
    }

    @Test
    void invalidExamplesNeverTakeTheFastPath() throws IOException {
        for (byte[] record : examples("invalid", "image-event")) {
            assertThat(fast.readImage(record)).isNull();
        }
        for (byte[] record : examples("invalid", "feature-event")) {
            assertThat(fast.readFeatures(record)).isNull();
        }
    }

    @Test
    void edgeCasesAtEachRuleAgreeWithTheValidator() {
        String raw4 = "\"encoding\":\"raw\",\"data\":\"AAECAw==\",\"height\":2,\"width\":2";
        List<String> imageCases =
                List.of(
                        image(
                                "\"event_id\":\"e\",\"source\":\"s\",\"event_time\":0",
                                raw4 + ",\"channels\":1"),
                        image(
                                "\"event_id\":\"e\",\"source\":\"s\",\"event_time\":-1",
                                raw4 + ",\"channels\":1"),
                        image(
                                "\"event_id\":\"\",\"source\":\"s\",\"event_time\":1",
                                raw4 + ",\"channels\":1"),
                        image(
                                "\"event_id\":\""
                                        + "x".repeat(256)
                                        + "\",\"source\":\"s\",\"event_time\":1",
                                raw4 + ",\"channels\":1"),
                        image(
                                "\"event_id\":\""
                                        + "x".repeat(257)
                                        + "\",\"source\":\"s\",\"event_time\":1",
                                raw4 + ",\"channels\":1"),
                        image(
                                "\"event_id\":\"e\",\"source\":\"s\",\"model_name\":null,\"event_time\":1",
                                raw4 + ",\"channels\":1"),
                        image(
                                "\"event_id\":\"e\",\"source\":\"s\",\"model_name\":\"\",\"event_time\":1",
                                raw4 + ",\"channels\":1"),
                        image(
                                "\"event_id\":\"e\",\"source\":\"s\",\"event_time\":1.0",
                                raw4 + ",\"channels\":1"),
                        image(
                                "\"event_id\":\"e\",\"source\":\"s\",\"event_time\":1",
                                raw4 + ",\"channels\":3"),
                        image(
                                "\"event_id\":\"e\",\"source\":\"s\",\"event_time\":1",
                                raw4 + ",\"channels\":2"),
                        image("\"event_id\":\"e\",\"source\":\"s\",\"event_time\":1", raw4),
                        image(
                                "\"event_id\":\"e\",\"source\":\"s\",\"event_time\":1,\"attributes\":{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\"}",
                                raw4 + ",\"channels\":1"),
                        image(
                                "\"event_id\":\"e\",\"source\":\"s\",\"event_time\":1,\"attributes\":{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\",\"d\":\"4\"}",
                                raw4 + ",\"channels\":1"),
                        image(
                                "\"event_id\":\"e\",\"source\":\"s\",\"event_time\":1,\"attributes\":{\"a\":null}",
                                raw4 + ",\"channels\":1"),
                        image(
                                "\"event_id\":\"e\\ud800\",\"source\":\"s\",\"event_time\":1",
                                raw4 + ",\"channels\":1"),
                        image(
                                "\"event_id\":\"e\\ud83d\\ude00\",\"source\":\"s\",\"event_time\":1",
                                raw4 + ",\"channels\":1"),
                        image(
                                "\"event_id\":\"e\",\"event_id\":\"f\",\"source\":\"s\",\"event_time\":1",
                                raw4 + ",\"channels\":1"),
                        image(
                                "\"event_id\":\"e\",\"source\":\"s\",\"event_time\":1,\"extra\":1",
                                raw4 + ",\"channels\":1"),
                        image(
                                "\"event_id\":\"e\",\"source\":\"s\",\"event_time\":1",
                                "\"encoding\":\"raw\",\"data\":\"AAEC\",\"height\":2,\"width\":2,\"channels\":1"),
                        image(
                                "\"event_id\":\"e\",\"source\":\"s\",\"event_time\":1",
                                "\"encoding\":\"raw\",\"data\":\"AA"
                                        + " E\",\"height\":2,\"width\":2,\"channels\":1"),
                        image(
                                "\"event_id\":\"e\",\"source\":\"s\",\"event_time\":1",
                                "\"encoding\":\"png\",\"data\":\"AAECAw==\""),
                        image(
                                "\"event_id\":\"e\",\"source\":\"s\",\"event_time\":1",
                                "\"encoding\":\"raw\",\"data\":\"AAECAw==\",\"height\":29,\"width\":1,\"channels\":1"),
                        "{\"schema_version\":2}",
                        "[]",
                        "{\"schema_version\":2,\"event_id\":\"e\"} {}");
        for (String record : imageCases) {
            agree(record.getBytes(StandardCharsets.UTF_8), true);
        }
        List<String> featureCases =
                List.of(
                        features("[1,2.5,-3e2]"),
                        features("[]"),
                        features("[1,2,3,4,5,6,7,8]"),
                        features("[1,2,3,4,5,6,7,8,9]"),
                        features("[NaN]"),
                        features("[1e39]"),
                        features("[1e308]"),
                        features("[9223372036854775807]"),
                        features("[92233720368547758070]"),
                        features("[0.1, 16777217]"),
                        features("[\"1\"]"),
                        features("[[1]]"));
        for (String record : featureCases) {
            agree(record.getBytes(StandardCharsets.UTF_8), false);
        }
    }

    @Test
    void seededMutationsOfValidRecordsNeverMakeTheFastPathSayYesWhereTheValidatorSaysNo()
            throws IOException {
        Random random = new Random(20261206L);
        List<byte[]> seeds = new ArrayList<>();
        seeds.addAll(examples("valid", "feature-event"));
        int checked = 0;
        int fastAccepted = 0;
        for (int round = 0; round < 3000; round++) {
            boolean image = round % 2 == 0;
            byte[] seed = image ? smallRawImage() : seeds.get(random.nextInt(seeds.size()));
            byte[] mutated = mutate(seed, random);
            fastAccepted += agree(mutated, image) ? 1 : 0;
            checked++;
        }
        assertThat(checked).isEqualTo(3000);
        assertThat(fastAccepted).as("some mutants stay valid").isPositive();
    }

    /**
     * Asserts that the fast path accepts only what the validator accepts, as the same record;
     * returns whether the fast path accepted.
     */
    private boolean agree(byte[] record, boolean image) {
        String text = new String(record, StandardCharsets.UTF_8);
        if (image) {
            ImageEvent quick = fast.readImage(record);
            ReadResult<ImageEvent> full = images.read(record);
            if (quick != null) {
                assertThat(full.isOk()).as("validator accepts %s", text).isTrue();
                assertThat(quick).as(text).isEqualTo(full.value());
            }
            return quick != null;
        }
        FeatureEvent quick = fast.readFeatures(record);
        ReadResult<FeatureEvent> full = features.read(record);
        if (quick != null) {
            assertThat(full.isOk()).as("validator accepts %s", text).isTrue();
            assertThat(quick).as(text).isEqualTo(full.value());
        }
        return quick != null;
    }

    private static String image(String fields, String image) {
        return "{\"schema_version\":2," + fields + ",\"image\":{" + image + "}}";
    }

    private static String features(String vector) {
        return "{\"schema_version\":1,\"event_id\":\"e\",\"source\":\"s\",\"event_time\":1,"
                + "\"features\":"
                + vector
                + "}";
    }

    private static byte[] smallRawImage() {
        return image(
                        "\"event_id\":\"e-1\",\"source\":\"cam\",\"model_name\":\"m\","
                                + "\"event_time\":1767225600000,\"attributes\":{\"k\":\"v\"}",
                        "\"encoding\":\"raw\",\"data\":\"AAECAwQFBgcICQ==\",\"height\":2,"
                                + "\"width\":5,\"channels\":1")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** One to three random edits of bytes, with a bias towards JSON's own characters. */
    private static byte[] mutate(byte[] seed, Random random) {
        byte[] alphabet =
                "{}[]\":,0123456789-.eE nulltruefalseNaN\\u".getBytes(StandardCharsets.UTF_8);
        byte[] out = seed.clone();
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits; i++) {
            int at = random.nextInt(out.length);
            switch (random.nextInt(3)) {
                case 0 -> out[at] = alphabet[random.nextInt(alphabet.length)];
                case 1 -> {
                    byte[] shorter = new byte[out.length - 1];
                    System.arraycopy(out, 0, shorter, 0, at);
                    System.arraycopy(out, at + 1, shorter, at, out.length - at - 1);
                    out = shorter.length == 0 ? out : shorter;
                }
                default -> {
                    byte[] longer = new byte[out.length + 1];
                    System.arraycopy(out, 0, longer, 0, at);
                    longer[at] = alphabet[random.nextInt(alphabet.length)];
                    System.arraycopy(out, at, longer, at + 1, out.length - at);
                    out = longer;
                }
            }
        }
        return out;
    }

    private static List<byte[]> examples(String kind, String type) throws IOException {
        List<byte[]> records = new ArrayList<>();
        try (Stream<Path> files = Files.list(EXAMPLES.resolve(kind).resolve(type))) {
            for (Path file : files.sorted().toList()) {
                records.add(Files.readAllBytes(file));
            }
        }
        return records;
    }
}
