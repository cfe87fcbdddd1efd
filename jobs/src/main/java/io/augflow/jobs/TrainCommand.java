package io.augflow.jobs;

import com.typesafe.config.Config;
import io.augflow.augment.OpenCv;
import io.augflow.pipeline.spark.SparkSessions;
import io.augflow.train.backend.CpuBackend;
import io.augflow.train.backend.CpuLaunchSettings;
import io.augflow.train.backend.GpuLaunchCheck;
import io.augflow.train.spark.SparkTrainer;
import io.augflow.train.spark.TrainingConf;
import io.augflow.train.spark.TrainingOutputs;
import io.augflow.train.spark.TrainResult;
import io.augflow.jobs.trainreport.TrainingReport;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code augflow train}: parameter-averaging DL4J training on the per-epoch augmented stream. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a classifier or an object detector with DL4J parameter averaging on Spark, streaming",
            "freshly augmented, balanced samples every epoch. Writes model.zip (the epoch of the best validation",
            "metric, train.best-model; optional early stopping, train.early-stopping), model.json (history, the",
            "kept epoch, its test metrics, provenance)",
            "training-report.html (curves, confusion matrix, per-class recall, model summary; for a detector",
            "AP per epoch, per class and by size, precision/recall curves, test images with their boxes;",
            "local outputs)",
            "and per-epoch checkpoints under the output folder."})
public final class TrainCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = {"-d", "--dataset"}, required = true, paramLabel = "PATH", description = "An augflow dataset.")
    String dataset;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Where the model goes.")
    String output;

    @Option(names = "--epochs", description = "augflow.train.epochs")
    Integer epochs;

    @Option(names = "--architecture", description = "lenet5, vgg-small, resnet-small, mobilenet-small for a classifier;"
            + " a detector is always yolo-small (augflow.model.architecture)")
    String architecture;

    @Option(names = "--task", description = "classify, detect, or auto: detect when the train split has boxes and no"
            + " image labels (augflow.model.task)")
    String task;

    @Option(names = "--resume", description = "Continue from the last good checkpoint in the output folder.")
    boolean resume;

    @Override
    public Integer call() throws java.io.IOException {
        Map<String, Object> o = new LinkedHashMap<>();
        GenerateCommand.putIfSet(o, "augflow.train.epochs", epochs);
        GenerateCommand.putIfSet(o, "augflow.model.architecture", architecture);
        GenerateCommand.putIfSet(o, "augflow.model.task", task);
        Config conf = common.resolve(o);
        TrainingConf run = TrainingConf.from(conf);
        OpenCv.load();
        CpuBackend.configureFromSystemProperties();
        CpuBackend.tuneNd4j();
        SparkSession spark = SparkSessions.getOrCreate(conf.getConfig("spark"), "train", sparkConf -> {
                    GpuLaunchCheck.check(sparkConf);
                    return CpuLaunchSettings.defaults(sparkConf.getInt("spark.task.cpus", 1)).applyTo(sparkConf);
                });
        TrainResult result = new SparkTrainer(spark, run).train(dataset, output, resume, new ConsoleProgress());
        if (result.test() != null) {
            System.out.printf("test (%d images): accuracy %.4f, macro-F1 %.4f, balanced accuracy %.4f%n",
                    result.test().examples(), result.test().accuracy(), result.test().macroF1(),
                    result.test().balancedAccuracy());
        }
        if (result.testDetection() != null) {
            var t = result.testDetection();
            System.out.printf("test: AP %.4f, AP50 %.4f, AP75 %.4f, AP_small %.4f, AP_medium %.4f, AR100 %.4f"
                    + " (COCO; -1 = no such objects)%n", t.ap(), t.ap50(), t.ap75(), t.apSmall(), t.apMedium(),
                    t.ar100());
            System.out.println("coco:    " + output + "/" + TrainingOutputs.COCO_DIR + "/" + run.train().testSplit()
                    + "-{ground-truth,detections}.json (pycocotools recomputes the figures from them)");
        }
        System.out.println("model:   " + result.model() + kept(result.kept()));
        System.out.println("history: " + output + "/" + SparkTrainer.RESULT_FILE);
        if (!output.contains("://") || output.startsWith("file:")) {
            Path dir = output.startsWith("file:") ? Path.of(java.net.URI.create(output)) : Path.of(output);
            System.out.println("report:  " + TrainingReport.write(result, dir, spark));
        }
        return 0;
    }

    /** Which epoch model.zip holds and whether training stopped early, 1-based as the progress bar counts. */
    static String kept(TrainResult.KeptEpoch kept) {
        if (kept == null) {
            return "";
        }
        String which = " (epoch " + (kept.bestEpoch() + 1) + " of " + (kept.lastEpoch() + 1) + ": " + kept.note();
        return which + (kept.stoppedEarly() ? "; stopped early: " + kept.stopReason() : "") + ")";
    }
}
