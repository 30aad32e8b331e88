package org.oodmonitor.cli.training;

import org.oodmonitor.training.data.OodSource;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code --ood NAME=PATH}; a malformed value is a usage error. */
final class OodSourceConverter implements ITypeConverter<OodSource> {

    @Override
    public OodSource convert(String value) {
        try {
            return OodSource.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
