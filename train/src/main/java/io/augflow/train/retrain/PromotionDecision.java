package io.augflow.train.retrain;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What {@link PromotionRule} decided, with the figures it decided on, so a report can show them and a test can
 * check them.
 *
 * @param promote whether the challenger replaces the champion
 * @param reasons one sentence per check, in order (metric first, then the per-class figure), each naming the
 *                figures and the threshold; the failing ones say why the challenger was rejected
 * @param metric the {@code retrain.metric} key compared
 * @param championScore the champion's metric on the holdout
 * @param challengerScore the challenger's metric on the holdout
 * @param improvement {@code challengerScore - championScore}
 * @param minImprovement the margin required
 * @param classFigure the per-class figure checked: {@code recall} for a classifier, {@code AP} (or {@code AP50})
 *                    for a detector
 * @param maxClassDrop the largest drop of that figure allowed for any class ({@code retrain.max-recall-drop} or
 *                     {@code retrain.max-ap-drop})
 * @param perClass per class, in class order
 */
public record PromotionDecision(
        @JsonProperty("promote") boolean promote,
        @JsonProperty("reasons") List<String> reasons,
        @JsonProperty("metric") String metric,
        @JsonProperty("championScore") double championScore,
        @JsonProperty("challengerScore") double challengerScore,
        @JsonProperty("improvement") double improvement,
        @JsonProperty("minImprovement") double minImprovement,
        @JsonProperty("classFigure") String classFigure,
        @JsonProperty("maxClassDrop") double maxClassDrop,
        @JsonProperty("perClass") List<ClassFigure> perClass) {

    public PromotionDecision {
        reasons = List.copyOf(reasons);
        perClass = List.copyOf(perClass);
    }

    /**
     * One class's figure (recall, or a detector's AP) on the holdout under both models.
     *
     * @param support holdout images of the class, or a detector's ground-truth boxes of it (a class without any is
     *                not checked)
     * @param drop {@code champion - challenger} (negative when the challenger is better)
     * @param exceeds whether the drop is larger than the limit
     */
    public record ClassFigure(@JsonProperty("name") String name, @JsonProperty("support") long support,
            @JsonProperty("champion") double champion, @JsonProperty("challenger") double challenger,
            @JsonProperty("drop") double drop, @JsonProperty("exceeds") boolean exceeds) {}

    /** Whether the metric beat the champion by the margin. */
    public boolean metricImproved() {
        return improvement >= minImprovement - PromotionRule.TOLERANCE;
    }

    /** The classes whose figure fell by more than allowed. */
    public List<ClassFigure> classDrops() {
        return perClass.stream().filter(ClassFigure::exceeds).toList();
    }
}
