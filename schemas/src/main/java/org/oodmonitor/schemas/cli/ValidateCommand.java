package org.oodmonitor.schemas.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.serialization.ReadResult;
import org.oodmonitor.schemas.serialization.RecordReader;
import org.oodmonitor.schemas.validation.ValidationLimits;

/**
 * Command line: validates JSON record files ({@code ood-monitor validate}). Exit 0 when all are
 * valid, 1 when one is not, 2 on a usage error.
 */
public final class ValidateCommand {

    static final String USAGE =
            """
            Usage: ood-monitor validate --type TYPE FILE...
              Checks each FILE (one JSON record) against the schema of TYPE and prints every
              problem with its JSON path.
              TYPE: image-event | feature-event | ood-score | ood-alert | ood-rate-window | dead-letter
            """;

    private ValidateCommand() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command and returns its exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        RecordType<?> type = null;
        List<Path> files = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--help", "-h" -> {
                        out.print(USAGE);
                        return 0;
                    }
                    case "--type" -> {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException("--type needs a value");
                        }
                        type = RecordType.byName(args[++i]);
                    }
                    default -> {
                        if (args[i].startsWith("--")) {
                            throw new IllegalArgumentException("unknown option " + args[i]);
                        }
                        files.add(Path.of(args[i]));
                    }
                }
            }
            if (type == null || files.isEmpty()) {
                throw new IllegalArgumentException("give --type and at least one file");
            }
        } catch (IllegalArgumentException e) {
            err.println("ood-monitor validate: " + e.getMessage() + " (see --help)");
            return 2;
        }
        return validateAll(type, files, out, err);
    }

    private static int validateAll(
            RecordType<?> type, List<Path> files, PrintStream out, PrintStream err) {
        RecordReader<?> reader = new RecordReader<>(type, ValidationLimits.defaults());
        int invalid = 0;
        for (Path file : files) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                err.println("ood-monitor validate: cannot read " + file + ": " + e.getMessage());
                return 2;
            }
            ReadResult<?> result = reader.read(bytes);
            if (result.isOk()) {
                out.println(file + ": valid " + type.name());
            } else {
                invalid++;
                out.println(file + ": " + result.errorCode());
                result.problems().forEach(p -> out.println("  " + p));
            }
        }
        return invalid == 0 ? 0 : 1;
    }
}
