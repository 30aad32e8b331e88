package org.oodmonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's table of launcher commands against the launcher and each command's own help: the
 * same commands, and every option the README names appears in that command's {@code --help}.
 */
class ReadmeCommandsITCase {

    private static final Pattern ROW = Pattern.compile("^\\| `(\\w+)([^`]*)` \\|");
    private static final Pattern OPTION = Pattern.compile("--[a-z][a-z-]*");

    @Test
    void readmeTableMatchesTheLauncherAndEveryCommandsHelp() throws Exception {
        Map<String, Set<String>> readme = readmeCommands(Path.of("../README.md"));
        Set<String> launcher = OodMonitorCommand.commandLine().getSubcommands().keySet();
        assertThat(readme).isNotEmpty();
        assertThat(readme.keySet())
                .as("commands in the README table and in the ood-monitor command line")
                .containsExactlyInAnyOrderElementsOf(launcher);

        for (var command : readme.entrySet()) {
            String help = help(command.getKey());
            for (String option : command.getValue()) {
                assertThat(help)
                        .as("'%s --help' names %s, as the README says", command.getKey(), option)
                        .contains(option);
            }
        }
    }

    /** Command name to the options its README row names. */
    private static Map<String, Set<String>> readmeCommands(Path readme) throws IOException {
        List<String> lines = Files.readAllLines(readme);
        int from = lines.indexOf("## The launcher");
        assertThat(from).as("README has a launcher section").isNotNegative();
        Map<String, Set<String>> commands = new LinkedHashMap<>();
        for (String line : lines.subList(from, lines.size())) {
            if (line.startsWith("## ") && !line.equals("## The launcher")) {
                break;
            }
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                Set<String> options = new LinkedHashSet<>();
                Matcher option = OPTION.matcher(row.group(2));
                while (option.find()) {
                    options.add(option.group());
                }
                commands.put(row.group(1), options);
            }
        }
        return commands;
    }

    /** What {@code ood-monitor COMMAND --help} prints, run in a JVM of its own. */
    private static String help(String subcommand) throws Exception {
        String mainClass = OodMonitorCommand.class.getName();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.add(subcommand);
        command.add("--help");
        Path output = Files.createTempFile("help-", ".txt");
        // Output to a file, so that the wait below bounds a command that never ends.
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .start();
        boolean ended = process.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        Files.deleteIfExists(output);
        assertThat(ended).as(mainClass + " " + subcommand + " --help ends: " + text).isTrue();
        assertThat(process.exitValue()).as(mainClass + " --help: " + text).isZero();
        return text;
    }
}
