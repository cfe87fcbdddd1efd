package io.augflow.pipeline.ingest.incremental;

import io.augflow.pipeline.dataset.DatasetMetadata;
import io.augflow.pipeline.dataset.DatasetSchema;
import io.augflow.pipeline.ingest.CandidateValidator;
import io.augflow.pipeline.ingest.ClassSplitCounts;
import io.augflow.pipeline.ingest.FileSetImporter;
import io.augflow.pipeline.ingest.IngestConf;
import io.augflow.pipeline.ingest.IngestJob;
import io.augflow.pipeline.ingest.IngestLayout;
import io.augflow.pipeline.ingest.Validation;
import io.augflow.pipeline.ingest.ValidationStage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of {@code foreachBatch}: appends one streaming batch's files to the dataset exactly once.
 *
 * <ol>
 * <li>A batch whose marker {@code _ingest_log/batch-<id>.json} exists is committed: it is skipped (Spark replays
 *     a batch whose end it did not record, e.g. after a crash right after the marker).</li>
 * <li>Otherwise whatever an interrupted attempt of this batch left is removed: its files in the dataset and the
 *     quarantine ({@link BatchFiles}) and its temporary folder.</li>
 * <li>The dataset is created (its {@code _classes.json}) if it does not exist; its classes are then fixed.</li>
 * <li>The batch's files ({@link ArrivalLog}) become candidates (the layout's {@link FileSetImporter}), validated as
 *     in the one-shot ingest ({@link ValidationStage}), with ids repeated inside the batch or already in the
 *     dataset marked DUPLICATE_ID.</li>
 * <li>Rows are written into {@code <dataset>/_ingest_tmp/batch-<id>/} and counted back from the written files'
 *     footers: rows the importer built = rows validated = rows written + rows quarantined, or nothing is
 *     committed.</li>
 * <li>The files are moved into the dataset and {@code <dataset>_quarantine} under this batch's names.</li>
 * <li>The marker is written, last: the commit.</li>
 * </ol>
 * A crash anywhere before the marker leaves files that step 2 of the replay removes; after it, step 1 skips.
 * Readers that list the dataset during steps 6-7 may see part of an uncommitted batch, as with any append.
 */
final class IncrementalBatch {
    private static final Logger LOG = LoggerFactory.getLogger(IncrementalBatch.class);
    static final String TEMP_FOLDER = "_ingest_tmp";

    private final SparkSession spark;
    private final IncrementalIngestConf conf;
    private final IngestLayout layout;
    private final FileSetImporter importer;
    private final CommitHook hook;
    private final Configuration hadoop;
    private final FileSystem fs;
    private final Path dataset;
    private final Path quarantine;
    private final Path checkpoint;
    private final IngestLog log;

