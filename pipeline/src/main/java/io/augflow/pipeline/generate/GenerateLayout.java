package io.augflow.pipeline.generate;

import java.util.Arrays;
import java.util.Locale;

/** What {@code generate} writes. */
public enum GenerateLayout {
    /** The augflow Parquet dataset format, ready to train on. */
    DATASET,
    /** A YOLO folder ({@code images/<split>/}, {@code labels/<split>/}, {@code classes.txt}) to exercise ingest. */
    YOLO;

    public static GenerateLayout parse(String value) {
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("generate.layout must be one of "
                    + Arrays.toString(values()).toLowerCase(Locale.ROOT) + ", got '" + value + "'", e);
        }
    }
}
