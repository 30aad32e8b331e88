package org.oodmonitor.cli;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Properties;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.kafka.common.utils.AppInfoParser;

/** {@code ood-monitor --version}: this project's version and those of the engines it runs on. */
public final class VersionCommand {

    static final String USAGE =
            """
            Usage: ood-monitor --version
              Prints the version of ood-monitor and of Flink, the Kafka clients, DJL and PyTorch
              (the PyTorch engine is loaded, offline, to ask it).
            """;

    private VersionCommand() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0) {
            if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
                out.print(USAGE);
                return 0;
            }
            err.println("ood-monitor --version: takes no arguments, got " + String.join(" ", args));
            return 2;
        }
        out.println("ood-monitor " + projectVersion());
        out.println("Flink " + EnvironmentInformation.getVersion());
        out.println("Kafka clients " + AppInfoParser.getVersion());
        out.println("DJL " + Engine.getDjlVersion());
        out.println("PyTorch " + Engine.getEngine("PyTorch").getVersion());
        return 0;
    }

    /** The version Maven wrote into this jar when it was built. */
    static String projectVersion() {
        Properties p = new Properties();
        try (InputStream in = VersionCommand.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return p.getProperty("version", "unknown");
    }
}
