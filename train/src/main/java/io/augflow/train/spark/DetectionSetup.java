package io.augflow.train.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.size;

import io.augflow.augment.Box;
import io.augflow.augment.transform.geometric.InputFit;
import io.augflow.pipeline.dataset.DatasetSchema;
import io.augflow.pipeline.stats.ImageProfile;
import io.augflow.train.model.ModelTask;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The set-up decisions only a detector needs, on the driver: whether the run detects at all ({@code model.task =
 * auto}), and the train split's box sizes as the network will see them (for the anchors' k-means). Reads only the
 * small columns.
 */
final class DetectionSetup {
    private DetectionSetup() {}

    /**
     * {@code model.task} decided: {@code auto} detects when the train split has boxes and none of its rows has an
     * image-level label (YOLO and COCO folders), else classifies.
     */
    static ModelTask resolve(ModelTask configured, Dataset<Row> trainRows, ImageProfile train) {
        if (configured != ModelTask.AUTO) {
            return configured;
        }
        if (train.imagesWithBoxes() == 0) {
            return ModelTask.CLASSIFY;
        }
        long labelled = trainRows.filter(col(DatasetSchema.LABEL).geq(0)).count();
        return labelled == 0 ? ModelTask.DETECT : ModelTask.CLASSIFY;
    }

    /**
     * The width and height of every train box, scaled as {@code fit} scales its image (a letterbox by the smaller
     * ratio, a resize per axis, a centre crop by the larger ratio): the sizes the detector's anchors must match.
     * Collected as numbers only (four floats a box).
     */
    static List<Box> boxesAtInput(Dataset<Row> trainRows, InputFit fit) {
        List<Row> rows = trainRows.filter(size(col(DatasetSchema.OBJECTS)).gt(0))
                .select(col(DatasetSchema.WIDTH), col(DatasetSchema.HEIGHT),
                        explode(col(DatasetSchema.OBJECTS)).as("o"))
                .select(col(DatasetSchema.WIDTH), col(DatasetSchema.HEIGHT), col("o.w"), col("o.h"))
                .collectAsList();
        List<Box> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            double[] scale = scale(fit, r.getInt(0), r.getInt(1));
            out.add(new Box(0, 0, 0, (float) (r.getFloat(2) * scale[0]), (float) (r.getFloat(3) * scale[1])));
        }
        return out;
    }

    /** The factors {@code fit} applies to an image of {@code width} x {@code height}, per axis. */
    static double[] scale(InputFit fit, int width, int height) {
        double sx = (double) fit.size().width() / width;
        double sy = (double) fit.size().height() / height;
        return switch (fit.policy()) {
            case RESIZE -> new double[] {sx, sy};
            case LETTERBOX -> new double[] {Math.min(sx, sy), Math.min(sx, sy)};
            case CENTER_CROP -> new double[] {Math.max(sx, sy), Math.max(sx, sy)};
        };
    }
}
