package org.oodmonitor.job.labels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The label join's and quality windows' state and stream types are Flink POJOs, without Kryo. */
class LabelStateTypesTest {

    @Test
    void everyLabelTypeIsAPojoWithoutGenericFields() {
        SerializerConfigImpl noGenericTypes = new SerializerConfigImpl();
        noGenericTypes.setGenericTypes(false);
        for (Class<?> type :
                List.of(
                        ScoreFacts.class,
                        LabelFacts.class,
                        LabelledScore.class,
                        QualityStats.class)) {
            TypeInformation<?> info = TypeInformation.of(type);
            assertThat(info).as(type.getSimpleName()).isInstanceOf(PojoTypeInfo.class);
            assertThat(info.createSerializer(noGenericTypes)).isNotNull();
        }
    }

    @Test
    void aWindowsStatsComeBackEqualThroughTheirSerializer() throws Exception {
        QualityStats stats = new QualityStats();
        stats.add(
                new LabelledScore(
                        ScoreFacts.of(LabelTestData.scored("a", 5, 1, -1.5, true, 0.7)),
                        LabelFacts.of(LabelTestData.label("a", 2, 9, 3))));
        stats.add(
                new LabelledScore(
                        ScoreFacts.of(LabelTestData.scored("b", 6, 2, -1.0, false, 0.8)),
                        LabelFacts.of(LabelTestData.label("b", 2, 9, 4))));
        var serializer =
                TypeInformation.of(QualityStats.class).createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(stats, out);
        QualityStats back =
                serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(back.accuracy()).isEqualTo(stats.accuracy());
        assertThat(back.recall()).isEqualTo(stats.recall());
        assertThat(back.expectedCalibrationError()).isEqualTo(stats.expectedCalibrationError());
        assertThat(back.errorAuroc()).isEqualTo(stats.errorAuroc());
    }
}
