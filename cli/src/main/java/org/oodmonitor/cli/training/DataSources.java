package org.oodmonitor.cli.training;

import org.oodmonitor.training.data.OodSource;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The commands' picocli converters of data arguments. */
final class DataSources {

    private DataSources() {}

    /** Parses {@code --ood NAME=PATH}; a malformed value is a usage error. */
    static final class OodSourceConverter implements ITypeConverter<OodSource> {
        @Override
        public OodSource convert(String value) {
            try {
                return OodSource.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
