package org.oodmonitor.job.operators;

import java.io.Serializable;
import java.util.TreeMap;
import org.apache.flink.annotation.Internal;

/**
 * A window's shadow agreement counts in the state layout of release 0.1, kept for {@link
 * LegacyWindowState}.
 *
 * @deprecated the counts are {@link org.oodmonitor.job.operators.window.ShadowCounts}
 */
@Deprecated
@Internal
public final class ShadowAgreementCounts implements Serializable {

    private static final long serialVersionUID = 1L;

    final TreeMap<String, long[]> counts = new TreeMap<>();
}
