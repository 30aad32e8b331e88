package org.oodmonitor.job.operators;

import java.io.Serializable;
import java.util.TreeMap;
import org.apache.flink.annotation.Internal;

/**
 * A window's score sketch in the state layout of release 0.1, kept for {@link LegacyWindowState}.
 *
 * @deprecated the sketch is {@link org.oodmonitor.job.operators.window.ScoreSketch}
 */
@Deprecated
@Internal
public final class ScoreSketch implements Serializable {

    private static final long serialVersionUID = 1L;

    final TreeMap<Integer, Long> negative = new TreeMap<>();
    final TreeMap<Integer, Long> positive = new TreeMap<>();
    long zeros;
    long count;
}
