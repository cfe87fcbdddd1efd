package io.augflow.pipeline.ingest.incremental;

import io.augflow.augment.DataException;
import io.augflow.pipeline.dataset.DatasetMetadata;
import io.augflow.pipeline.dataset.DatasetSchema;
import io.augflow.pipeline.ingest.CocoImporter;
import io.augflow.pipeline.ingest.FileSetImporter;
import io.augflow.pipeline.ingest.ImageFolderImporter;
import io.augflow.pipeline.ingest.IngestConf;
import io.augflow.pipeline.ingest.IngestJob;
import io.augflow.pipeline.ingest.IngestLayout;
import io.augflow.pipeline.ingest.LayoutDetector;
import io.augflow.pipeline.ingest.YoloImporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code augflow ingest --incremental}: appends to a dataset the files that landed in a folder since the last run,
 * each exactly once. Spark Structured Streaming's file source watches the layout's arrival files
 * ({@link FileSetImporter#arrivalFolder}) with {@link Trigger#AvailableNow()}: a run takes everything new, in one
 * or more batches, and stops; its checkpoint remembers which files were taken. Each batch is committed by
 * {@link IncrementalBatch}; the batch's DataFrame itself is not read (see {@link ArrivalLog} for why).
 *
 * <p>Everything that can be checked before the stream starts is (STYLE 4): the landing folder, the layout (IDX is
 * refused), the dataset (an existing one must be an augflow dataset, and its classes are fixed), and that the
 * dataset's log and the checkpoint belong together.
 *
 * <p>How files must land: complete, under their final name, in one rename (write elsewhere, or under a name
 * starting with '.' or '_', which the stream skips, then move). A file is taken once by its path: rewriting a
 * taken file, or landing a new one under a taken path, is not picked up. Files are not read until their batch
 * runs, so a landed file must stay until the run that takes it has ended.
 */
public final class IncrementalIngestJob {
    private static final Logger LOG = LoggerFactory.getLogger(IncrementalIngestJob.class);
    /**
     * The file source's {@code maxFileAge}. Its default (7 days) makes the source ignore files whose modification
     * time is a week older than the newest it has seen: a folder of old photos moved in (mtime kept) would be
     * silently skipped. A century keeps every file new until it is taken.
     */
    static final String MAX_FILE_AGE = "36500d";
    /** The binaryFile source's schema; given because streaming file sources do not infer one. */
    private static final StructType BINARY_FILE = new StructType()
            .add("path", DataTypes.StringType, false)
            .add("modificationTime", DataTypes.TimestampType, false)
            .add("length", DataTypes.LongType, false)
            .add("content", DataTypes.BinaryType, true);

    private IncrementalIngestJob() {}

    public static IncrementalIngestResult run(SparkSession spark, IncrementalIngestConf conf) {
        return run(spark, conf, CommitHook.NONE);
    }

    static IncrementalIngestResult run(SparkSession spark, IncrementalIngestConf given, CommitHook hook) {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        IncrementalIngestConf conf = new IncrementalIngestConf(given.ingest().qualified(hadoop), given.checkpoint(),
                given.maxFilesPerBatch());
        IngestConf ingest = conf.ingest();
        FileSystem fs = fileSystem(ingest.output(), hadoop);
        Path dataset = fs.makeQualified(new Path(ingest.output()));
        Path quarantine = new Path(dataset.getParent(), dataset.getName() + IngestJob.QUARANTINE_SUFFIX);

        checkLanding(spark, ingest.input());
        Optional<DatasetMetadata> existing = existingDataset(fs, dataset, hadoop);
        if (existing.isPresent() && !ingest.classes().isEmpty() && !ingest.classes().equals(existing.get().classes())) {
            throw new IllegalArgumentException("classes " + ingest.classes() + " differ from the classes "
                    + existing.get().classes() + " of " + dataset + ", which are fixed once the dataset exists");
        }
        if (existing.isEmpty() && ingest.layout() == IngestLayout.AUTO && isEmpty(fileSystem(ingest.input(), hadoop), new Path(ingest.input()))) {
            LOG.info("incremental ingest: {} is empty and {} does not exist yet: nothing to take", ingest.input(), dataset);
            return new IncrementalIngestResult(ingest.input(), dataset.toString(), List.of(), 0, 0);
        }
        existing.ifPresent(m -> warnIfSplitChanged(m, ingest, dataset));
        IngestLayout layout = layout(spark, ingest, existing);
        FileSetImporter importer = importer(layout, ingest.input());
        String watched = importer.arrivalFolder(ingest);
        if (!exists(fileSystem(watched, hadoop), new Path(watched))) {
            throw new DataException(layout.configName() + " landing folder " + ingest.input() + " has no "
                    + watched + " to watch");
        }
        IngestLog log = new IngestLog(dataset.toString(), hadoop);
        checkCheckpoint(log, conf.checkpoint(), hadoop);

        LOG.info("incremental ingest: watching {} ({} files, layout {}) into {}, checkpoint {}", watched,
                importer.arrivalGlob(), layout.configName(), dataset, conf.checkpoint());
        IncrementalBatch batch = new IncrementalBatch(spark, conf, layout, importer, hook);
        List<IngestLogEntry> committed = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger skipped = new AtomicInteger();
        VoidFunction2<Dataset<Row>, Long> each = (ignored, batchId) -> batch.run(batchId)
                .ifPresentOrElse(committed::add, skipped::incrementAndGet);
        awaitStream(arrivals(spark, conf, importer, watched).writeStream()
                .option("checkpointLocation", conf.checkpoint())
                .trigger(Trigger.AvailableNow())
                .foreachBatch(each));

        List<IngestLogEntry> all = log.readAll();
        long rows = 0;
        if (exists(fs, new Path(dataset, DatasetMetadata.FILE_NAME))) {
            DatasetMetadata metadata = DatasetMetadata.read(dataset.toString(), hadoop);
            IncrementalSummary.refresh(fs, dataset, quarantine, ingest.datasetName(), layout.configName(),
                    ingest.input(), metadata.classCount(), ingest.split().toString(), ingest.splitSeed(), all);
            rows = spark.read().schema(DatasetSchema.SCHEMA).parquet(dataset.toString()).count();
        }
        return new IncrementalIngestResult(ingest.input(), dataset.toString(), committed, skipped.get(), rows);
    }

    private static Dataset<Row> arrivals(SparkSession spark, IncrementalIngestConf conf, FileSetImporter importer,
            String watched) {
        DataStreamReader reader = spark.readStream().format("binaryFile").schema(BINARY_FILE)
                // without it the file source lists only the files directly inside the watched folder
                .option("recursiveFileLookup", "true")
                .option("maxFileAge", MAX_FILE_AGE);
        if (!"*".equals(importer.arrivalGlob())) {
            reader = reader.option("pathGlobFilter", importer.arrivalGlob());
        }
        if (conf.maxFilesPerBatch() > 0) {
            reader = reader.option("maxFilesPerTrigger", conf.maxFilesPerBatch());
        }
        return reader.load(watched);
    }

    /** Runs the query to its end; a batch's failure is rethrown as what the batch threw. */
    private static void awaitStream(org.apache.spark.sql.streaming.DataStreamWriter<Row> writer) {
        StreamingQuery query;
        try {
            query = writer.start();
        } catch (TimeoutException e) {
            // not a data problem (IngestFailedException is one): Spark could not start the query
            throw new IllegalStateException("the incremental ingest stream did not start: " + e.getMessage(), e);
        }
        try {
            query.awaitTermination();
        } catch (StreamingQueryException e) {
            throw unwrap(e);
        } finally {
            if (query.isActive()) {
                try {
                    query.stop();
                } catch (TimeoutException e) {
                    LOG.warn("the incremental ingest stream did not stop in time: {}", e.getMessage());
                }
            }
        }
    }

    /**
     * The batch's own exception: Spark wraps it in a {@link StreamingQueryException} and (3.5) a
     * {@code ForeachBatchUserFuncException}. Other causes keep Spark's message.
     */
    private static RuntimeException unwrap(StreamingQueryException e) {
        Throwable t = e.cause();
        while (t != null && (t instanceof StreamingQueryException
                || t.getClass().getSimpleName().equals("ForeachBatchUserFuncException")) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof RuntimeException r) {
            return r;
        }
        // a checked cause (e.g. a SparkException around an executor's failure): kept as the cause, so the CLI still
        // finds a data or output problem inside it; IngestFailedException would claim a data problem for any cause
        return new IllegalStateException("incremental ingest failed: " + e.getMessage(), t == null ? e : t);
    }

    private static void checkLanding(SparkSession spark, String landing) {
        FileSystem fs = fileSystem(landing, spark.sparkContext().hadoopConfiguration());
        try {
            if (!fs.getFileStatus(new Path(landing)).isDirectory()) {
                throw new IllegalArgumentException("the landing " + landing + " must be a folder, it is a file");
            }
        } catch (java.io.FileNotFoundException e) {
            throw new DataException("landing folder " + landing + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat " + landing, e);
        }
    }

    /** The dataset's metadata; empty when there is no dataset yet (the first batch creates it). */
    private static Optional<DatasetMetadata> existingDataset(FileSystem fs, Path dataset, Configuration hadoop) {
        if (exists(fs, new Path(dataset, DatasetMetadata.FILE_NAME))) {
            return Optional.of(DatasetMetadata.read(dataset.toString(), hadoop));
        }
        checkNotOtherContent(fs, dataset);
        return Optional.empty();
    }

    /** Refuses a folder that exists, holds visible files and is not an augflow dataset: it is not ours to append to. */
    static void checkNotOtherContent(FileSystem fs, Path dataset) {
        try {
            if (!fs.exists(dataset)) {
                return;
            }
            for (FileStatus s : fs.listStatus(dataset)) {
                String name = s.getPath().getName();
                if (!name.startsWith("_") && !name.startsWith(".")) {
                    throw new IllegalArgumentException(dataset + " exists and holds " + name + " but no "
                            + DatasetMetadata.FILE_NAME + ": it is not an augflow dataset to append to");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dataset, e);
        }
    }

    /**
     * Rows already in the dataset keep their split whatever this run's settings; only rows landing now follow them.
     * A different {@code split} or {@code split-seed} than the dataset was created with is allowed (a dataset may
     * start without automatic splits) but said, since new rows then follow another rule than the old ones.
     */
    private static void warnIfSplitChanged(DatasetMetadata metadata, IngestConf ingest, Path dataset) {
        Object split = metadata.provenance().get("split");
        Object seed = metadata.provenance().get("splitSeed");
        boolean sameSplit = split == null ? ingest.split().isEmpty() : split.equals(ingest.split().toString());
        boolean sameSeed = seed == null || ingest.split().isEmpty() || (seed instanceof Number n
                && n.longValue() == ingest.splitSeed());
        if (!sameSplit || !sameSeed) {
            LOG.warn("incremental ingest: {} was created with split '{}' (seed {}), this run has split '{}' (seed {}): "
                    + "rows already in the dataset keep their split, new rows without a layout split follow this "
                    + "run's setting", dataset, split == null ? "" : split, seed, ingest.split(), ingest.splitSeed());
        }
    }

    /** The configured layout; for auto, the existing dataset's (from its provenance), else detected from the landing. */
    private static IngestLayout layout(SparkSession spark, IngestConf ingest, Optional<DatasetMetadata> existing) {
        if (ingest.layout() != IngestLayout.AUTO) {
            return ingest.layout();
        }
        Object recorded = existing.map(m -> m.provenance().get("layout")).orElse(null);
        if (recorded instanceof String name) {
            try {
                IngestLayout l = IngestLayout.parse(name);
                if (l != IngestLayout.AUTO) {
                    return l;
                }
            } catch (IllegalArgumentException notALayout) {
                // fall through to detection
            }
        }
        return LayoutDetector.detect(spark, ingest.input());
    }

    private static FileSetImporter importer(IngestLayout layout, String landing) {
        return switch (layout) {
            case IMAGE_FOLDER -> new ImageFolderImporter();
            case YOLO -> new YoloImporter();
            case COCO -> new CocoImporter();
            case IDX -> throw new IllegalArgumentException("incremental ingest takes image-folder, yolo or coco "
                    + "landing folders; " + landing + " is idx, whose archives hold many images each and are not "
                    + "appended file by file: ingest them with 'augflow ingest' (without --incremental)");
            case AUTO -> throw new IllegalArgumentException("detect the layout first");
        };
    }

    /**
     * A dataset's log and the checkpoint must belong together: batch ids restart at 0 with a new checkpoint, so a
     * log written through another one would make its batches look committed already, and their files would be
     * skipped.
     */
    private static void checkCheckpoint(IngestLog log, String checkpoint, Configuration hadoop) {
        List<IngestLogEntry> entries = log.readAll();
        if (entries.isEmpty()) {
            return;
        }
        Optional<String> queryId = ArrivalLog.queryId(checkpoint, hadoop);
        for (IngestLogEntry e : entries) {
            if (queryId.isEmpty() || !queryId.get().equals(e.queryId())) {
                throw new IllegalArgumentException("the ingest log of " + log.path(e.batchId()).getParent().getParent()
                        + " was written through checkpoint " + e.checkpoint() + " (query " + e.queryId() + "), but "
                        + checkpoint + (queryId.isEmpty() ? " is new" : " is query " + queryId.get()) + ". A dataset is "
                        + "fed through one checkpoint: pass --checkpoint " + e.checkpoint() + ". (Deleting "
                        + IngestLog.FOLDER + " instead would re-take every landed file, each then quarantined as "
                        + "DUPLICATE_ID.)");
            }
        }
    }

    /** True when the folder holds nothing visible ('.' and '_' names are skipped, as the stream skips them). */
    private static boolean isEmpty(FileSystem fs, Path folder) {
        try {
            for (FileStatus s : fs.listStatus(folder)) {
                String name = s.getPath().getName();
                if (!name.startsWith(".") && !name.startsWith("_")) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    private static FileSystem fileSystem(String path, Configuration hadoop) {
        try {
            return new Path(path).getFileSystem(hadoop);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the file system of " + path, e);
        }
    }

    private static boolean exists(FileSystem fs, Path p) {
        try {
            return fs.exists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + p, e);
        }
    }
}
