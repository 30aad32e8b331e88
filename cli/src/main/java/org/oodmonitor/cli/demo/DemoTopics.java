package org.oodmonitor.cli.demo;

import java.util.LinkedHashMap;
import java.util.Map;

/** The demo's topic names and partition counts, one topic per record type. */
final class DemoTopics {

    static final String IMAGES = "ood.events.images";
    static final String FEATURES = "ood.events.features";
    static final String SCORES = "ood.scores";
    static final String ALERTS = "ood.alerts";
    static final String WINDOWS = "ood.windows";
    static final String DEAD_LETTER = "ood.dead-letter";

    private DemoTopics() {}

    static Map<String, Integer> partitions() {
        Map<String, Integer> topics = new LinkedHashMap<>();
        topics.put(IMAGES, 3);
        topics.put(FEATURES, 3);
        topics.put(SCORES, 3);
        topics.put(ALERTS, 3);
        topics.put(WINDOWS, 1);
        topics.put(DEAD_LETTER, 1);
        return topics;
    }
}
