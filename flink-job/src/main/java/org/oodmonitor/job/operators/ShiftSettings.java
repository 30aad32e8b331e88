package org.oodmonitor.job.operators;

import java.io.Serializable;
import org.apache.flink.annotation.Internal;

/**
 * The shift detection part of the window settings.
 *
 * @param windowAlpha the false-flag budget of one window, shared by all its shift tests
 * @param expectedRunEvents mean in-distribution events between false shift alerts, at least
 * @param rateRatio how much higher than expected an OOD rate the sequential detector is tuned to
 * @param references where the served models' shift references come from
 */
@Internal
public record ShiftSettings(
        double windowAlpha, long expectedRunEvents, double rateRatio, ShiftReferences references)
        implements Serializable {}
