package org.oodmonitor.job.operators;

import java.io.Serializable;
import java.util.TreeMap;
import org.apache.flink.annotation.Internal;

/**
 * A window's shift counts in the state layout of release 0.1, kept for {@link LegacyWindowState}.
 *
 * @deprecated the counts are {@link org.oodmonitor.job.operators.window.ShiftCounts}
 */
@Deprecated
@Internal
public final class WindowShiftCounts implements Serializable {

    private static final long serialVersionUID = 1L;

    final TreeMap<Integer, Long> classes = new TreeMap<>();
    final TreeMap<String, long[]> bins = new TreeMap<>();
    String checksum;
}
