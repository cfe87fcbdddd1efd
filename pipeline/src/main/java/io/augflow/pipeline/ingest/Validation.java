package io.augflow.pipeline.ingest;

import io.augflow.augment.Box;
import io.augflow.pipeline.dataset.DatasetSchema;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

/**
 * The verdict on one candidate: either a dataset row (reason null) or a quarantine entry (reason set, no image).
 * Its Spark form ({@link #SCHEMA}) is the dataset's columns, all nullable, plus {@code ordinal}, {@code reason},
 * {@code detail} and {@code split_source}, so one pass produces both outputs and the counts.
 */
public record Validation(Candidate candidate, QuarantineReason reason, String detail, byte[] image, int width,
        int height, int channels, List<Box> boxes) {

    public static final String ORDINAL = "ordinal";
    public static final String REASON = "reason";
    public static final String DETAIL = "detail";
    /** Where the row's split came from ({@link SplitSource#configName()}); not a dataset column. */
    public static final String SPLIT_SOURCE = "split_source";

    public static final StructType SCHEMA;

    static {
        List<StructField> fields = new ArrayList<>();
        for (StructField f : DatasetSchema.SCHEMA.fields()) {
            fields.add(DataTypes.createStructField(f.name(), f.dataType(), true));
        }
        fields.add(DataTypes.createStructField(ORDINAL, DataTypes.LongType, false));
        fields.add(DataTypes.createStructField(REASON, DataTypes.StringType, true));
        fields.add(DataTypes.createStructField(DETAIL, DataTypes.StringType, true));
        fields.add(DataTypes.createStructField(SPLIT_SOURCE, DataTypes.StringType, false));
        SCHEMA = new StructType(fields.toArray(StructField[]::new));
    }

    public static Validation ok(Candidate c, byte[] image, int width, int height, int channels, List<Box> boxes) {
        return new Validation(c, null, null, image, width, height, channels, List.copyOf(boxes));
    }

    public static Validation quarantine(Candidate c, QuarantineReason reason, String detail) {
        return new Validation(c, reason, detail, null, 0, 0, 0, List.of());
    }

    public boolean isOk() {
        return reason == null;
    }

    public Row toRow() {
        Candidate c = candidate;
        if (!isOk()) {
            return new GenericRowWithSchema(new Object[] {c.id(), null, null, null, null, null, null, c.split(),
                c.source(), c.ordinal(), reason.name(), detail, c.splitSource().configName()}, SCHEMA);
        }
        List<Row> objects = new ArrayList<>(boxes.size());
        for (Box b : boxes) {
            objects.add(new GenericRowWithSchema(new Object[] {b.classId(), b.x(), b.y(), b.w(), b.h(), b.crowd()},
                    DatasetSchema.OBJECT));
        }
        return new GenericRowWithSchema(new Object[] {c.id(), image, width, height, channels, c.label(),
            JavaConverters.asScalaBuffer(objects), c.split(), c.source(), c.ordinal(), null, null,
            c.splitSource().configName()}, SCHEMA);
    }
}
