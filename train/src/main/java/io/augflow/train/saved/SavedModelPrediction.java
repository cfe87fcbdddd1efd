package io.augflow.train.saved;

import io.augflow.augment.tensor.ToTensor;
import io.augflow.train.detect.DetectorInference;
import io.augflow.train.eval.ModelBytes;
import io.augflow.train.model.DetectConf;
import io.augflow.train.predict.BatchPredictor;
import io.augflow.train.predict.ClassifierInference;
import io.augflow.train.predict.PredictConf;
import io.augflow.train.predict.PredictJob;
import io.augflow.train.predict.PredictSummary;
import io.augflow.train.spark.TrainConf;
import io.augflow.train.spark.TrainedModel;
import java.time.Instant;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * {@code predict} with a saved single network: the network restored and broadcast once, its inference built from
 * what the model recorded (input fit, normalisation, a detector's head and decoding), then {@link PredictJob}'s
 * executor pass, writing and counting.
 */
public final class SavedModelPrediction {
    private final SparkSession spark;
    private final PredictConf conf;
    private final Consumer<String> progress;

    /** @param progress one line per step (the command prints them) */
    public SavedModelPrediction(SparkSession spark, PredictConf conf, Consumer<String> progress) {
        this.spark = spark;
        this.conf = conf;
        this.progress = progress;
    }

    /**
     * Predicts every row of {@code input} with {@code model}.
     *
     * @param current the {@code train} and {@code model.detect} blocks to use when the model does not record the ones
     *                it was trained with (normalisation, score threshold, NMS); {@link PredictConf#decoding()} then
     *                replaces the decoding settings this run chose
     */
    public PredictSummary run(TrainedModel model, TrainConf current, DetectConf currentDetect, String input,
            String output) {
        Instant started = Instant.now();
        if (conf.cocoResults() && !model.isDetector()) {
            throw new IllegalArgumentException("--format coco is for detectors; model " + model.modelPath() + " is a "
                    + model.task().key() + " model");
        }
        if (conf.logitAdjustmentTau() > 0 && model.isDetector()) {
            throw new IllegalArgumentException("--logit-adjust (augflow.predict.logit-adjustment.tau = "
                    + conf.logitAdjustmentTau() + ") adjusts a classifier by its training prior; " + model.modelPath()
                    + " is a detector: set it to 0");
        }
        PredictJob job = new PredictJob(spark, conf, progress);
        job.checkBeforeLoading(input, output);
        progress.accept("predict [1/4] loading " + model.modelPath() + " (" + model.task().key() + ", "
                + model.classes().size() + " classes, input " + model.inputFit().size() + ", "
                + model.resize().key() + ")");
        Model network = model.load(spark.sparkContext().hadoopConfiguration()).network();
        TrainConf trained = model.trainConf(current);
        ClassifierInference classifier = model.isDetector() ? null
                : new ClassifierInference(model.inputFit(), new ToTensor(trained.mean(), trained.std()),
                        model.logitAdjustment(conf.logitAdjustmentTau(), spark.sparkContext().hadoopConfiguration()));
        DetectorInference detector = model.isDetector()
                ? model.inference(trained, conf.decoding().applyTo(model.detectConf(currentDetect))) : null;
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<byte[]> bytes = sc.broadcast(ModelBytes.of(network));
        try {
            BatchPredictor predictor = new BatchPredictor(bytes, network instanceof ComputationGraph, classifier,
                    detector, model.classes(), conf);
            return job.run(model.task().key(), model.isDetector(), model.modelPath(), model.classes(),
                    predictor::predict, input, output, started);
        } finally {
            bytes.destroy();
        }
    }
}
