package org.oodmonitor.cli;

import picocli.CommandLine.Option;

/** The {@code --help} option every command has (a picocli mixin). */
public final class HelpOption {

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    private boolean help;
}
