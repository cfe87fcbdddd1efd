package io.augflow.pipeline.testing;

import io.augflow.pipeline.dataset.DatasetSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/** Hand-made rows of {@link DatasetSchema#SCHEMA} for tests. */
public final class TestRows {
    private static final byte[] NO_IMAGE = new byte[] {1, 2, 3};

    private TestRows() {}

    public static SparkSession spark() {
        return SparkSession.builder().master("local[2]").appName("augflow-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
    }

    public static Row box(int classId, double x, double y, double w, double h) {
        return RowFactory.create(classId, (float) x, (float) y, (float) w, (float) h, false);
    }

    /** A crowd region (COCO iscrowd = 1). */
    public static Row crowdBox(int classId, double x, double y, double w, double h) {
        return RowFactory.create(classId, (float) x, (float) y, (float) w, (float) h, true);
    }

    /** A row whose image bytes are a placeholder (for code that does not decode). */
    public static Row row(String id, Integer label, String split, Row... boxes) {
        return row(id, NO_IMAGE, 100, 100, 3, label, split, boxes);
    }

    public static Row row(String id, byte[] image, int width, int height, int channels, Integer label, String split,
            Row... boxes) {
        return RowFactory.create(id, image, width, height, channels, label, Arrays.asList(boxes), split,
                "test://" + id);
    }

    /** {@code counts[c]} classification rows of class c in split train, ids "c{c}-{i}". */
    public static List<Row> classification(int... counts) {
        List<Row> rows = new ArrayList<>();
        for (int c = 0; c < counts.length; c++) {
            for (int i = 0; i < counts[c]; i++) {
                rows.add(row("c" + c + "-" + i, c, "train"));
            }
        }
        return rows;
    }

    public static Dataset<Row> frame(SparkSession spark, List<Row> rows) {
        return spark.createDataFrame(rows, DatasetSchema.SCHEMA);
    }
}
