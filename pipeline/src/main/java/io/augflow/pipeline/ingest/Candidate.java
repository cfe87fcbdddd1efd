package io.augflow.pipeline.ingest;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

/**
 * One row an importer proposes, before validation: its id, where it came from, its encoded bytes and its
 * annotations as found. An importer that already knows the row is bad (a missing file, an unparsable label line)
 * sets {@code presetReason} so the row is quarantined with the others and counted, never dropped.
 *
 * @param splitSource whether the layout named {@code split} or ingest gave it ({@link SplitAssigner})
 * @param label image-level class id, null for detection data
 * @param image the file's bytes, null when there is no file (then {@code presetReason} says why)
 * @param ordinal position in the source where several rows share one (COCO's images array, an IDX file); breaks
 *     ties between duplicate ids with the same source
 */
public record Candidate(String id, String source, String split, SplitSource splitSource, Integer label,
        List<RawBox> boxes, RawBox.Units units, byte[] image, long ordinal, QuarantineReason presetReason,
        String presetDetail) implements Serializable {

    static final StructType RAW_BOX = new StructType()
            .add("class", DataTypes.IntegerType, false)
            .add("a", DataTypes.DoubleType, false)
            .add("b", DataTypes.DoubleType, false)
            .add("c", DataTypes.DoubleType, false)
            .add("d", DataTypes.DoubleType, false)
            .add("crowd", DataTypes.BooleanType, false);

    /** The Spark schema importers produce. */
    public static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.StringType, false)
            .add("source", DataTypes.StringType, false)
            .add("split", DataTypes.StringType, false)
            .add("split_source", DataTypes.StringType, false)
            .add("label", DataTypes.IntegerType, true)
            .add("boxes", DataTypes.createArrayType(RAW_BOX, false), false)
            .add("units", DataTypes.StringType, false)
            .add("image", DataTypes.BinaryType, true)
            .add("ordinal", DataTypes.LongType, false)
            .add("reason", DataTypes.StringType, true)
            .add("detail", DataTypes.StringType, true);

    public Candidate {
        boxes = List.copyOf(boxes);
        if (splitSource == null) {
            throw new IllegalArgumentException("row '" + id + "' (" + source + "): the split's source must be set");
        }
    }

    /** A candidate whose split the layout names (what tests and split-folder layouts build). */
    public Candidate(String id, String source, String split, Integer label, List<RawBox> boxes, RawBox.Units units,
            byte[] image, long ordinal, QuarantineReason presetReason, String presetDetail) {
        this(id, source, split, SplitSource.LAYOUT, label, boxes, units, image, ordinal, presetReason, presetDetail);
    }

    /** A candidate with its split and where the split came from. */
    public static Candidate of(String id, String source, RowSplit split, Integer label, List<RawBox> boxes,
            RawBox.Units units, byte[] image, long ordinal) {
        return new Candidate(id, source, split.name(), split.source(), label, boxes, units, image, ordinal, null, null);
    }

    /** A candidate known to be bad before its bytes are looked at. */
    public static Candidate rejected(String id, String source, RowSplit split, QuarantineReason reason, String detail) {
        return new Candidate(id, source, split.name(), split.source(), null, List.of(), RawBox.Units.PIXELS_XYWH, null,
                0, reason, detail);
    }

    /** A candidate known to be bad, in a split its layout names. */
    public static Candidate rejected(String id, String source, String split, QuarantineReason reason, String detail) {
        return rejected(id, source, RowSplit.fromLayout(split), reason, detail);
    }

    public RowSplit rowSplit() {
        return new RowSplit(split, splitSource);
    }

    public Candidate withImage(byte[] bytes) {
        return new Candidate(id, source, split, splitSource, label, boxes, units, bytes, ordinal, presetReason,
                presetDetail);
    }

    /** The lower-case extension of the source's file name, "" when it has none. */
    public String extension() {
        String path = source.contains("#") ? source.substring(0, source.indexOf('#')) : source;
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        return dot > slash ? path.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }

    public Row toRow() {
        List<Row> raw = new ArrayList<>(boxes.size());
        for (RawBox b : boxes) {
            raw.add(new GenericRowWithSchema(new Object[] {b.classId(), b.a(), b.b(), b.c(), b.d(), b.crowd()},
                    RAW_BOX));
        }
        return new GenericRowWithSchema(new Object[] {id, source, split, splitSource.name(), label,
            JavaConverters.asScalaBuffer(raw), units.name(), image, ordinal,
            presetReason == null ? null : presetReason.name(), presetDetail}, SCHEMA);
    }

    public static Candidate fromRow(Row row) {
        List<Row> raw = row.getList(5);
        List<RawBox> boxes = new ArrayList<>(raw.size());
        for (Row b : raw) {
            boxes.add(new RawBox(b.getInt(0), b.getDouble(1), b.getDouble(2), b.getDouble(3), b.getDouble(4),
                    b.getBoolean(5)));
        }
        return new Candidate(row.getString(0), row.getString(1), row.getString(2),
                SplitSource.valueOf(row.getString(3)), row.isNullAt(4) ? null : row.getInt(4), boxes,
                RawBox.Units.valueOf(row.getString(6)), (byte[]) row.get(7), row.getLong(8),
                row.isNullAt(9) ? null : QuarantineReason.valueOf(row.getString(9)), row.getString(10));
    }
}
