package io.augflow.jobs.models;

import io.augflow.train.registry.ModelVersion;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A version argument, {@code 3}, {@code v3} or {@code v0003}; anything else is a usage error (exit 2). */
final class VersionConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
        try {
            return ModelVersion.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
