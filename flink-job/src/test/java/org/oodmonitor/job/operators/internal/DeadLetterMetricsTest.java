package org.oodmonitor.job.operators.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;
import org.oodmonitor.schemas.ErrorCode;

/** Dead letters are counted in all and per error code. */
class DeadLetterMetricsTest {

    @Test
    void countsInAllAndPerCode() {
        DeadLetterMetrics metrics = new DeadLetterMetrics(new UnregisteredMetricsGroup());
        metrics.count(ErrorCode.MALFORMED_JSON);
        metrics.count(ErrorCode.SCHEMA_VIOLATION);
        metrics.count(ErrorCode.MALFORMED_JSON);

        assertThat(metrics.total()).isEqualTo(3);
        assertThat(metrics.of(ErrorCode.MALFORMED_JSON)).isEqualTo(2);
        assertThat(metrics.of(ErrorCode.SCHEMA_VIOLATION)).isEqualTo(1);
        assertThat(metrics.of(ErrorCode.UNKNOWN_MODEL)).isZero();
    }
}
