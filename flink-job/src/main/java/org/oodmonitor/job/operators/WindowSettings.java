package org.oodmonitor.job.operators;

import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.annotation.Internal;

/**
 * The windowing operators' part of the pipeline settings, passed to them whole; made and checked by
 * {@code PipelineSettings} (its {@code windows()}).
 *
 * @param size event-time window size
 * @param expectedOodRate OOD rate expected at the calibrated threshold (1 - TPR)
 * @param falseAlarmProbability p-value below which a window is flagged
 * @param maxOodRate fixed rate above which a window is flagged too, or null
 * @param maxKeys sources with windows (and gauges) of their own, per model and window
 * @param shift the shift tests and the sequential shift detector
 */
@Internal
public record WindowSettings(
        Duration size,
        double expectedOodRate,
        double falseAlarmProbability,
        Double maxOodRate,
        int maxKeys,
        ShiftSettings shift)
        implements Serializable {}
