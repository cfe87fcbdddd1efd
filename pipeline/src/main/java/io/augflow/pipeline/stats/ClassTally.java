package io.augflow.pipeline.stats;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;

/**
 * The per-partition accumulator of {@link DatasetStatistics}: a few counters per class, merged with
 * {@code treeAggregate}, so its size is bounded by the number of classes, never by the number of rows.
 * Mutable on purpose (Spark's aggregate contract lets a fold update its first argument); never leaves
 * this package.
 */
final class ClassTally implements Serializable {
    static final int IMAGES = 0;
    static final int PRIMARY = 1;
    static final int OBJECTS = 2;
    static final int SMALL = 3;
    static final int MEDIUM = 4;
    static final int LARGE = 5;
    static final int IMAGES_WITH_SMALL = 6;
    static final int PRIMARY_WITH_SMALL = 7;
    private static final int COUNTERS = 8;

    private final double smallArea;
    private final double mediumArea;
    /** Image counts by class, for the primary-class rule; empty in the first pass. */
    private final Map<Integer, Long> imagesByClass;

    final TreeMap<Integer, long[]> perClass = new TreeMap<>();
    long images;
    long unclassified;
    long imagesWithSmall;
    long small;
    long medium;
    long large;

    ClassTally(double smallArea, double mediumArea, Map<Integer, Long> imagesByClass) {
        this.smallArea = smallArea;
        this.mediumArea = mediumArea;
        this.imagesByClass = imagesByClass;
    }

    /** First pass: everything but primary-class counts. */
    ClassTally addRow(Row row) {
        images++;
        int[] classes = ImageClasses.of(row);
        if (classes.length == 0) {
            unclassified++;
        }
        for (int c : classes) {
            counters(c)[IMAGES]++;
        }
        boolean anySmall = false;
        TreeSet<Integer> smallClasses = new TreeSet<>();
        for (Row object : ImageClasses.objects(row)) {
            if (ImageClasses.isCrowd(object)) {
                continue; // not an object for statistics (ImageClasses)
            }
            int c = ImageClasses.objectClass(object);
            double area = ImageClasses.objectArea(object);
            long[] counters = counters(c);
            counters[OBJECTS]++;
            if (area < smallArea) {
                counters[SMALL]++;
                small++;
                anySmall = true;
                smallClasses.add(c);
            } else if (area < mediumArea) {
                counters[MEDIUM]++;
                medium++;
            } else {
                counters[LARGE]++;
                large++;
            }
        }
        if (anySmall) {
            imagesWithSmall++;
        }
        for (int c : smallClasses) {
            counters(c)[IMAGES_WITH_SMALL]++;
        }
        return this;
    }

    /** Second pass: only the count of images by primary class, and of those with a small object. */
    ClassTally addPrimary(Row row) {
        int primary = ImageClasses.primary(ImageClasses.of(row), imagesByClass);
        if (primary != ImageClasses.NONE) {
            counters(primary)[PRIMARY]++;
            if (ImageClasses.hasSmallObject(row, smallArea)) {
                counters(primary)[PRIMARY_WITH_SMALL]++;
            }
        }
        return this;
    }

    ClassTally merge(ClassTally other) {
        images += other.images;
        unclassified += other.unclassified;
        imagesWithSmall += other.imagesWithSmall;
        small += other.small;
        medium += other.medium;
        large += other.large;
        other.perClass.forEach((c, counts) -> {
            long[] mine = counters(c);
            for (int i = 0; i < COUNTERS; i++) {
                mine[i] += counts[i];
            }
        });
        return this;
    }

    long[] counters(int classId) {
        return perClass.computeIfAbsent(classId, c -> new long[COUNTERS]);
    }
}
