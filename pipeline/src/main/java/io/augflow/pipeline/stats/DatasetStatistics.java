package io.augflow.pipeline.stats;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.augflow.pipeline.dataset.CorruptFilePolicy;
import io.augflow.pipeline.dataset.DatasetFiles;
import io.augflow.pipeline.dataset.DatasetMetadata;
import io.augflow.pipeline.dataset.DatasetReader;
import io.augflow.pipeline.dataset.DatasetSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Computes {@link DatasetStats} in Spark. Two {@code treeAggregate} passes over the {@code id}, {@code label}
 * and {@code objects} columns (Parquet never reads the image bytes) fold rows into a per-class tally on the
 * executors; the second pass needs the first pass's image counts to find each row's primary (rarest) class.
 * Duplicate ids are counted with a {@code groupBy}. Only per-class tallies, two counts and a handful of
 * example ids reach the driver.
 */
public final class DatasetStatistics {
    /** How many duplicate ids the statistics name as examples. */
    public static final int DUPLICATE_EXAMPLES = 5;
    private static final int TREE_DEPTH = 2;

    private DatasetStatistics() {}

    /**
     * Statistics of the dataset in {@code datasetDir}: its Parquet rows, every class named in its
     * {@code _classes.json}, and its {@code _ingest_summary.json} when present.
     */
    public static DatasetStats ofDataset(SparkSession spark, String datasetDir, StatsConf conf) {
        return ofDataset(spark, DatasetReader.open(spark, datasetDir, CorruptFilePolicy.FAIL), conf);
    }

    /** Statistics of the checked, readable files of a dataset ({@link DatasetReader#open}). */
    public static DatasetStats ofDataset(SparkSession spark, DatasetFiles files, StatsConf conf) {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        DatasetMetadata metadata = DatasetMetadata.read(files.dataset(), hadoop);
        return compute(DatasetReader.read(spark, files), conf, metadata.classCount())
                .withIngest(QuarantineCounts.read(files.dataset(), hadoop));
    }

    /** Statistics of the classes that occur in {@code rows}. */
    public static DatasetStats compute(Dataset<Row> rows, StatsConf conf) {
        return compute(rows, conf, 0);
    }

    /**
     * Statistics of {@code rows} ({@link DatasetSchema} rows), listing every class id in
     * {@code [0, classCount)} even when no row has it, plus any other class that occurs.
     */
    public static DatasetStats compute(Dataset<Row> rows, StatsConf conf, int classCount) {
        DatasetSchema.check(rows.schema(), "statistics input");
        if (classCount < 0) {
            throw new IllegalArgumentException("classCount must be >= 0, got " + classCount);
        }
        JavaRDD<Row> narrow = rows
                .filter(col(DatasetSchema.SPLIT).isin(conf.splits().toArray()))
                .select(DatasetSchema.ID, DatasetSchema.LABEL, DatasetSchema.OBJECTS)
                .javaRDD();

        double smallArea = conf.smallArea();
        double mediumArea = conf.mediumArea();
        ClassTally tally = narrow.treeAggregate(new ClassTally(smallArea, mediumArea, Map.of()),
                ClassTally::addRow, ClassTally::merge, TREE_DEPTH);
        Map<Integer, Long> imagesByClass = new TreeMap<>();
        tally.perClass.forEach((c, counts) -> imagesByClass.put(c, counts[ClassTally.IMAGES]));
        ClassTally primary = narrow.treeAggregate(new ClassTally(smallArea, mediumArea, imagesByClass),
                ClassTally::addPrimary, ClassTally::merge, TREE_DEPTH);
        for (int c = 0; c < classCount; c++) {
            tally.counters(c);
        }
        primary.perClass.forEach((c, counts) -> {
            tally.counters(c)[ClassTally.PRIMARY] = counts[ClassTally.PRIMARY];
            tally.counters(c)[ClassTally.PRIMARY_WITH_SMALL] = counts[ClassTally.PRIMARY_WITH_SMALL];
        });
        return assemble(tally, conf, duplicates(rows));
    }

    private static DatasetStats assemble(ClassTally tally, StatsConf conf, DuplicateIds duplicates) {
        long objects = tally.small + tally.medium + tally.large;
        List<ClassStats> classes = new ArrayList<>();
        List<Integer> empty = new ArrayList<>();
        long largest = 0;
        long smallest = Long.MAX_VALUE;
        for (Map.Entry<Integer, long[]> e : tally.perClass.entrySet()) {
            long[] k = e.getValue();
            long images = k[ClassTally.IMAGES];
            if (images == 0) {
                empty.add(e.getKey());
            } else {
                largest = Math.max(largest, images);
                smallest = Math.min(smallest, images);
            }
            classes.add(new ClassStats(e.getKey(), images, k[ClassTally.PRIMARY], k[ClassTally.OBJECTS],
                    share(images, tally.images), share(k[ClassTally.OBJECTS], objects),
                    new SizeBuckets(k[ClassTally.SMALL], k[ClassTally.MEDIUM], k[ClassTally.LARGE]),
                    k[ClassTally.IMAGES_WITH_SMALL], conf.effectiveNumber(images), k[ClassTally.PRIMARY_WITH_SMALL]));
        }
        long nonEmpty = classes.size() - empty.size();
        double imbalance = nonEmpty < 2 ? 1.0 : (double) largest / smallest;
        return new DatasetStats(conf, tally.images, objects, tally.unclassified, tally.imagesWithSmall,
                new SizeBuckets(tally.small, tally.medium, tally.large), classes, imbalance, empty, duplicates,
                QuarantineCounts.absent());
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0.0 : (double) part / whole;
    }

    /** Over all splits: the same id in train and test is a leak worth reporting. */
    private static DuplicateIds duplicates(Dataset<Row> rows) {
        Dataset<Row> repeated = rows.groupBy(DatasetSchema.ID).count().filter(col("count").gt(1));
        Row totals = repeated.agg(count(lit(1)), sum(col("count").minus(1))).first();
        long ids = totals.getLong(0);
        if (ids == 0) {
            return new DuplicateIds(0, 0, List.of());
        }
        List<String> examples = new ArrayList<>();
        for (Row r : repeated.select(DatasetSchema.ID).orderBy(DatasetSchema.ID).limit(DUPLICATE_EXAMPLES)
                .collectAsList()) {
            examples.add(r.getString(0));
        }
        return new DuplicateIds(ids, totals.getLong(1), examples);
    }
}
