package io.augflow.train.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.augflow.pipeline.dataset.DatasetMetadata;
import io.augflow.pipeline.dataset.DatasetReader;
import io.augflow.pipeline.dataset.DatasetSchema;
import io.augflow.pipeline.ingest.IngestJob;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes a long-tailed copy of a classification dataset for {@code bench/longtail.sh}: the {@code train} split's
 * classes are cut to a geometric long tail, every other split (test) is copied untouched, {@code _classes.json}
 * keeps the class names and records the cut in its provenance.
 *
 * <p>With {@code n_max} the largest training class, {@code C} classes and imbalance ratio {@code rho}, the class of
 * rank {@code r} (0 = head) keeps {@code n_r = round(n_max * rho^(-r / (C - 1)))} rows, so the head keeps
 * {@code n_max} and the tail {@code n_max / rho}. Ranks are a permutation of the class ids drawn from {@code seed};
 * within a class the rows kept are the first {@code n_r} by {@code xxhash64(id, seed)}: the same seed gives the same
 * dataset whatever the partitioning.
 *
 * <p>{@code --head N} caps {@code n_max} at {@code N}; with {@code --ratio 1} that gives a balanced subset of
 * {@code N} rows per class (what {@code bench/data-stall.sh} trains on).
 *
 * <p>Usage: {@code LongTailSubset --input DIR --output DIR [--ratio 100] [--seed 42] [--head N] [--master local[2]]}
 */
public final class LongTailSubset {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private LongTailSubset() {}

    public static void main(String[] args) throws Exception {
        String input = null;
        String output = null;
        double ratio = 100;
        long seed = 42;
        String master = "local[2]";
        long headCap = Long.MAX_VALUE;
        for (int i = 0; i < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--input" -> input = v;
                case "--output" -> output = v;
                case "--ratio" -> ratio = Double.parseDouble(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--master" -> master = v;
                case "--head" -> headCap = Long.parseLong(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (input == null || output == null) {
            throw new IllegalArgumentException("--input and --output are required");
        }
        if (ratio < 1) {
            throw new IllegalArgumentException("--ratio must be >= 1, got " + ratio);
        }
        SparkSession spark = SparkSession.builder().master(master).appName("longtail-subset")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
        try {
            write(spark, input, output, ratio, seed, headCap);
        } finally {
            spark.stop();
        }
    }

    static void write(SparkSession spark, String input, String output, double ratio, long seed,
            long headCap) throws Exception {
        DatasetMetadata metadata = DatasetReader.readMetadata(spark, input);
        int classes = metadata.classCount();
        Dataset<Row> rows = DatasetReader.read(spark, input);
        Dataset<Row> train = rows.filter(functions.col(DatasetSchema.SPLIT).equalTo("train"));
        long[] counts = new long[classes];
        for (Row r : train.groupBy(DatasetSchema.LABEL).count().collectAsList()) {
            counts[r.getInt(0)] = r.getLong(1);
        }
        long head = Math.min(headCap, java.util.Arrays.stream(counts).max().orElse(0));
        int[] rankOf = ranks(classes, seed);
        List<Row> quotaRows = new ArrayList<>();
        Map<String, Long> quota = new LinkedHashMap<>();
        for (int c = 0; c < classes; c++) {
            double exponent = classes == 1 ? 0 : (double) rankOf[c] / (classes - 1);
            long keep = Math.min(counts[c], Math.max(1, Math.round(head * Math.pow(ratio, -exponent))));
            quota.put(metadata.classes().get(c), keep);
            quotaRows.add(RowFactory.create(c, keep));
        }
        StructType quotaSchema = new StructType().add("q_label", DataTypes.IntegerType).add("q_keep", DataTypes.LongType);
        Dataset<Row> quotas = spark.createDataFrame(quotaRows, quotaSchema);
        Dataset<Row> kept = train
                .withColumn("_rank", functions.row_number().over(Window.partitionBy(DatasetSchema.LABEL)
                        .orderBy(functions.xxhash64(functions.col(DatasetSchema.ID), functions.lit(seed)))))
                .join(quotas, functions.col(DatasetSchema.LABEL).equalTo(functions.col("q_label")))
                .filter(functions.col("_rank").leq(functions.col("q_keep")))
                .select(rows.columns()[0], java.util.Arrays.copyOfRange(rows.columns(), 1, rows.columns().length));
        Dataset<Row> others = rows.filter(functions.col(DatasetSchema.SPLIT).notEqual("train"));
        kept.unionByName(others).repartition(4)
                .write().mode(SaveMode.Overwrite).option("parquet.block.size", IngestJob.ROW_GROUP_BYTES).parquet(output);

        Map<String, Object> provenance = new LinkedHashMap<>(metadata.provenance());
        provenance.put("longTailOf", input);
        provenance.put("longTailRatio", ratio);
        provenance.put("longTailSeed", seed);
        provenance.put("longTailTrainRows", quota);
        var hadoop = spark.sparkContext().hadoopConfiguration();
        DatasetMetadata.of(metadata.classes(), provenance).write(output, hadoop);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("ratio", ratio);
        summary.put("seed", seed);
        summary.put("trainRowsByClass", quota);
        summary.put("trainRows", quota.values().stream().mapToLong(Long::longValue).sum());
        summary.put("otherRows", others.count());
        Path path = new Path(output, "_longtail_summary.json");
        try (OutputStream out = path.getFileSystem(hadoop).create(path, true)) {
            JSON.writeValue(out, summary);
        }
        System.out.println("RESULT " + new ObjectMapper().writeValueAsString(summary));
    }

    /** rank[c]: class c's place in the tail (0 = head), a permutation drawn from {@code seed}. */
    static int[] ranks(int classes, long seed) {
        int[] order = java.util.stream.IntStream.range(0, classes).toArray();
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = classes - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] rank = new int[classes];
        for (int r = 0; r < classes; r++) {
            rank[order[r]] = r;
        }
        return rank;
    }
}
