package io.augflow.pipeline.stats;

import io.augflow.pipeline.dataset.DatasetSchema;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * The one definition, shared by statistics, sampling plans and the donor bank, of which classes a dataset
 * row belongs to.
 *
 * <ul>
 *   <li>A row with a {@code label} belongs to that class only (classification; its boxes, if any, still
 *       count as objects of their own classes).</li>
 *   <li>A row without a label belongs to every distinct class among its objects (detection): an image
 *       with two cats and a dog counts once for "cat" and once for "dog".</li>
 *   <li>A row with neither is a background image and belongs to no class.</li>
 * </ul>
 *
 * <p>Crowd regions (COCO {@code iscrowd = 1}, {@link DatasetSchema#CROWD}) are not objects here: one box over
 * many instances has no single instance's size or count, and COCO evaluation ignores them rather than matching
 * them. So a crowd box gives its row no class, is never small ({@link #hasSmallObject}), and statistics
 * ({@link DatasetStatistics}) leave it out of every count: not counted at all, rather than counted apart, since
 * nothing downstream (plans, class weights, donors) would use a separate count.
 *
 * Sampling needs one class per row to make class totals exact: the {@linkplain #primary primary class}
 * is the rarest of the row's classes, because oversampling an image for its rarest class is what balancing
 * is for, and undersampling it for a common class would throw the rare one away.
 *
 * <p>Works on any {@link Row} that carries a schema with the {@code label} and {@code objects} columns of
 * {@link DatasetSchema}.
 */
public final class ImageClasses {
    /** The primary class of a row that belongs to no class. */
    public static final int NONE = -1;

    private ImageClasses() {}

    /** The distinct classes of the row, ascending. */
    public static int[] of(Row row) {
        int labelIndex = row.fieldIndex(DatasetSchema.LABEL);
        if (!row.isNullAt(labelIndex)) {
            return new int[] {row.getInt(labelIndex)};
        }
        return objects(row).stream().filter(o -> !isCrowd(o)).mapToInt(ImageClasses::objectClass).distinct().sorted()
                .toArray();
    }

    /** The objects of the row (possibly empty; a null column reads as empty). */
    public static List<Row> objects(Row row) {
        int index = row.fieldIndex(DatasetSchema.OBJECTS);
        return row.isNullAt(index) ? List.of() : row.getList(index);
    }

    public static int objectClass(Row object) {
        return object.getInt(0);
    }

    /** True for a crowd region; an object struct without the field (an old dataset) is not one. */
    public static boolean isCrowd(Row object) {
        return DatasetSchema.isCrowd(object);
    }

    /** The box area {@code w * h} in px^2 of an object struct. */
    public static double objectArea(Row object) {
        return (double) object.getFloat(3) * object.getFloat(4);
    }

    /** True when any object of the row that is not a crowd region has a box area below {@code smallArea}. */
    public static boolean hasSmallObject(Row row, double smallArea) {
        for (Row object : objects(row)) {
            if (!isCrowd(object) && objectArea(object) < smallArea) {
                return true;
            }
        }
        return false;
    }

    /**
     * The rarest of {@code classes}: fewest images in {@code imagesByClass} (a class missing from it counts
     * as 0 images), ties to the smaller class id; {@link #NONE} when {@code classes} is empty.
     */
    public static int primary(int[] classes, Map<Integer, Long> imagesByClass) {
        int best = NONE;
        long bestImages = Long.MAX_VALUE;
        for (int c : classes) {
            long images = imagesByClass.getOrDefault(c, 0L);
            if (images < bestImages || (images == bestImages && c < best)) {
                best = c;
                bestImages = images;
            }
        }
        return best;
    }
}
