package org.oodmonitor.cli.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options every bench run that starts the monitor job shares: the event kind and job options.
 */
final class BenchJobOptions {

    @Option(
            names = "--kind",
            paramLabel = "KIND",
            defaultValue = "images",
            description = "images or features (default: ${DEFAULT-VALUE}).")
    String kind;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description =
                    "A job option for the monitor job's runs (see 'ood-monitor run --help'), for"
                            + " example --set ood.batch.max-delay=20ms; repeatable.")
    Map<String, String> settings = new LinkedHashMap<>();

    /** The job options, keys and values trimmed. */
    Map<String, String> trimmedSettings() {
        Map<String, String> pairs = new LinkedHashMap<>();
        settings.forEach((key, value) -> pairs.put(key.trim(), value.trim()));
        return pairs;
    }
}
