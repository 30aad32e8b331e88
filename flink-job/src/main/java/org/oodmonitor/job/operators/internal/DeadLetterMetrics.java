package org.oodmonitor.job.operators.internal;

import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.oodmonitor.schemas.ErrorCode;

/**
 * An operator's dead-letter counters: {@code deadLetters} in all, and {@code deadLetters} under a
 * {@code code} group per error code (a {@code code} label in Prometheus), registered on first use.
 */
public final class DeadLetterMetrics {

    private final MetricGroup group;
    private final Counter all;
    private final Map<ErrorCode, Counter> byCode = new EnumMap<>(ErrorCode.class);

    public DeadLetterMetrics(MetricGroup group) {
        this.group = group;
        this.all = group.counter("deadLetters");
    }

    /** Counts one dead letter of {@code code}. */
    public void count(ErrorCode code) {
        all.inc();
        byCode.computeIfAbsent(code, c -> group.addGroup("code", c.name()).counter("deadLetters"))
                .inc();
    }

    /** Dead letters so far, in all. */
    public long total() {
        return all.getCount();
    }

    /** Dead letters so far with {@code code}. */
    public long of(ErrorCode code) {
        Counter c = byCode.get(code);
        return c == null ? 0 : c.getCount();
    }
}
