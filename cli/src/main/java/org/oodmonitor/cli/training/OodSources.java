package org.oodmonitor.cli.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.oodmonitor.training.data.OodSource;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Turns the {@code --ood NAME=PATH} map option into checked OOD sources. */
final class OodSources {

    private OodSources() {}

    /**
     * @throws ParameterException (a usage error) for an empty name or path, unknown noise or a bad
     *     noise count
     */
    static List<OodSource> of(Map<String, String> specs, CommandSpec spec) {
        List<OodSource> sources = new ArrayList<>();
        specs.forEach(
                (name, path) -> {
                    try {
                        sources.add(OodSource.of(name, path));
                    } catch (IllegalArgumentException e) {
                        throw new ParameterException(
                                spec.commandLine(),
                                "Invalid value for option '--ood': " + e.getMessage());
                    }
                });
        return sources;
    }
}
