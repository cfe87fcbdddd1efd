package io.augflow.pipeline.dataset;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import io.augflow.augment.DataException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
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
 * objects  array&lt;struct&lt;class int, x float, y float, w float, h float, crowd boolean&gt;&gt;  pixels,
 *          top-left + size; crowd: a COCO iscrowd region (datasets written before the field read as false)
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

    /** The field of an object struct that marks a crowd region; absent from datasets written before it. */
    public static final String CROWD = "crowd";
    /** Position of {@link #CROWD} in {@link #OBJECT}, after class, x, y, w, h. */
    public static final int CROWD_INDEX = 5;

    /** An object struct as written before {@link #CROWD}: such datasets still read, every box not a crowd. */
    public static final StructType LEGACY_OBJECT = new StructType(new StructField[] {
        DataTypes.createStructField("class", DataTypes.IntegerType, false),
        DataTypes.createStructField("x", DataTypes.FloatType, false),
        DataTypes.createStructField("y", DataTypes.FloatType, false),
        DataTypes.createStructField("w", DataTypes.FloatType, false),
        DataTypes.createStructField("h", DataTypes.FloatType, false),
    });

    public static final StructType OBJECT = LEGACY_OBJECT.add(CROWD, DataTypes.BooleanType, false);

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
     * Parquet readers report every column as nullable. Objects of the {@link #LEGACY_OBJECT} form also pass:
     * read them through {@link #withCrowdField}.
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

    /**
     * {@code rows} with the objects' {@link #CROWD} field false where it is missing: added to every object when the
     * dataset predates the field, filled in where its files mix both forms (read with {@link #SCHEMA}, a missing
     * nested field is null). Rows already in the format come back with the same values.
     */
    public static Dataset<Row> withCrowdField(Dataset<Row> rows) {
        Column object = col(OBJECTS);
        boolean hasCrowd = objectStruct(rows.schema()) == OBJECT;
        Column upgraded = transform(object, o -> struct(o.getField("class").as("class"), o.getField("x").as("x"),
                o.getField("y").as("y"), o.getField("w").as("w"), o.getField("h").as("h"),
                (hasCrowd ? coalesce(o.getField(CROWD), lit(false)) : lit(false)).as(CROWD)));
        return rows.withColumn(OBJECTS, when(object.isNull(), lit(null).cast(OBJECTS_TYPE)).otherwise(upgraded));
    }

    /** True for an object struct marked crowd; one without the field (a dataset written before it) is not. */
    public static boolean isCrowd(Row object) {
        return object.length() > CROWD_INDEX && !object.isNullAt(CROWD_INDEX) && object.getBoolean(CROWD_INDEX);
    }

    private static StructType objectStruct(StructType schema) {
        StructField objects = find(schema, OBJECTS);
        return objects != null && objects.dataType() instanceof ArrayType a
                && a.elementType() instanceof StructType s && s.getFieldIndex(CROWD).isDefined() ? OBJECT : LEGACY_OBJECT;
    }

    /** Same type, where an objects column of {@link #LEGACY_OBJECT} structs also matches. */
    private static boolean sameType(StructField expected, StructField found) {
        String type = found.dataType().simpleString();
        return expected.dataType().simpleString().equals(type) || (expected.name().equals(OBJECTS)
                && DataTypes.createArrayType(LEGACY_OBJECT, false).simpleString().equals(type));
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