    IncrementalBatch(SparkSession spark, IncrementalIngestConf conf, IngestLayout layout, FileSetImporter importer,
            CommitHook hook) {
        this.spark = spark;
        this.conf = conf;
        this.layout = layout;
        this.importer = importer;
        this.hook = hook;
        this.hadoop = spark.sparkContext().hadoopConfiguration();
        try {
            Path d = new Path(conf.ingest().output());
            this.fs = d.getFileSystem(hadoop);
            this.dataset = fs.makeQualified(d);
            this.checkpoint = new Path(conf.checkpoint()).getFileSystem(hadoop).makeQualified(new Path(conf.checkpoint()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the file system of " + conf.ingest().output(), e);
        }
        this.quarantine = new Path(dataset.getParent(), dataset.getName() + IngestJob.QUARANTINE_SUFFIX);
        this.log = new IngestLog(dataset.toString(), hadoop);
    }

    /** Commits the batch, or skips it when it was committed before (empty). */
    Optional<IngestLogEntry> run(long batchId) {
        Instant started = Instant.now();
        String queryId = ArrivalLog.queryId(checkpoint.toString(), hadoop).orElseThrow(() ->
                new IllegalStateException("checkpoint " + checkpoint + " has no query id while batch " + batchId + " runs"));
        Optional<IngestLogEntry> committed = log.read(batchId);
        if (committed.isPresent()) {
            if (!committed.get().queryId().equals(queryId)) {
                throw new IllegalStateException(log.path(batchId) + " was written by streaming query "
                        + committed.get().queryId() + " (checkpoint " + committed.get().checkpoint() + "), not by "
                        + queryId + " (" + checkpoint + "): a dataset is fed through one checkpoint");
            }
            LOG.info("incremental ingest: batch {} was committed before ({}); skipped", batchId, log.path(batchId));
            return Optional.empty();
        }
        List<String> files = ArrivalLog.filesOf(spark, checkpoint.toString(), batchId);
        clearAttempt(batchId);
        DatasetMetadata metadata = ensureDataset(files, batchId);
        LOG.info("incremental ingest: batch {}: {} new files, {} classes", batchId, files.size(),
                metadata.classCount());

        IngestConf ingest = conf.ingest();
        FileSetImporter.FileSetCandidates loaded = importer.loadFiles(spark, ingest, files, metadata.classes());
        Dataset<Row> validated = ValidationStage.validate(loaded.imported().candidates(),
                new CandidateValidator(ingest, metadata.classCount())).persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> checked = null;
        try {
            checked = ValidationStage.markExisting(ValidationStage.markDuplicates(validated), existingIds(),
                    ingest.datasetName()).persist(StorageLevel.MEMORY_AND_DISK());
            Verdicts verdicts = Verdicts.count(checked); // the job that validates and caches
            validated.unpersist(); // the verdicts are cached in checked now: keep one copy of the images
            Map<String, Long> bad = verdicts.quarantinedByReason();
            Map<String, Long> bySplit = verdicts.validBySplit();
            long ok = verdicts.valid();
            long quarantined = verdicts.quarantined();
            long rowsIn = ok + quarantined;
            if (rowsIn != loaded.rowsIn()) {
                throw new IllegalStateException("batch " + batchId + ": " + loaded.rowsIn() + " rows were built from "
                        + files.size() + " files but " + rowsIn + " were validated; nothing is committed");
            }
            warnIfManyBad(batchId, rowsIn, quarantined, bad);
            Map<String, Map<String, Long>> byClassAndSplit = ClassSplitCounts.count(
                    ValidationStage.datasetRows(checked), metadata.classes());

            Path temp = tempDir(batchId);
            Path tempData = new Path(temp, "data");
            Path tempQuarantine = new Path(temp, "quarantine");
            ValidationStage.datasetRows(checked).write().option("parquet.block.size", IngestJob.ROW_GROUP_BYTES)
                    .parquet(tempData.toString());
            ValidationStage.quarantineRows(checked).write().parquet(tempQuarantine.toString());
            hook.reached(CommitHook.Step.WRITTEN, batchId);

            long written = BatchFiles.rows(fs, tempData, hadoop);
            long setAside = BatchFiles.rows(fs, tempQuarantine, hadoop);
            if (written != ok || setAside != quarantined) {
                throw new IllegalStateException("batch " + batchId + ": " + written + " rows were written and "
                        + setAside + " quarantined, but " + ok + " were valid and " + quarantined + " bad " + bad
                        + "; nothing is committed");
            }
            List<String> datasetFiles = written > 0 || !BatchFiles.hasData(fs, dataset)
                    ? BatchFiles.move(fs, tempData, dataset, batchId) : List.of();
            List<String> quarantineFiles = setAside > 0 || !BatchFiles.hasData(fs, quarantine)
                    ? BatchFiles.move(fs, tempQuarantine, quarantine, batchId) : List.of();
            hook.reached(CommitHook.Step.MOVED, batchId);

            Instant now = Instant.now();
            IngestLogEntry entry = new IngestLogEntry(batchId, queryId, checkpoint.toString(), layout.configName(),
                    ingest.input(), files, rowsIn, written, setAside, bad, bySplit, datasetFiles,
                    quarantineFiles, verdicts.validBySplitSource(), byClassAndSplit, started.toString(), now.toString(),
                    Duration.between(started, now).toMillis());
            log.commit(entry);
            hook.reached(CommitHook.Step.LOGGED, batchId);
            removeTemp(batchId);
            LOG.info("incremental ingest: batch {} committed: {} rows in, {} written, {} quarantined {}", batchId,
                    rowsIn, written, setAside, bad);
            return Optional.of(entry);
        } finally {
            if (checked != null) {
                checked.unpersist();
            }
            validated.unpersist();
        }
    }

    /** A batch's rows counted by verdict: valid rows by split and by split source, quarantined rows by reason. */
    private record Verdicts(Map<String, Long> validBySplit, Map<String, Long> validBySplitSource,
            Map<String, Long> quarantinedByReason) {
        static Verdicts count(Dataset<Row> checked) {
            Map<String, Long> bySplit = new TreeMap<>();
            Map<String, Long> bySource = new TreeMap<>();
            Map<String, Long> byReason = new TreeMap<>();
            for (Row r : checked.groupBy(Validation.REASON, DatasetSchema.SPLIT, Validation.SPLIT_SOURCE).count()
                    .collectAsList()) {
                if (r.isNullAt(0)) {
                    bySplit.merge(r.getString(1), r.getLong(3), Long::sum);
                    bySource.merge(r.getString(2), r.getLong(3), Long::sum);
                } else {
                    byReason.merge(r.getString(0), r.getLong(3), Long::sum);
                }
            }
            return new Verdicts(bySplit, bySource, byReason);
        }

        long valid() {
            return validBySplit.values().stream().mapToLong(Long::longValue).sum();
        }

        long quarantined() {
            return quarantinedByReason.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private Path tempDir(long batchId) {
        return new Path(new Path(dataset, TEMP_FOLDER), "batch-" + batchId);
    }

    /** Removes what an earlier, uncommitted attempt of this batch left in the dataset, quarantine and temp folder. */
    private void clearAttempt(long batchId) {
        int removed = BatchFiles.delete(fs, dataset, batchId) + BatchFiles.delete(fs, quarantine, batchId);
        removeTemp(batchId);
        if (removed > 0) {
            LOG.warn("incremental ingest: batch {} is a replay of an interrupted attempt; removed the {} files it had "
                    + "moved into {} and its quarantine", batchId, removed, dataset);
        }
    }

    private void removeTemp(long batchId) {
        try {
            fs.delete(tempDir(batchId), true);
            Path root = new Path(dataset, TEMP_FOLDER);
            if (fs.exists(root) && fs.listStatus(root).length == 0) {
                fs.delete(root, false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + tempDir(batchId), e);
        }
    }

    /**
     * The dataset's metadata; when the dataset does not exist yet, creates it with the classes the layout gives for
     * these first files ({@code _classes.json} written to the temporary folder, then renamed in).
     */
    private DatasetMetadata ensureDataset(List<String> files, long batchId) {
        try {
            if (fs.exists(new Path(dataset, DatasetMetadata.FILE_NAME))) {
                return DatasetMetadata.read(dataset.toString(), hadoop);
            }
            IncrementalIngestJob.checkNotOtherContent(fs, dataset);
            List<String> classes = importer.classNames(spark, conf.ingest(), files);
            DatasetMetadata metadata = DatasetMetadata.of(classes, provenance());
            Path temp = tempDir(batchId);
            fs.mkdirs(temp);
            metadata.write(temp.toString(), hadoop);
            if (!fs.rename(new Path(temp, DatasetMetadata.FILE_NAME), new Path(dataset, DatasetMetadata.FILE_NAME))) {
                throw new IOException("rename of " + DatasetMetadata.FILE_NAME + " into " + dataset + " failed");
            }
            LOG.info("incremental ingest: created dataset {} with classes {}", dataset, classes);
            return metadata;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the dataset " + dataset, e);
        }
    }

    private Map<String, Object> provenance() {
        IngestConf ingest = conf.ingest();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("tool", "augflow ingest --incremental");
        p.put("name", ingest.datasetName());
        p.put("layout", layout.configName());
        p.put("input", ingest.input());
        p.put("checkpoint", checkpoint.toString());
        p.put("createdAt", Instant.now().toString());
        p.put("maxPixels", ingest.maxPixels());
        p.put("clipBoxes", ingest.clipBoxes());
        p.put("clipMinInside", ingest.clipMinInside());
        p.put("split", ingest.split().toString());
        p.put("splitSeed", ingest.splitSeed());
        p.put("defaultSplit", ingest.defaultSplit());
        return p;
    }

    /** The ids the dataset holds now (its Parquet files; none yet for a new dataset). */
    private Dataset<Row> existingIds() {
        return spark.read().schema(DatasetSchema.SCHEMA).parquet(dataset.toString()).select(DatasetSchema.ID);
    }

    private void warnIfManyBad(long batchId, long rowsIn, long bad, Map<String, Long> byReason) {
        double fraction = rowsIn == 0 ? 0 : (double) bad / rowsIn;
        if (fraction > conf.ingest().maxBadFraction()) {
            LOG.warn(String.format(Locale.ROOT, "incremental ingest: batch %d quarantined %d of %d rows (%.1f%%), over "
                    + "max-bad-fraction %.1f%%: %s; see %s", batchId, bad, rowsIn, fraction * 100,
                    conf.ingest().maxBadFraction() * 100, byReason, quarantine));
        }
    }
}
