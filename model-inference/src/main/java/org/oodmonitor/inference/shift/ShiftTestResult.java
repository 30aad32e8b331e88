package org.oodmonitor.inference.shift;

/**
 * The outcome of one window test against its reference.
 *
 * @param test what was tested: {@code class_mix} or a statistic's name
 * @param statistic the chi-square statistic
 * @param degreesOfFreedom its degrees of freedom, after pooling sparse categories
 * @param pValue the probability of a statistic at least as large without a shift
 */
public record ShiftTestResult(String test, double statistic, int degreesOfFreedom, double pValue) {}
