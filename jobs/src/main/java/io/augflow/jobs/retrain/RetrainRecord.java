package io.augflow.jobs.retrain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.augflow.train.detect.eval.CocoMetrics;
import io.augflow.train.eval.ClassificationMetrics;
import io.augflow.train.retrain.DataDelta;
import io.augflow.train.retrain.PromotionDecision;
import java.util.List;

/**
 * Everything a retrain run found and decided: {@code retrain.json} is this record and
 * {@code retrain-report.html} is rendered from it alone. Parts a run did not reach are absent from the JSON
 * (and {@code null} here): a nothing-to-do run has no metrics, a first model no delta, a failed run stops where it
 * failed.
 *
 * @param outcome how the run ended
 * @param summary one line, as printed on the console
 * @param reasons why: the promotion rule's sentences, or the reason for the outcome
 * @param championBefore the champion version when the run started
 * @param challenger the version this run registered
 * @param championAfter the champion version when the run ended
 * @param holdoutSplit the split both models were scored on
 * @param championMetrics the champion on the holdout
 * @param challengerMetrics the new model on the holdout
 * @param decision the promotion rule's decision and figures (absent when no comparison was made)
 * @param error the error's message when the run failed
 * @param championDetection a detector champion's COCO metrics on the holdout (instead of {@code championMetrics})
 * @param challengerDetection a detector challenger's COCO metrics on the holdout (instead of
 *                            {@code challengerMetrics})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RetrainRecord(
        @JsonProperty("outcome") RetrainOutcome outcome,
        @JsonProperty("summary") String summary,
        @JsonProperty("reasons") List<String> reasons,
        @JsonProperty("dataset") String dataset,
        @JsonProperty("registry") String registry,
        @JsonProperty("runDir") String runDir,
        @JsonProperty("startedAt") String startedAt,
        @JsonProperty("finishedAt") String finishedAt,
        @JsonProperty("championBefore") Integer championBefore,
        @JsonProperty("challenger") Integer challenger,
        @JsonProperty("championAfter") Integer championAfter,
        @JsonProperty("delta") DataDelta delta,
        @JsonProperty("balance") BalanceSummary balance,
        @JsonProperty("training") TrainingSummary training,
        @JsonProperty("holdoutSplit") String holdoutSplit,
        @JsonProperty("championMetrics") ClassificationMetrics championMetrics,
        @JsonProperty("challengerMetrics") ClassificationMetrics challengerMetrics,
        @JsonProperty("decision") PromotionDecision decision,
        @JsonProperty("error") String error,
        @JsonProperty("championDetection") CocoMetrics championDetection,
        @JsonProperty("challengerDetection") CocoMetrics challengerDetection) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public RetrainRecord {
        reasons = List.copyOf(reasons);
    }

    /** A classifier's run (no COCO metrics). */
    public RetrainRecord(RetrainOutcome outcome, String summary, List<String> reasons, String dataset,
            String registry, String runDir, String startedAt, String finishedAt, Integer championBefore,
            Integer challenger, Integer championAfter, DataDelta delta, BalanceSummary balance,
            TrainingSummary training, String holdoutSplit, ClassificationMetrics championMetrics,
            ClassificationMetrics challengerMetrics, PromotionDecision decision, String error) {
        this(outcome, summary, reasons, dataset, registry, runDir, startedAt, finishedAt, championBefore, challenger,
                championAfter, delta, balance, training, holdoutSplit, championMetrics, challengerMetrics, decision,
                error, null, null);
    }

    /**
     * The balancing report of the dataset the challenger was trained on (written by the {@code report} job's code).
     *
     * @param reportHtml the page, relative to the run folder
     * @param reportJson its JSON, relative to the run folder
     * @param strategy the {@code balance.strategy}
     * @param imbalanceBefore largest / smallest class in the dataset
     * @param imbalanceAfter the same over one epoch of the plan
     * @param classes images per class before and in one epoch of the plan
     */
    public record BalanceSummary(@JsonProperty("reportHtml") String reportHtml,
            @JsonProperty("reportJson") String reportJson, @JsonProperty("strategy") String strategy,
            @JsonProperty("imbalanceBefore") double imbalanceBefore,
            @JsonProperty("imbalanceAfter") double imbalanceAfter,
            @JsonProperty("classes") List<ClassBalance> classes) {
        public BalanceSummary {
            classes = List.copyOf(classes);
        }
    }

    /** One class: images in the dataset's counted splits, and their uses in one epoch of the plan. */
    public record ClassBalance(@JsonProperty("name") String name, @JsonProperty("images") long images,
            @JsonProperty("epochImages") long epochImages) {}

    /**
     * How the new model was trained.
     *
     * @param output the training output folder (model.zip, model.json, checkpoints)
     * @param trainingReport its training-report.html, relative to the run folder
     * @param trainedFrom "scratch" or the champion version it was warm-started from ("v0003")
     * @param epochs epochs trained
     * @param seconds wall time of the training
     * @param configHash SHA-256 of the training configuration
     * @param seed {@code augflow.seed}
     */
    public record TrainingSummary(@JsonProperty("output") String output,
            @JsonProperty("trainingReport") String trainingReport, @JsonProperty("trainedFrom") String trainedFrom,
            @JsonProperty("epochs") int epochs, @JsonProperty("seconds") double seconds,
            @JsonProperty("configHash") String configHash, @JsonProperty("seed") long seed) {}

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("retrain record does not serialise", e);
        }
    }
}
