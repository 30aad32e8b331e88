package org.oodmonitor.cli.job;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.oodmonitor.job.replay.OffsetRange;
import org.oodmonitor.job.replay.ReplayTarget;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli's converters for {@code replay}'s values, each giving a one-line reason. */
final class ReplayConverters {

    private ReplayConverters() {}

    /** ISO-8601 with a zone, or epoch milliseconds. */
    static final class Time implements ITypeConverter<Long> {
        @Override
        public Long convert(String text) {
            return millis(text);
        }
    }

    /** {@code TOPIC:PARTITION:START-END}. */
    static final class Offsets implements ITypeConverter<OffsetRange> {
        @Override
        public OffsetRange convert(String text) {
            try {
                return OffsetRange.parse(text.strip());
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code kafka:PREFIX} or {@code dir:PATH}. */
    static final class Target implements ITypeConverter<ReplayTarget> {
        @Override
        public ReplayTarget convert(String text) {
            try {
                return ReplayTarget.parse(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code batch} or {@code streaming}, in any case. */
    static final class Mode implements ITypeConverter<RuntimeExecutionMode> {
        @Override
        public RuntimeExecutionMode convert(String text) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "batch" -> RuntimeExecutionMode.BATCH;
                case "streaming" -> RuntimeExecutionMode.STREAMING;
                default ->
                        throw new TypeConversionException(
                                "--mode must be batch or streaming, was '" + text + "'");
            };
        }
    }

    /**
     * {@code text} as epoch milliseconds: ISO-8601 with a zone, or the number itself.
     *
     * @throws TypeConversionException naming the two forms
     */
    static long millis(String text) {
        if (text.matches("-?\\d+")) {
            return Long.parseLong(text);
        }
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toInstant().toEpochMilli();
            } catch (DateTimeParseException again) {
                throw new TypeConversionException(
                        "'"
                                + text
                                + "' is neither ISO-8601 with a zone (2026-11-22T10:00:00Z)"
                                + " nor epoch milliseconds");
            }
        }
    }
}
