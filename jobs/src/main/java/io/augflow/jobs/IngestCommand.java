package io.augflow.jobs;

import com.typesafe.config.Config;
import io.augflow.augment.OpenCv;
import io.augflow.augment.conf.ConfBlock;
import io.augflow.pipeline.ingest.IngestConf;
import io.augflow.pipeline.ingest.IngestJob;
import io.augflow.pipeline.ingest.IngestSummary;
import io.augflow.pipeline.ingest.incremental.IncrementalIngestConf;
import io.augflow.pipeline.ingest.incremental.IncrementalIngestJob;
import io.augflow.pipeline.ingest.incremental.IncrementalIngestResult;
import io.augflow.pipeline.spark.SparkSessions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code augflow ingest}: a real-world layout to the dataset format, bad rows to the quarantine. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Import image-folder, IDX (MNIST), YOLO or COCO data into the augflow dataset format.",
            "Images: PNG, JPEG, BMP, WebP, TIFF. A photo's EXIF orientation (phones) is applied: rows are stored"
                + " upright (re-encoded once when turned) and boxes are checked against the upright size. The"
                + " dataset holds PNG and JPEG only (BMP, WebP, TIFF are stored as PNG).",
            "Bad rows go to <output>_quarantine with a reason; the job fails, writing nothing, when their share"
                + " exceeds augflow.ingest.max-bad-fraction.",
            "With --incremental, appends the files landed since the last run instead (see the README)."})
public final class IngestCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "PATH",
            description = "The folder (or COCO JSON file) to import.")
    String input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "PATH", description = "The dataset folder to create.")
    String output;

    @Option(names = "--layout", description = "auto, image-folder, idx, yolo or coco (augflow.ingest.layout).")
    String layout;

    @Option(names = "--classes", paramLabel = "A,B,...", description = "Class names overriding the layout's.")
    String classes;

    @Option(names = "--max-bad-fraction", description = "augflow.ingest.max-bad-fraction (default 0.05).")
    Double maxBadFraction;

    @Option(names = "--split", paramLabel = "train=F,val=F,test=F", description = {"Draw the split of rows whose "
            + "layout names none (no train/val/test folders; COCO) into these shares, e.g. train=0.8,val=0.1,test=0.1"
            + " (augflow.ingest.split; default \"\": augflow.ingest.default-split).",
        "Each row's split depends only on (augflow.ingest.split-seed, its id): the same in every run and on every "
            + "partitioning, and kept when files are added. Rows in split folders keep their folder's split."})
    String split;

    @Option(names = "--overwrite", description = "Replace an existing dataset (only once the new one is complete).")
    boolean overwrite;

    @Option(names = "--incremental", description = {"Append the files landed in the input folder since the last run "
            + "(each once, also across crashes and reruns) to the dataset, creating it on the first run.",
        "Layouts image-folder, yolo, coco (not idx); --overwrite does not apply."})
    boolean incremental;

    @Option(names = "--checkpoint", paramLabel = "DIR", description = "With --incremental: the streaming checkpoint "
            + "(augflow.ingest.incremental.checkpoint; default <output>_ingest_checkpoint).")
    String checkpoint;

    @Override
    public Integer call() {
        Map<String, Object> o = new LinkedHashMap<>();
        GenerateCommand.putIfSet(o, "augflow.ingest.layout", layout);
        GenerateCommand.putIfSet(o, "augflow.ingest.max-bad-fraction", maxBadFraction);
        GenerateCommand.putIfSet(o, "augflow.ingest.split", split);
        if (checkpoint != null && !incremental) {
            throw new IllegalArgumentException("--checkpoint is only for --incremental");
        }
        // the arguments join the ingest block, so one reader checks every value with its full key
        o.put("augflow.ingest." + IngestConf.INPUT, input);
        o.put("augflow.ingest." + IngestConf.OUTPUT, output);
        o.put("augflow.ingest." + IngestConf.OVERWRITE, overwrite);
        GenerateCommand.putIfSet(o, "augflow.ingest." + IngestConf.CLASSES, classes);
        GenerateCommand.putIfSet(o, "augflow.ingest.incremental." + IncrementalIngestConf.CHECKPOINT, checkpoint);
        Config conf = common.resolve(o);
        ConfBlock block = ConfBlock.of(conf, "ingest");
        IngestConf ingest = IngestConf.from(block);
        if (incremental) {
            IncrementalIngestConf incrementalConf = IncrementalIngestConf.from(ingest,
                    block.child(IngestConf.INCREMENTAL));
            OpenCv.load();
            IncrementalIngestResult r = IncrementalIngestJob.run(
                    SparkSessions.getOrCreate(conf.getConfig("spark"), "ingest --incremental"), incrementalConf);
            System.out.println(r.describe());
            return 0;
        }
        OpenCv.load();
        IngestSummary s = IngestJob.run(SparkSessions.getOrCreate(conf.getConfig("spark"), "ingest"), ingest);
        System.out.println(s.describe());
        return 0;
    }
}
