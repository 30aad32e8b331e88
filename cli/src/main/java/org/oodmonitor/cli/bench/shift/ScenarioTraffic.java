package org.oodmonitor.cli.bench.shift;

import java.io.Serializable;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.flink.api.common.functions.MapFunction;
import org.oodmonitor.inference.data.ImageSet;
import org.oodmonitor.inference.data.NoiseImages;
import org.oodmonitor.job.source.RawRecord;
import org.oodmonitor.schemas.ImageEvent;
import org.oodmonitor.schemas.ImagePayload;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.serialization.RecordWriter;

/**
 * Makes event {@code i} of the benchmark from its index alone, so that the traffic is the same on
 * every run and needs no memory beyond the image pool: events go round the scenarios, each sending
 * one event every 10 ms of event time, from a seeded choice of test images changed as its scenario
 * says.
 */
final class ScenarioTraffic implements MapFunction<Long, RawRecord>, Serializable {

    private static final long serialVersionUID = 1L;

    /** Event time of the first events: 2026-01-01T00:00:00Z. */
    static final long START = 1_767_225_600_000L;

    private static final int SIDE = 28;
    private static final int PIXELS = SIDE * SIDE;
    private static final Set<Integer> FOOTWEAR = Set.of(5, 7, 9);

    private final List<ShiftScenario> scenarios;
    private final int durationSeconds;
    private final byte[] pixels;
    private final int images;
    private final int[] footwear;
    private final byte[] noise;
    private transient RecordWriter<ImageEvent> writer;

    ScenarioTraffic(List<ShiftScenario> scenarios, int durationSeconds, ImageSet test) {
        this.scenarios = List.copyOf(scenarios);
        this.durationSeconds = durationSeconds;
        this.pixels = test.pixels();
        this.images = test.count();
        this.footwear = test.indicesOf(FOOTWEAR);
        if (footwear.length == 0) {
            throw new IllegalArgumentException(
                    "the test images hold no sandals, sneakers or ankle boots for the label shift");
        }
        this.noise = NoiseImages.uniform(1000, SIDE, SIDE, 99).pixels();
    }

    /** How many events the whole benchmark sends. */
    long events() {
        return (long) scenarios.size() * durationSeconds * ShiftScenario.EVENTS_PER_SECOND;
    }

    /** The event time of the {@code k}-th event of a scenario. */
    static long time(long k) {
        return START + k * (1000 / ShiftScenario.EVENTS_PER_SECOND);
    }

    @Override
    public RawRecord map(Long index) {
        int s = (int) (index % scenarios.size());
        long k = index / scenarios.size();
        ShiftScenario scenario = scenarios.get(s);
        SplittableRandom random = new SplittableRandom(index * 0x9E3779B97F4A7C15L + 17);
        byte[] image = image(scenario, k, random);
        if (writer == null) {
            writer = new RecordWriter<>(RecordType.IMAGE_EVENT);
        }
        byte[] value =
                writer.write(
                        ImageEvent.of(
                                scenario.name() + "-" + k,
                                scenario.name(),
                                null,
                                time(k),
                                ImagePayload.raw(image, SIDE, SIDE, 1),
                                null));
        return RawRecord.of("shift-bench", index, value);
    }

    private byte[] image(ShiftScenario scenario, long k, SplittableRandom random) {
        double second = (double) k / ShiftScenario.EVENTS_PER_SECOND;
        boolean changed =
                scenario.changes()
                        && second >= scenario.changeSecond()
                        && (scenario.endSecond() < 0 || second < scenario.endSecond());
        int index = random.nextInt(images);
        if (!changed) {
            return copy(pixels, index);
        }
        return switch (scenario.kind()) {
            case LABEL_SHIFT -> copy(pixels, footwear[random.nextInt(footwear.length)]);
            case EXPOSURE -> scaled(copy(pixels, index), 0.7);
            case NEAR_OOD_MIX ->
                    random.nextDouble() < 0.05 ? rotated(copy(pixels, index)) : copy(pixels, index);
            case GRADUAL_NOISE -> {
                double share =
                        0.30
                                * (second - scenario.changeSecond())
                                / (scenario.endSecond() - scenario.changeSecond());
                yield random.nextDouble() < share ? noise(random) : copy(pixels, index);
            }
            case NOISE_BURST -> random.nextDouble() < 0.30 ? noise(random) : copy(pixels, index);
            case NONE -> copy(pixels, index);
        };
    }

    private byte[] noise(SplittableRandom random) {
        return copy(noise, random.nextInt(noise.length / PIXELS));
    }

    private static byte[] copy(byte[] from, int index) {
        byte[] image = new byte[PIXELS];
        System.arraycopy(from, index * PIXELS, image, 0, PIXELS);
        return image;
    }

    private static byte[] scaled(byte[] image, double factor) {
        for (int i = 0; i < image.length; i++) {
            image[i] = (byte) Math.round((image[i] & 0xFF) * factor);
        }
        return image;
    }

    /** The image turned 90 degrees clockwise. */
    private static byte[] rotated(byte[] image) {
        byte[] out = new byte[PIXELS];
        for (int r = 0; r < SIDE; r++) {
            for (int c = 0; c < SIDE; c++) {
                out[c * SIDE + (SIDE - 1 - r)] = image[r * SIDE + c];
            }
        }
        return out;
    }
}
