package org.oodmonitor.job.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.oodmonitor.job.config.KafkaSettings;

/**
 * Checks before a start that the job's output topics exist: an exactly-once sink that first writes
 * to a missing topic on a broker that does not create topics waits for it and stalls every
 * checkpoint, so a missing topic is an error at the command line instead.
 */
@PublicEvolving
public final class OutputTopics {

    private static final long TIMEOUT_SECONDS = 15;
    private static final int RETRIES = 3;
    private static final long RETRY_PAUSE_MS = 1000;

    private OutputTopics() {}

    /**
     * The output topics of {@code kafka} that the broker does not have, sorted; empty when all
     * exist or when the broker cannot be asked (the job's own errors then say more).
     */
    public static List<String> missing(KafkaSettings kafka) {
        Properties props = kafka.connectionProperties();
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        try (Admin admin = Admin.create(props)) {
            List<String> missing = missing(admin, kafka);
            // A topic created a moment ago may not be in the metadata a broker answers with yet.
            for (int retry = 0; retry < RETRIES && !missing.isEmpty(); retry++) {
                Thread.sleep(RETRY_PAUSE_MS);
                missing = missing(admin, kafka);
            }
            return missing;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    private static List<String> missing(Admin admin, KafkaSettings kafka)
            throws ExecutionException, TimeoutException, InterruptedException {
        Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<String> missing = new ArrayList<>();
        for (String topic : kafka.outputTopics()) {
            if (!existing.contains(topic)) {
                missing.add(topic);
            }
        }
        missing.sort(null);
        return missing;
    }
}
