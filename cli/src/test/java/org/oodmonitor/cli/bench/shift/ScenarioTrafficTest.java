package org.oodmonitor.cli.bench.shift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.oodmonitor.inference.data.IdxFiles;
import org.oodmonitor.inference.data.ImageSet;
import org.oodmonitor.job.source.RawRecord;
import org.oodmonitor.schemas.ImageEvent;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.serialization.RecordReader;
import org.oodmonitor.schemas.validation.ValidationLimits;

/** The benchmark's traffic: the same from its index, round the scenarios, changed as named. */
class ScenarioTrafficTest {

    private static final Path SAMPLES = Path.of("../samples/fashion-mnist");
    private final RecordReader<ImageEvent> reader =
            new RecordReader<>(RecordType.IMAGE_EVENT, ValidationLimits.defaults());

    @Test
    void eventsGoRoundTheScenariosWithTheirOwnClock() throws Exception {
        List<ShiftScenario> scenarios = ShiftScenario.all(3);
        ScenarioTraffic traffic = new ScenarioTraffic(scenarios, 180, test());
        assertThat(traffic.events()).isEqualTo(6L * 180 * 100);
        ImageEvent first = event(traffic, 0);
        ImageEvent again = event(traffic, 0);
        assertThat(again).isEqualTo(first);
        assertThat(first.source()).isEqualTo("in-distribution");
        assertThat(event(traffic, 1).source()).isEqualTo("label-shift");
        ImageEvent later = event(traffic, 6 * 250 + 2);
        assertThat(later.source()).isEqualTo("exposure-0.7");
        assertThat(later.eventTime()).isEqualTo(ScenarioTraffic.START + 250 * 10);
    }

    @Test
    void labelShiftSendsOnlyFootwearAndExposureDarkens() throws Exception {
        ImageSet test = test();
        ScenarioTraffic traffic = new ScenarioTraffic(ShiftScenario.all(3), 180, test);
        Set<String> footwear = new java.util.HashSet<>();
        for (int i = 0; i < test.count(); i++) {
            if (Set.of(5, 7, 9).contains(test.labels()[i])) {
                footwear.add(java.util.Arrays.toString(pixels(test, i)));
            }
        }
        double before = 0;
        double after = 0;
        int n = 2000;
        for (int k = 0; k < n; k++) {
            // Scenario 1 (label shift) and 2 (exposure) before 60 s and after.
            long early = (long) k * 6;
            long late = (long) (6_000 + k) * 6;
            assertThat(footwear).contains(java.util.Arrays.toString(pixelsOf(traffic, late + 1)));
            before += mean(pixelsOf(traffic, early + 2));
            after += mean(pixelsOf(traffic, late + 2));
        }
        assertThat(after / before).isCloseTo(0.7, within(0.03));
    }

    private ImageEvent event(ScenarioTraffic traffic, long index) {
        RawRecord raw = traffic.map(index);
        return reader.read(raw.value()).value();
    }

    private byte[] pixelsOf(ScenarioTraffic traffic, long index) {
        return event(traffic, index).image().data();
    }

    private static double mean(byte[] pixels) {
        double sum = 0;
        for (byte b : pixels) {
            sum += b & 0xFF;
        }
        return sum / pixels.length;
    }

    private static byte[] pixels(ImageSet set, int index) {
        return java.util.Arrays.copyOfRange(set.pixels(), index * 784, (index + 1) * 784);
    }

    private static ImageSet test() throws Exception {
        return IdxFiles.readImages(
                SAMPLES.resolve("t10k-images-idx3-ubyte.gz"),
                SAMPLES.resolve("t10k-labels-idx1-ubyte.gz"));
    }
}
