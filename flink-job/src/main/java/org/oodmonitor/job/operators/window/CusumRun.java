package org.oodmonitor.job.operators.window;

import org.apache.flink.annotation.Internal;

/**
 * One key's sequential detector state: the evidence since the estimated change point and what it
 * was gathered from. A Flink POJO, so that the detector's state needs no Kryo.
 */
@Internal
public final class CusumRun {
    public double evidence;
    public long changePoint;
    public long events;
    public long ood;
    public long windows;
    public long lastWindowEnd;
}
