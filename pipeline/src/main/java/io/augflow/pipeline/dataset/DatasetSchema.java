package io.augflow.pipeline.dataset;

import io.augflow.augment.DataException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The augflow dataset format: one Parquet folder per dataset, one row per image.
 *
 * <pre>
 * id       string  not null   unique, stable
 * image    binary  not null   encoded PNG/JPEG bytes, as stored
 * width    int     not null
 * height   int     not null
 * channels int     not null   1 or 3
 * label    int     nullable   image-level class
 * objects  array&lt;struct&lt;class int, x float, y float, w float, h float&gt;&gt;  pixels, top-left + size
 * split    string  not null   train | val | test
 * source   string  not null   where the row came from (file path, archive#index)
 * </pre>
 *
 * Class names live in {@code _classes.json} among the Parquet files (the leading underscore makes Spark, pyarrow and
 * other Parquet readers skip it) ({@link DatasetMetadata}).
 */
public final class DatasetSchema {
    public static final String ID = "id";
    public static final String IMAGE = "image";
    public static final String WIDTH = "width";
    public static final String HEIGHT = "height";
    public static final String CHANNELS = "channels";
    public static final String LABEL = "label";
    public static final String OBJECTS = "objects";
    public static final String SPLIT = "split";
    public static final String SOURCE = "source";

    public static final StructType OBJECT = new StructType(new StructField[] {
        DataTypes.createStructField("class", DataTypes.IntegerType, false),
        DataTypes.createStructField("x", DataTypes.FloatType, false),
        DataTypes.createStructField("y", DataTypes.FloatType, false),
        DataTypes.createStructField("w", DataTypes.FloatType, false),
        DataTypes.createStructField("h", DataTypes.FloatType, false),
    });

    public static final ArrayType OBJECTS_TYPE = DataTypes.createArrayType(OBJECT, false);

    public static final StructType SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField(ID, DataTypes.StringType, false),
        DataTypes.createStructField(IMAGE, DataTypes.BinaryType, false),
        DataTypes.createStructField(WIDTH, DataTypes.IntegerType, false),
        DataTypes.createStructField(HEIGHT, DataTypes.IntegerType, false),
        DataTypes.createStructField(CHANNELS, DataTypes.IntegerType, false),
        DataTypes.createStructField(LABEL, DataTypes.IntegerType, true),
        DataTypes.createStructField(OBJECTS, OBJECTS_TYPE, false),
        DataTypes.createStructField(SPLIT, DataTypes.StringType, false),
        DataTypes.createStructField(SOURCE, DataTypes.StringType, false),
    });

    /** Valid values of {@link #SPLIT}. */
    public static final List<String> SPLITS = List.of("train", "val", "test");

    private DatasetSchema() {}

    /**
     * Checks that {@code actual} has every column of the format with the same type, naming what differs
     * and listing both schemas (Spark ML's {@code transformSchema} style). Nullability is not compared:
     * Parquet readers report every column as nullable.
     */
    public static void check(StructType actual, String where) {
        List<String> problems = new ArrayList<>();
        for (StructField expected : SCHEMA.fields()) {
            StructField found = find(actual, expected.name());
            if (found == null) {
                problems.add("missing column '" + expected.name() + "'");
            } else if (!sameType(expected, found)) {
                problems.add("column '" + expected.name() + "' is " + found.dataType().simpleString()
                        + ", expected " + expected.dataType().simpleString());
            }
        }
        if (!problems.isEmpty()) {
            throw new DataException(where + " is not an augflow dataset: " + String.join("; ", problems)
                    + ".\n  expected: " + SCHEMA.simpleString() + "\n  found:    " + actual.simpleString());
        }
    }

    private static boolean sameType(StructField expected, StructField found) {
        return expected.dataType().simpleString().equals(found.dataType().simpleString());
    }

    private static StructField find(StructType schema, String name) {
        for (StructField f : schema.fields()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        return null;
    }
}
