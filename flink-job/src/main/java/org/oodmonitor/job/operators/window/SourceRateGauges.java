package org.oodmonitor.job.operators.window;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.oodmonitor.schemas.text.Printable;

/**
 * The {@code oodRate} gauge (or another rate's) per source, bounded: the first {@code maxGauges}
 * sources a subtask emits windows for get a gauge of their own under a {@code source} group (a
 * {@code source} label in Prometheus), later ones share the gauge of source {@code other}, since
 * Flink cannot unregister a gauge while the task runs.
 */
@Internal
public final class SourceRateGauges {

    private final MetricGroup group;
    private final int maxGauges;
    private final String other;
    private final String name;
    // Written by the task thread, read by the metric reporter's thread through the gauges.
    private final Map<String, Double> rates = new ConcurrentHashMap<>();
    private volatile double current;

    /**
     * @param other the source name of the shared gauge
     */
    public SourceRateGauges(MetricGroup group, int maxGauges, String other) {
        this(group, maxGauges, other, "oodRate", "currentOodRate");
    }

    /**
     * Gauges of another rate per source.
     *
     * @param name the gauge of each source
     * @param currentName the gauge of the latest window of any source
     */
    public SourceRateGauges(
            MetricGroup group, int maxGauges, String other, String name, String currentName) {
        this.group = group;
        this.maxGauges = maxGauges;
        this.other = other;
        this.name = name;
        group.gauge(currentName, (Gauge<Double>) () -> current);
    }

    /** Publishes the rate of {@code source}'s latest window. */
    public void publish(String source, double rate) {
        current = rate;
        String gauge = rates.containsKey(source) || rates.size() < maxGauges ? source : other;
        if (rates.put(gauge, rate) == null) {
            group.addGroup("source", Printable.of(gauge))
                    .gauge(name, (Gauge<Double>) () -> rates.get(gauge));
        }
    }

    /** How many {@code oodRate} gauges were registered. */
    public int count() {
        return rates.size();
    }
}
