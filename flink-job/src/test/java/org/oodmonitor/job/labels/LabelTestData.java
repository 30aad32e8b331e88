package org.oodmonitor.job.labels;

import java.nio.charset.StandardCharsets;
import org.oodmonitor.job.scoring.ScoredEvent;
import org.oodmonitor.job.source.RawRecord;
import org.oodmonitor.schemas.LabelEvent;
import org.oodmonitor.schemas.OodScore;

/** Scores and labels for the label tests. */
final class LabelTestData {

    private LabelTestData() {}

    static ScoredEvent scored(
            String id, long time, int predicted, double score, boolean ood, double confidence) {
        OodScore s =
                new OodScore(
                        OodScore.VERSION,
                        id,
                        "cam",
                        time,
                        "fashion",
                        "1.0.0",
                        "f".repeat(64),
                        predicted,
                        "class-" + predicted,
                        -score,
                        score,
                        -1.0,
                        ood,
                        null,
                        time,
                        null,
                        null,
                        null,
                        null,
                        null);
        return new ScoredEvent(s, null, null, null, confidence);
    }

    static LabelRecord label(String id, int trueClass, long labelTime, long offset) {
        LabelEvent l = LabelEvent.ofClass(id, "cam", trueClass, labelTime);
        return new LabelRecord(
                l,
                RawRecord.of(
                        "labels",
                        offset,
                        ("{\"event_id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8)));
    }
}
