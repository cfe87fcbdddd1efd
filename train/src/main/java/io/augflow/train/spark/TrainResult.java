package io.augflow.train.spark;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.augflow.pipeline.plan.ClassPrior;
import io.augflow.train.detect.eval.CocoMetrics;
import io.augflow.train.eval.ClassificationMetrics;
import io.augflow.train.summary.ModelSummary;
import java.util.List;
import java.util.Map;

/**
 * What a training run produced: the model's place, its history and test metrics, with provenance.
 * Written as {@code model.json} beside {@code model.zip}.
 *
 * <p>{@code input} is {@code [channels, height, width]}; {@code resize} the policy that brings other sizes to it
 * and {@code inputChoice} why that size ({@link io.augflow.train.model.InputChoice}); {@code backgroundExcluded}
 * the rows per split left out of a classifier's training and evaluation for having neither a label nor a box.
 * A detector ({@code task} detect) has {@code testDetection} (COCO metrics of the test split, whose ground truth and
 * detections are also written as COCO JSON under {@code coco/}) instead of {@code test}, and {@code detector}: its
 * grid stride and anchors (network-input pixels), needed to decode its output. {@code kept} ({@link KeptEpoch}) says
 * which epoch {@code model.zip} is (the best by the validation metric, else the last) and whether training stopped
 * early; {@code test}/{@code testDetection} are that epoch's figures. {@code prior} holds the class counts the kept
 * epoch trained on (the plan's expected counts when it balanced; post-hoc logit adjustment reads it), {@code loss}
 * ({@link LossRecord}) and {@code balance} ({@link BalanceRecord}) the loss and sampling schedules.
 */
public record TrainResult(
        @JsonProperty("model") String model,
        @JsonProperty("architecture") String architecture,
        @JsonProperty("classes") List<String> classes,
        @JsonProperty("input") int[] input,
        @JsonProperty("resize") String resize,
        @JsonProperty("inputChoice") String inputChoice,
        @JsonProperty("task") String task,
        @JsonProperty("backgroundExcluded") Map<String, Long> backgroundExcluded,
        @JsonProperty("epochs") int epochs,
        @JsonProperty("resumedFromEpoch") int resumedFromEpoch,
        @JsonProperty("history") List<EpochRecord> history,
        @JsonProperty("test") ClassificationMetrics test,
        @JsonProperty("summary") ModelSummary summary,
        @JsonProperty("provenance") Map<String, Object> provenance,
        @JsonProperty("testDetection") CocoMetrics testDetection,
        @JsonProperty("detector") DetectorRecord detector,
        @JsonProperty("kept") KeptEpoch kept,
        @JsonProperty("prior") ClassPrior prior,
        @JsonProperty("loss") LossRecord loss,
        @JsonProperty("balance") BalanceRecord balance) {

    /** A result without the long-tail provenance (prior, loss, balance), as written before it existed. */
    public TrainResult(String model, String architecture, List<String> classes, int[] input, String resize,
            String inputChoice, String task, Map<String, Long> backgroundExcluded, int epochs, int resumedFromEpoch,
            List<EpochRecord> history, ClassificationMetrics test, ModelSummary summary,
            Map<String, Object> provenance, CocoMetrics testDetection, DetectorRecord detector, KeptEpoch kept) {
        this(model, architecture, classes, input, resize, inputChoice, task, backgroundExcluded, epochs,
                resumedFromEpoch, history, test, summary, provenance, testDetection, detector, kept, null, null, null);
    }

    /** A result without the record of the kept epoch (written before it existed, or built by hand). */
    public TrainResult(String model, String architecture, List<String> classes, int[] input, String resize,
            String inputChoice, String task, Map<String, Long> backgroundExcluded, int epochs, int resumedFromEpoch,
            List<EpochRecord> history, ClassificationMetrics test, ModelSummary summary,
            Map<String, Object> provenance, CocoMetrics testDetection, DetectorRecord detector) {
        this(model, architecture, classes, input, resize, inputChoice, task, backgroundExcluded, epochs,
                resumedFromEpoch, history, test, summary, provenance, testDetection, detector, null);
    }

    /** A classifier's result. */
    public TrainResult(String model, String architecture, List<String> classes, int[] input, String resize,
            String inputChoice, String task, Map<String, Long> backgroundExcluded, int epochs, int resumedFromEpoch,
            List<EpochRecord> history, ClassificationMetrics test, ModelSummary summary,
            Map<String, Object> provenance) {
        this(model, architecture, classes, input, resize, inputChoice, task, backgroundExcluded, epochs,
                resumedFromEpoch, history, test, summary, provenance, null, null, null);
    }

    /**
     * Which epoch {@code model.zip} holds and why; the test figures are that epoch's. Epochs are 0-based as in
     * {@code history}.
     *
     * @param metric       the validation metric that ranked the epochs, {@code none} without a validation split
     * @param bestEpoch    the epoch saved as {@code model.zip} (the last one without validation)
     * @param value        its validation metric, null when none ranked it
     * @param lastEpoch    the last epoch trained (its network is the newest checkpoint)
     * @param stoppedEarly whether early stopping ended training before {@code epochs}
     * @param stopReason   why it stopped early, null otherwise
     * @param note         why this epoch was kept, in words
     */
    public record KeptEpoch(
            @JsonProperty("metric") String metric,
            @JsonProperty("bestEpoch") int bestEpoch,
            @JsonProperty("value") Double value,
            @JsonProperty("lastEpoch") int lastEpoch,
            @JsonProperty("stoppedEarly") boolean stoppedEarly,
            @JsonProperty("stopReason") String stopReason,
            @JsonProperty("note") String note) {}

    /**
     * The loss as trained: its type and parameters, the class-balanced block and the deferred re-weighting epoch
     * (0-based), and the kept epoch's loss in words.
     */
    public record LossRecord(
            @JsonProperty("type") String type,
            @JsonProperty("parameters") Map<String, Object> parameters,
            @JsonProperty("classBalanced") boolean classBalanced,
            @JsonProperty("beta") double beta,
            @JsonProperty("drwEpoch") int drwEpoch,
            @JsonProperty("keptEpochLoss") String keptEpochLoss) {}

    /** The balancing as trained: the strategy and the first epoch (0-based) it sampled by (deferred re-sampling). */
    public record BalanceRecord(@JsonProperty("strategy") String strategy, @JsonProperty("startEpoch") int startEpoch) {}

    /**
     * A detector's head as recorded: grid stride and anchors {@code [w, h]} in network-input pixels, and the loss on
     * its class softmax ({@code model.detect.class-loss}) with the per-class weights it trained with
     * ({@code loss.class-balanced}: empty when unweighted; both null in results written before they were recorded).
     */
    public record DetectorRecord(@JsonProperty("stride") int stride, @JsonProperty("anchors") double[][] anchors,
                                 @JsonProperty("classLoss") String classLoss,
                                 @JsonProperty("classWeights") java.util.List<Double> classWeights) {
        /** Jackson reads through this one (a checkpoint's head.json, model.json), not the head-only constructor. */
        @com.fasterxml.jackson.annotation.JsonCreator
        public DetectorRecord {
        }

        /** The head alone (a checkpoint's side file; results written before the class loss was recorded). */
        public DetectorRecord(int stride, double[][] anchors) {
            this(stride, anchors, null, null);
        }
    }
}
