package org.oodmonitor.job.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.util.OptionalFailure;
import org.junit.jupiter.api.Test;
import org.oodmonitor.job.operators.SplitDeadLettersFunction;
import org.oodmonitor.schemas.DeadLetter;
import org.oodmonitor.schemas.ErrorCode;

/** The replay's safety net: a record read that came back as neither score nor dead letter. */
class ReplayJobTest {

    @Test
    void aRecordThatDidNotComeBackFailsTheReplayWithBothCounts() {
        ReplayResult oneLetter =
                new ReplayResult(List.of(), List.of(), List.of(letter()), 0, List.of());

        assertThat(ReplayJob.requireNothingLost(execution(1L), oneLetter, "brought back"))
                .isSameAs(oneLetter);
        assertThatThrownBy(() -> ReplayJob.requireNothingLost(execution(2L), oneLetter, "wrote"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the replay read 2 records but wrote 1 scores and dead letters");
    }

    private static JobExecutionResult execution(long recordsRead) {
        return new JobExecutionResult(
                new JobID(),
                1,
                Map.of(SplitDeadLettersFunction.RECORDS_READ, OptionalFailure.of(recordsRead)));
    }

    private static DeadLetter letter() {
        return DeadLetter.of(
                "images",
                0,
                5L,
                1000L,
                null,
                new byte[] {1},
                10,
                ErrorCode.MALFORMED_JSON,
                "bad",
                1);
    }
}
