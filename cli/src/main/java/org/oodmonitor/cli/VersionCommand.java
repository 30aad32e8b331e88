package org.oodmonitor.cli;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.kafka.common.utils.AppInfoParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ood-monitor version}: this project's version and those of the engines it runs on. */
@Command(
        name = "version",
        header = "The versions of ood-monitor, Flink, the Kafka clients, DJL and PyTorch.",
        description =
                "Prints the version of ood-monitor and of Flink, the Kafka clients, DJL and"
                        + " PyTorch (the PyTorch engine is loaded, offline, to ask it); also"
                        + " 'ood-monitor --version'.")
public final class VersionCommand implements Callable<Integer>, IVersionProvider {

    @Mixin private HelpOption help;

    @Spec private CommandSpec spec;

    public static void main(String[] args) {
        CommandRunner.exit(new VersionCommand(), args);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return CommandRunner.run(new VersionCommand(), args, out, err);
    }

    @Override
    public Integer call() {
        for (String line : getVersion()) {
            spec.commandLine().getOut().println(line);
        }
        return 0;
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "ood-monitor " + projectVersion(),
            "Flink " + EnvironmentInformation.getVersion(),
            "Kafka clients " + AppInfoParser.getVersion(),
            "DJL " + Engine.getDjlVersion(),
            "PyTorch " + Engine.getEngine("PyTorch").getVersion()
        };
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
