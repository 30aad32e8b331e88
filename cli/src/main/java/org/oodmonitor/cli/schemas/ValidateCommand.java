package org.oodmonitor.cli.schemas;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.oodmonitor.cli.CommandRunner;
import org.oodmonitor.cli.HelpOption;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.io.BoundedFiles;
import org.oodmonitor.schemas.serialization.ReadResult;
import org.oodmonitor.schemas.serialization.RecordReader;
import org.oodmonitor.schemas.text.Printable;
import org.oodmonitor.schemas.validation.ValidationLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Command line: validates JSON record files ({@code ood-monitor validate}). Exit 0 when all are
 * valid, 1 when one is not, 2 on a usage error or an unreadable file.
 */
@Command(
        name = "validate",
        header = "Check JSON record files against their schema.",
        description =
                "Checks each FILE (one JSON record) against the schema of TYPE and prints every"
                        + " problem with its JSON path.")
public final class ValidateCommand implements Callable<Integer> {

    @Option(
            names = "--type",
            required = true,
            paramLabel = "TYPE",
            converter = RecordTypeConverter.class,
            description =
                    "image-event | feature-event | ood-score | ood-alert | ood-rate-window |"
                            + " dead-letter")
    private RecordType<?> type;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "the record files")
    private List<Path> files;

    @Mixin private HelpOption help;

    @Spec private CommandSpec spec;

    public static void main(String[] args) {
        CommandRunner.exit(new ValidateCommand(), args);
    }

    /** Runs the command and returns its exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return CommandRunner.run(new ValidateCommand(), args, out, err);
    }

    @Override
    public Integer call() {
        ValidationLimits limits = ValidationLimits.defaults();
        RecordReader<?> reader = new RecordReader<>(type, limits);
        int invalid = 0;
        for (Path file : files) {
            byte[] bytes;
            try {
                // One byte over the record limit is enough to call the record oversized.
                bytes = BoundedFiles.read(file, "record file", 4L * limits.maxRecordBytes());
            } catch (IOException e) {
                throw new IllegalArgumentException(e.getMessage(), new UncheckedIOException(e));
            }
            ReadResult<?> result = reader.read(bytes);
            var out = spec.commandLine().getOut();
            if (result.isOk()) {
                out.println(Printable.of(file.toString()) + ": valid " + type.name());
            } else {
                invalid++;
                out.println(Printable.of(file.toString()) + ": " + result.errorCode());
                result.problems().forEach(p -> out.println("  " + Printable.of(p.toString())));
            }
        }
        return invalid == 0 ? 0 : 1;
    }

    /** Parses a record type's name, for {@code --type}. */
    static final class RecordTypeConverter
            implements picocli.CommandLine.ITypeConverter<RecordType<?>> {
        @Override
        public RecordType<?> convert(String value) {
            try {
                return RecordType.byName(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
