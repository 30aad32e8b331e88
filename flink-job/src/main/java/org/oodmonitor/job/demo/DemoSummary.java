package org.oodmonitor.job.demo;

import java.util.Map;
import java.util.TreeMap;
import org.oodmonitor.schemas.RecordType;

/** Counts of the demo's valid and dead-lettered records per record type. */
final class DemoSummary {

    private final Map<String, Integer> valid = new TreeMap<>();
    private final Map<String, Integer> deadLettered = new TreeMap<>();

    void valid(RecordType<?> type) {
        valid.merge(type.name(), 1, Integer::sum);
    }

    void deadLettered(RecordType<?> type) {
        deadLettered.merge(type.name(), 1, Integer::sum);
    }

    int validCount() {
        return valid.values().stream().mapToInt(Integer::intValue).sum();
    }

    int deadLetterCount() {
        return deadLettered.values().stream().mapToInt(Integer::intValue).sum();
    }

    Map<String, Integer> validByType() {
        return valid;
    }

    Map<String, Integer> deadLetteredByType() {
        return deadLettered;
    }

    /** The one-line summary the demo ends with. */
    String line() {
        return "records: "
                + (validCount() + deadLetterCount())
                + ", valid: "
                + validCount()
                + " "
                + valid
                + ", dead letters: "
                + deadLetterCount()
                + " "
                + deadLettered;
    }
}
