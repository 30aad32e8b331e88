package org.oodmonitor.job.operators.window;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.annotation.Internal;
import org.oodmonitor.schemas.ShadowAgreement;
import org.oodmonitor.schemas.ShadowVerdict;

/**
 * A window's counts of how the live verdicts compare with a shadow version's on the same events,
 * per shadow version: counts only, so any order of the same events gives the same counts. A Flink
 * POJO, so that window state needs no Kryo.
 */
@Internal
public final class ShadowCounts {

    static final int EVENTS = 0;
    static final int BOTH = 1;
    static final int LIVE_ONLY = 2;
    static final int SHADOW_ONLY = 3;

    /** Counts (events, both OOD, live only, shadow only) by shadow version and checksum. */
    public Map<String, long[]> counts = new HashMap<>();

    /** The key of a shadow version's counts. */
    static String keyOf(String modelVersion, String modelChecksum) {
        return modelVersion + "\n" + modelChecksum;
    }

    /** Counts the live verdict {@code liveOod} against the {@code shadow} version's verdict. */
    public void add(boolean liveOod, ShadowVerdict shadow) {
        long[] c =
                counts.computeIfAbsent(
                        keyOf(shadow.modelVersion(), shadow.modelChecksum()), k -> new long[4]);
        c[EVENTS]++;
        if (liveOod && shadow.ood()) {
            c[BOTH]++;
        } else if (liveOod) {
            c[LIVE_ONLY]++;
        } else if (shadow.ood()) {
            c[SHADOW_ONLY]++;
        }
    }

    /** The window record's {@code shadow_agreement}: one entry per shadow version, or null. */
    public List<ShadowAgreement> agreements() {
        if (counts.isEmpty()) {
            return null;
        }
        List<ShadowAgreement> out = new ArrayList<>(counts.size());
        for (Map.Entry<String, long[]> e : new TreeMap<>(counts).entrySet()) {
            int split = e.getKey().indexOf('\n');
            String checksum = e.getKey().substring(split + 1);
            long[] c = e.getValue();
            out.add(
                    new ShadowAgreement(
                            e.getKey().substring(0, split),
                            "null".equals(checksum) ? null : checksum,
                            c[EVENTS],
                            c[BOTH],
                            c[LIVE_ONLY],
                            c[SHADOW_ONLY]));
        }
        return out;
    }
}
