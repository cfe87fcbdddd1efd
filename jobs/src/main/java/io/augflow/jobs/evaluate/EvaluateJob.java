package io.augflow.jobs.evaluate;

import io.augflow.augment.DataException;
import io.augflow.pipeline.dataset.AtomicOutput;
import io.augflow.pipeline.dataset.DatasetMetadata;
import io.augflow.pipeline.output.OutputWriteException;
import io.augflow.train.detect.eval.CocoJsonWriter;
import io.augflow.train.evaluate.ClassifierEvaluation;
import io.augflow.train.evaluate.DetectorEvaluation;
import io.augflow.train.evaluate.EvaluateConf;
import io.augflow.train.evaluate.ModelEvaluator;
import io.augflow.train.evaluate.SplitEvaluation;
import io.augflow.train.model.DetectConf;
import io.augflow.train.saved.SavedModelEvaluation;
import io.augflow.train.spark.TrainConf;
import io.augflow.train.spark.TrainedModel;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * {@code augflow evaluate}: a saved model scored on one split of a dataset by the {@link ModelEvaluator} (on the
 * executors, the inference path of {@code predict}), written into one folder that appears complete or not at all
 * ({@link AtomicOutput}): {@value #JSON_FILE} ({@link EvaluationRecord}), {@value #HTML_FILE}
 * ({@link EvaluateReportHtml}) and, for a detector, the split's ground truth as a COCO instances file
 * ({@value #COCO_INSTANCES}) and the detections as a COCO results file ({@value #COCO_RESULTS}) with the same image
 * ids, ready for pycocotools.
 */
public final class EvaluateJob {
    public static final String JSON_FILE = "metrics.json";
    public static final String HTML_FILE = "metrics.html";
    public static final String COCO_INSTANCES = "coco_instances.json";
    public static final String COCO_RESULTS = "coco_results.json";

    private final SparkSession spark;
    private final EvaluateConf conf;
    private final boolean overwrite;
    private final Consumer<String> progress;

    /** @param progress one line per step (the command prints them) */
    public EvaluateJob(SparkSession spark, EvaluateConf conf, boolean overwrite, Consumer<String> progress) {
        this.spark = spark;
        this.conf = conf;
        this.overwrite = overwrite;
        this.progress = progress;
    }

    /**
     * Scores {@code model} on {@code split} of {@code dataset} and writes the folder {@code output}.
     *
     * @param current       the {@code train} block for a model that does not record its own
     * @param currentDetect the {@code model.detect} block, likewise
     * @throws DataException when the model's classes are not the dataset's
     */
    public EvaluationRecord run(TrainedModel model, TrainConf current, DetectConf currentDetect, String dataset,
            String split, String output) {
        Instant started = Instant.now();
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        AtomicOutput out = new AtomicOutput(output, overwrite, hadoop);
        out.checkTarget();
        List<String> classes = DatasetMetadata.read(dataset, hadoop).classes();
        if (!classes.equals(model.classes())) {
            throw new DataException("model " + model.modelPath() + " predicts classes " + model.classes()
                    + " but dataset " + dataset + " has " + classes + ": evaluate needs the same classes in the same"
                    + " order");
        }
        progress.accept("evaluate [1/3] " + model.modelPath() + " (" + model.task().key() + ", " + classes.size()
                + " classes, input " + model.inputFit().size() + ", " + model.resize().key() + ") on split '" + split
                + "' of " + dataset);
        SplitEvaluation result = new SavedModelEvaluation(spark, conf).evaluate(model, current, currentDetect, dataset,
                split, classes);
        progress.accept("evaluate [2/3] writing " + out.target());
        double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
        EvaluationRecord record = record(model, dataset, split, result, started, seconds);
        try {
            Path dir = new Path(out.temp());
            FileSystem fs = dir.getFileSystem(hadoop);
            fs.mkdirs(dir);
            write(fs, new Path(dir, JSON_FILE), record.toJson().getBytes(StandardCharsets.UTF_8));
            write(fs, new Path(dir, HTML_FILE), EvaluateReportHtml.render(record).getBytes(StandardCharsets.UTF_8));
            if (result instanceof DetectorEvaluation d) {
                try (OutputStream o = fs.create(new Path(dir, COCO_INSTANCES), false)) {
                    CocoJsonWriter.writeGroundTruth(d.groundTruth(), o);
                }
                try (OutputStream o = fs.create(new Path(dir, COCO_RESULTS), false)) {
                    CocoJsonWriter.writeDetections(d.groundTruth(), d.detections(), o);
                }
            }
            progress.accept("evaluate [3/3] committing " + out.target());
            out.commit();
            return record;
        } catch (IOException e) {
            throw OutputWriteException.wrap(out.target().toString(), e);
        } finally {
            out.abort();
        }
    }

    private EvaluationRecord record(TrainedModel model, String dataset, String split, SplitEvaluation result,
            Instant started, double seconds) {
        String when = started.toString();
        if (result instanceof ClassifierEvaluation c) {
            return new EvaluationRecord(model.task().key(), model.modelPath(), dataset, split, conf.tta().key(), when,
                    seconds, c.counts(), c.metrics(), c.calibration(), null, null, null);
        }
        DetectorEvaluation d = (DetectorEvaluation) result;
        return new EvaluationRecord(model.task().key(), model.modelPath(), dataset, split, conf.tta().key(), when,
                seconds, d.counts(), null, null, d.metrics().toMap(), COCO_INSTANCES, COCO_RESULTS);
    }

    private static void write(FileSystem fs, Path file, byte[] bytes) throws IOException {
        try (OutputStream o = fs.create(file, false)) {
            o.write(bytes);
        }
    }
}
