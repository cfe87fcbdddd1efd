package io.augflow.train.retrain;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What {@link PromotionRule} decided, with the figures it decided on, so a report can show them and a test can
 * check them.
 *
 * @param promote whether the challenger replaces the champion
 * @param reasons one sentence per check, in order (metric first, then recall), each naming the figures and the
 *                threshold; the failing ones say why the challenger was rejected
 * @param metric the {@code retrain.metric} key compared
 * @param championScore the champion's metric on the holdout
 * @param challengerScore the challenger's metric on the holdout
 * @param improvement {@code challengerScore - championScore}
 * @param minImprovement the margin required
 * @param maxRecallDrop the largest recall drop allowed for any class
 * @param recalls per class, in class order
 */
public record PromotionDecision(
        @JsonProperty("promote") boolean promote,
        @JsonProperty("reasons") List<String> reasons,
        @JsonProperty("metric") String metric,
        @JsonProperty("championScore") double championScore,
        @JsonProperty("challengerScore") double challengerScore,
        @JsonProperty("improvement") double improvement,
        @JsonProperty("minImprovement") double minImprovement,
        @JsonProperty("maxRecallDrop") double maxRecallDrop,
        @JsonProperty("recalls") List<ClassRecall> recalls) {

    public PromotionDecision {
        reasons = List.copyOf(reasons);
        recalls = List.copyOf(recalls);
    }

    /**
     * One class's recall on the holdout under both models.
     *
     * @param support holdout images of the class (a class without any is not checked)
     * @param drop {@code champion - challenger} (negative when the challenger is better)
     * @param exceeds whether the drop is larger than {@code max-recall-drop}
     */
    public record ClassRecall(@JsonProperty("name") String name, @JsonProperty("support") long support,
            @JsonProperty("champion") double champion, @JsonProperty("challenger") double challenger,
            @JsonProperty("drop") double drop, @JsonProperty("exceeds") boolean exceeds) {}

    /** Whether the metric beat the champion by the margin. */
    public boolean metricImproved() {
        return improvement >= minImprovement - PromotionRule.TOLERANCE;
    }

    /** The classes whose recall fell by more than allowed. */
    public List<ClassRecall> recallDrops() {
        return recalls.stream().filter(ClassRecall::exceeds).toList();
    }
}
