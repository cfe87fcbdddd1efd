package io.augflow.pipeline.dataset;

import io.augflow.augment.Box;
import io.augflow.augment.InvalidSampleException;
import io.augflow.augment.Sample;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;
import scala.collection.JavaConverters;

/**
 * The codec between rows of {@link DatasetSchema#SCHEMA} and in-memory {@link Sample}s.
 *
 * <p>Rows keep the encoded bytes exactly as ingested; {@link #decode} turns them into the 8-bit, 1- or
 * 3-channel image every transform accepts (the {@code channels} column picks grey or colour decoding, so a
 * stored RGBA or 16-bit PNG becomes 8-bit BGR or grey). Call {@link io.augflow.augment.OpenCv#load()} first.
 */
public final class SampleRows {
    private SampleRows() {}

    /**
     * A row of {@link DatasetSchema#SCHEMA}. {@code boxes} become a Scala {@code Seq} of
     * {@link DatasetSchema#OBJECT} rows: {@code createDataFrame(List<Row>, schema)} would also take a Java list,
     * but the row encoder behind {@code map}/{@code mapPartitions} casts array values to {@code scala.collection.Seq}
     * and fails on a Java list (checked in {@code DatasetRoundTripTest}). {@code label} may be null (detection data).
     * The row carries its schema, so {@link #decode} works on it before it ever reaches Spark.
     */
    public static Row toRow(String id, byte[] encoded, int width, int height, int channels, Integer label,
            List<Box> boxes, String split, String source) {
        List<Row> objects = new ArrayList<>(boxes.size());
        for (Box b : boxes) {
            objects.add(new GenericRowWithSchema(new Object[] {b.classId(), b.x(), b.y(), b.w(), b.h(), b.crowd()},
                    DatasetSchema.OBJECT));
        }
        return new GenericRowWithSchema(new Object[] {id, encoded, width, height, channels, label,
            JavaConverters.asScalaBuffer(objects), split, source}, DatasetSchema.SCHEMA);
    }

    /**
     * Decodes a dataset row. Columns are looked up by name, so rows with extra or reordered columns
     * (a projection, a join) decode too.
     *
     * @throws InvalidSampleException naming the row id and source when the bytes do not decode
     */
    public static Sample decode(Row row) {
        String id = row.getString(row.fieldIndex(DatasetSchema.ID));
        String source = row.getString(row.fieldIndex(DatasetSchema.SOURCE));
        byte[] bytes = (byte[]) row.get(row.fieldIndex(DatasetSchema.IMAGE));
        int channels = row.getInt(row.fieldIndex(DatasetSchema.CHANNELS));
        if (bytes == null || bytes.length == 0) {
            throw new InvalidSampleException(id, "no image bytes (source " + source + ")");
        }
        Mat image = decodeImage(bytes, channels, id, source);
        int labelIndex = row.fieldIndex(DatasetSchema.LABEL);
        int label = row.isNullAt(labelIndex) ? Sample.NO_LABEL : row.getInt(labelIndex);
        return new Sample(id, image, boxes(row), label);
    }

    /**
     * Decodes stored image bytes to 8-bit grey ({@code channels == 1}) or BGR, so stored RGBA or 16-bit
     * images come out in the one format every transform supports.
     *
     * @throws InvalidSampleException naming the row and its source when the bytes do not decode
     */
    public static Mat decodeImage(byte[] bytes, int channels, String id, String source) {
        Mat image = Imgcodecs.imdecode(new MatOfByte(bytes),
                channels == 1 ? Imgcodecs.IMREAD_GRAYSCALE : Imgcodecs.IMREAD_COLOR);
        if (image.empty()) {
            throw new InvalidSampleException(id, "cannot decode " + bytes.length + " image bytes (source " + source + ")");
        }
        return image;
    }

    /** The boxes of a dataset row, in pixels; an object without the crowd field (an old dataset) is no crowd. */
    public static List<Box> boxes(Row row) {
        int index = row.fieldIndex(DatasetSchema.OBJECTS);
        if (row.isNullAt(index)) {
            return List.of();
        }
        List<Row> objects = row.getList(index);
        List<Box> boxes = new ArrayList<>(objects.size());
        for (Row o : objects) {
            boxes.add(new Box(o.getInt(0), o.getFloat(1), o.getFloat(2), o.getFloat(3), o.getFloat(4), false,
                    DatasetSchema.isCrowd(o)));
        }
        return boxes;
    }

    /** Lossless PNG bytes of an 8-bit image (what importers store for images that arrive undecoded, e.g. IDX). */
    public static byte[] encodePng(Mat image) {
        MatOfByte buffer = new MatOfByte();
        try {
            if (!Imgcodecs.imencode(".png", image, buffer)) {
                throw new IllegalArgumentException("OpenCV cannot encode a " + image + " as PNG");
            }
            return buffer.toArray();
        } finally {
            buffer.release();
        }
    }
}
