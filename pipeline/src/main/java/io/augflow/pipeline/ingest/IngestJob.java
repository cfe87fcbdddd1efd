package io.augflow.pipeline.ingest;

import static org.apache.spark.sql.functions.col;

import io.augflow.pipeline.dataset.AtomicOutput;
import io.augflow.pipeline.dataset.DatasetMetadata;
import io.augflow.pipeline.dataset.DatasetSchema;
import io.augflow.pipeline.output.OutputWriteException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports a layout into an augflow dataset: candidates (importer, executors) -> validation (executors, one pass,
 * persisted) -> duplicate ids marked -> counts and the bad-fraction check -> dataset and quarantine written into
 * hidden temporary siblings -> counts re-read from what was written and checked -> metadata and summary ->
 * renamed into place. When it fails, nothing is left at the target and no temporary folder remains.
 *
 * <p>Outputs: {@code <output>/} (Parquet, {@link DatasetSchema#SCHEMA}, {@code _classes.json},
 * {@code _ingest_summary.json}) and {@code <output>_quarantine/} (Parquet: id, source, reason, detail).
 */
public final class IngestJob {
    private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

    /**
     * Parquet row-group size of the dataset. A row group is the smallest unit Spark can split a file into tasks by,
     * and a reader holds one in memory per column. Images are tens of KB (MNIST-like: a few hundred bytes), so
     * Parquet's 128 MB default would put a whole small dataset into one group (one read task, no parallelism) and
     * make each reader buffer 128 MB of images; 16 MB still holds thousands of rows per group, so the small
     * columns (id, label, split) stay well encoded, while a few-hundred-MB dataset splits into dozens of tasks.
     */
    public static final long ROW_GROUP_BYTES = 16L << 20;

    /** The quarantine of dataset {@code X} is the sibling folder {@code X_quarantine}. */
    public static final String QUARANTINE_SUFFIX = "_quarantine";

    private IngestJob() {}

    public static IngestSummary run(SparkSession spark, IngestConf given) {
        Instant started = Instant.now();
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        IngestConf conf = given.qualified(hadoop);
        AtomicOutput output = new AtomicOutput(conf.output(), conf.overwrite(), hadoop);
        AtomicOutput quarantine = new AtomicOutput(output.target() + QUARANTINE_SUFFIX, conf.overwrite(), hadoop);
        output.checkTarget();
        quarantine.checkTarget();

        IngestLayout layout = conf.layout() == IngestLayout.AUTO ? LayoutDetector.detect(spark, conf.input())
                : conf.layout();
        LOG.info("ingest [1/5] importing {} as {}{}", conf.input(), layout.configName(),
                conf.layout() == IngestLayout.AUTO ? " (detected)" : "");
        ImportedCandidates imported = LayoutDetector.importer(layout).load(spark, conf);
        List<String> classes = imported.classes();

        Dataset<Row> candidates = imported.candidates(); // importers apply the partitions hint to their reads
        LOG.info("ingest [2/5] validating ({} classes, max-pixels {}, clip-boxes {})", classes.size(),
                conf.maxPixels(), conf.clipBoxes());
        Dataset<Row> validated = ValidationStage.validate(candidates, new CandidateValidator(conf, classes.size()))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Dataset<Row> checked = ValidationStage.markDuplicates(validated);
            Map<String, Long> counted = ValidationStage.countByReason(checked);
            long rowsIn = counted.values().stream().mapToLong(Long::longValue).sum();
            long ok = counted.getOrDefault(ValidationStage.OK, 0L);
            LOG.info("ingest [3/5] {} rows in, {} valid, quarantined by reason {}", rowsIn, ok, ValidationStage.withoutOk(counted));
            checkBadFraction(checked, conf, rowsIn, rowsIn - ok, ValidationStage.withoutOk(counted));
            Map<String, Long> bySplitSource = ValidationStage.countValidBySplitSource(checked);

            LOG.info("ingest [4/5] writing {} and {}", output.target(), quarantine.target());
            try {
                ValidationStage.datasetRows(checked).write().option("parquet.block.size", ROW_GROUP_BYTES)
                        .parquet(output.temp());
                ValidationStage.quarantineRows(checked).write().parquet(quarantine.temp());

                IngestSummary summary = summarise(spark, conf, layout, classes, output, quarantine, rowsIn,
                        bySplitSource, started);
                if (!summary.quarantinedByReason().equals(ValidationStage.withoutOk(counted)) || summary.rowsWritten() != ok) {
                    throw new IllegalStateException("written counts " + summary.rowsWritten() + " valid, "
                            + summary.quarantinedByReason() + " differ from validated counts " + ok + " valid, "
                            + ValidationStage.withoutOk(counted));
                }
                new DatasetMetadata(DatasetMetadata.FORMAT, classes, provenance(conf, layout, summary))
                        .write(output.temp(), hadoop);
                summary.write(output.temp(), hadoop);
                LOG.info("ingest [5/5] committing: {} rows written, {} quarantined", summary.rowsWritten(),
                        summary.rowsQuarantined());
                quarantine.commit();
                output.commit();
                return summary;
            } catch (Exception e) { // Spark's SparkException is checked to Java, and not declared
                throw OutputWriteException.wrap(output.target().toString(), e);
            } finally {
                output.abort();
                quarantine.abort();
            }
        } finally {
            validated.unpersist();
        }
    }

    private static void checkBadFraction(Dataset<Row> checked, IngestConf conf, long rowsIn, long bad,
            Map<String, Long> byReason) {
        if (rowsIn == 0) {
            throw new IngestFailedException("ingest found no images in " + conf.input() + " (layout "
                    + conf.layout().configName() + "); nothing written");
        }
        double fraction = (double) bad / rowsIn;
        if (fraction <= conf.maxBadFraction()) {
            return;
        }
        StringBuilder top = new StringBuilder();
        byReason.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(3).forEach(e -> {
                    Row example = checked.filter(col(Validation.REASON).equalTo(e.getKey()))
                            .select(DatasetSchema.SOURCE, Validation.DETAIL).head();
                    top.append(String.format(Locale.ROOT, "\n  %s: %d (e.g. %s: %s)", e.getKey(), e.getValue(),
                            example.getString(0), example.getString(1)));
                });
        throw new IngestFailedException(String.format(Locale.ROOT,
                "ingest of %s refused: %d of %d rows (%.1f%%) are bad, max-bad-fraction is %.1f%%; nothing was "
                        + "written. Top reasons:%s", conf.input(), bad, rowsIn, fraction * 100,
                conf.maxBadFraction() * 100, top));
    }

    /** Counts from the written Parquet (footers and two small columns), not from the in-memory plan. */
    private static IngestSummary summarise(SparkSession spark, IngestConf conf, IngestLayout layout,
            List<String> classes, AtomicOutput output, AtomicOutput quarantine, long rowsIn,
            Map<String, Long> bySplitSource, Instant started) {
        Map<String, Long> bySplit = new TreeMap<>();
        long written = 0;
        Dataset<Row> dataset = spark.read().parquet(output.temp());
        for (Row r : dataset.groupBy(DatasetSchema.SPLIT).count().collectAsList()) {
            bySplit.put(r.getString(0), r.getLong(1));
            written += r.getLong(1);
        }
        Map<String, Long> byReason = new TreeMap<>();
        long quarantined = 0;
        for (Row r : spark.read().parquet(quarantine.temp()).groupBy(Validation.REASON).count().collectAsList()) {
            byReason.put(r.getString(0), r.getLong(1));
            quarantined += r.getLong(1);
        }
        return new IngestSummary(conf.datasetName(), layout.configName(), conf.input(), output.target().toString(),
                quarantine.target().toString(), classes.size(), rowsIn, written, quarantined, byReason, bySplit,
                conf.split().toString(), conf.splitSeed(), bySplitSource, ClassSplitCounts.count(dataset, classes),
                started.toString(), Duration.between(started, Instant.now()).toMillis());
    }

    private static Map<String, Object> provenance(IngestConf conf, IngestLayout layout, IngestSummary s) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("tool", "augflow ingest");
        p.put("name", conf.datasetName());
        p.put("layout", layout.configName());
        p.put("input", conf.input());
        p.put("ingestedAt", s.startedAt());
        p.put("rowsIn", s.rowsIn());
        p.put("rowsWritten", s.rowsWritten());
        p.put("rowsQuarantined", s.rowsQuarantined());
        p.put("maxPixels", conf.maxPixels());
        p.put("clipBoxes", conf.clipBoxes());
        p.put("clipMinInside", conf.clipMinInside());
        p.put("split", conf.split().toString());
        p.put("splitSeed", conf.splitSeed());
        p.put("defaultSplit", conf.defaultSplit());
        return p;
    }
}
