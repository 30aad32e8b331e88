package org.oodmonitor.schemas;

import java.io.Serializable;

/**
 * One test of a window against its model's shift reference, as an {@link OodRateWindow} lists it.
 *
 * @param test {@code class_mix}, {@code mds}, {@code entropic} or a pixel statistic
 * @param statistic the two-sample chi-square statistic
 * @param degreesOfFreedom its degrees of freedom after pooling sparse categories
 * @param pValue the probability of a statistic this large without a shift
 * @param fired whether it fired under Holm's correction over the window's tests
 */
public record ShiftTest(
        String test, double statistic, int degreesOfFreedom, double pValue, boolean fired)
        implements Serializable {}
