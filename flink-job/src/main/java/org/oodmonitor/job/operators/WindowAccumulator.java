package org.oodmonitor.job.operators;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.annotation.Internal;

/**
 * An open window's totals in the state layout of release 0.1 (written with Kryo), kept with its
 * field names and types only so that {@link LegacyWindowState} can read savepoints of that layout.
 *
 * @deprecated the window state is {@link org.oodmonitor.job.operators.window.WindowState}
 */
@Deprecated
@Internal
public final class WindowAccumulator implements Serializable {

    private static final long serialVersionUID = 1L;

    long count;
    long oodCount;
    long scoreSum;
    final ScoreSketch sketch = new ScoreSketch();
    final Map<String, Long> classCounts = new TreeMap<>();
    String modelName;
    String modelVersion;
    String modelChecksum;
    String source;
}
