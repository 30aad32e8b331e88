package org.oodmonitor.cli.demo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.oodmonitor.kafka.TopicAdmin;

/** The demo's topic names and partition counts, one topic per record type. */
final class DemoTopics {

    static final String IMAGES = "ood.events.images";
    static final String FEATURES = "ood.events.features";
    static final String SCORES = "ood.scores";
    static final String ALERTS = "ood.alerts";
    static final String WINDOWS = "ood.windows";
    static final String DEAD_LETTER = "ood.dead-letter";
    static final String SHIFTS = "ood.shifts";
    static final String CONTROL = "ood.control";
    static final String CONTROL_STATUS = "ood.control-status";
    static final String SHADOW_SCORES = "ood.shadow-scores";
    static final String LABELS = "ood.labels";
    static final String QUALITY = "ood.quality";

    private DemoTopics() {}

    /**
     * Creates the topics that do not exist yet; the input topics with {@link
     * TopicAdmin#INPUT_TOPIC_CONFIGS}.
     */
    static void create(String servers, Properties clients) {
        try (TopicAdmin admin = new TopicAdmin(servers, clients)) {
            admin.createTopics(
                    Map.of(IMAGES, 3, FEATURES, 3, CONTROL, 1, LABELS, 1),
                    TopicAdmin.INPUT_TOPIC_CONFIGS);
            admin.createTopics(outputs());
        }
    }

    static Map<String, Integer> outputs() {
        Map<String, Integer> topics = new LinkedHashMap<>();
        topics.put(SCORES, 3);
        topics.put(ALERTS, 3);
        topics.put(WINDOWS, 1);
        topics.put(DEAD_LETTER, 1);
        topics.put(SHIFTS, 1);
        topics.put(CONTROL_STATUS, 1);
        topics.put(SHADOW_SCORES, 3);
        topics.put(QUALITY, 1);
        return topics;
    }
}
