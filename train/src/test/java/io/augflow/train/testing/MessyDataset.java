package io.augflow.train.testing;

import io.augflow.augment.Box;
import io.augflow.pipeline.dataset.DatasetMetadata;
import io.augflow.pipeline.dataset.DatasetSchema;
import io.augflow.pipeline.dataset.SampleRows;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Datasets that look like what teams really have, written straight to the dataset format for training tests:
 * mixed sizes and channels, background images, and rows whose bytes do not decode. Class 0 is a bright disc on
 * dark, class 1 a dark square on bright, so a network can tell them apart at any size.
 */
public final class MessyDataset {
    private final List<Row> rows = new ArrayList<>();
    private final SplittableRandom rng;

    public MessyDataset(long seed) {
        this.rng = new SplittableRandom(seed);
    }

    /** A labelled image of {@code width x height} with {@code channels} channels, PNG-encoded. */
    public MessyDataset labelled(String id, int label, int width, int height, int channels, String split) {
        rows.add(SampleRows.toRow(id, png(label, width, height, channels), width, height, channels, label, List.of(),
                split, "messy/" + id + ".png"));
        return this;
    }

    /** An unlabelled image with one box of class {@code classId} around its shape (detection data). */
    public MessyDataset boxed(String id, int classId, int width, int height, String split) {
        Box box = new Box(classId, width / 4f, height / 4f, width / 2f, height / 2f);
        rows.add(SampleRows.toRow(id, png(classId, width, height, 3), width, height, 3, null, List.of(box), split,
                "messy/" + id + ".png"));
        return this;
    }

    /** A background image: neither a label nor a box. */
    public MessyDataset background(String id, int width, int height, String split) {
        Mat m = new Mat(height, width, CvType.CV_8UC3, new Scalar(rng.nextInt(256), 90, 40));
        rows.add(SampleRows.toRow(id, encode(m), width, height, 3, null, List.of(), split, "messy/" + id + ".png"));
        return this;
    }

    /** A row whose stored bytes are not an image (a dataset written by another tool, or damaged later). */
    public MessyDataset poisoned(String id, int label, String split) {
        byte[] junk = new byte[200];
        for (int i = 0; i < junk.length; i++) {
            junk[i] = (byte) rng.nextInt(256);
        }
        rows.add(SampleRows.toRow(id, junk, 32, 32, 3, label, List.of(), split, "messy/" + id + ".png"));
        return this;
    }

    /** Writes the rows as a dataset (Parquet + {@code _classes.json}) with {@code files} part files. */
    public String write(SparkSession spark, String dir, int files, List<String> classes) {
        spark.createDataFrame(rows, DatasetSchema.SCHEMA).repartition(files).write().mode("overwrite").parquet(dir);
        DatasetMetadata.of(classes, Map.of("tool", "MessyDataset")).write(dir, spark.sparkContext().hadoopConfiguration());
        return dir;
    }

    /** Appends the rows as more part files of an existing dataset. */
    public void append(SparkSession spark, String dir) {
        spark.createDataFrame(rows, DatasetSchema.SCHEMA).coalesce(1).write().mode("append").parquet(dir);
    }

    private byte[] png(int label, int width, int height, int channels) {
        Scalar background = channels == 1 ? new Scalar(label == 0 ? 30 : 220) : label == 0
                ? new Scalar(30, 30 + rng.nextInt(20), 30) : new Scalar(220, 210 + rng.nextInt(20), 220);
        Scalar shape = channels == 1 ? new Scalar(label == 0 ? 230 : 20) : label == 0
                ? new Scalar(230, 230, 230) : new Scalar(20, 20, 20);
        Mat m = new Mat(height, width, channels == 1 ? CvType.CV_8UC1 : CvType.CV_8UC3, background);
        int side = Math.min(width, height);
        Point centre = new Point(width / 2.0 + rng.nextInt(3) - 1, height / 2.0 + rng.nextInt(3) - 1);
        if (label == 0) {
            Imgproc.circle(m, centre, Math.max(2, side / 4), shape, -1);
        } else {
            int r = Math.max(2, side / 4);
            Imgproc.rectangle(m, new Point(centre.x - r, centre.y - r), new Point(centre.x + r, centre.y + r), shape, -1);
        }
        return encode(m);
    }

    private static byte[] encode(Mat m) {
        MatOfByte out = new MatOfByte();
        Imgcodecs.imencode(".png", m, out);
        return out.toArray();
    }
}
