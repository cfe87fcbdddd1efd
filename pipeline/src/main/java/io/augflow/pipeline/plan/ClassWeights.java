package io.augflow.pipeline.plan;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.augflow.pipeline.stats.ClassStats;
import io.augflow.pipeline.stats.DatasetStats;
import io.augflow.pipeline.stats.EffectiveNumber;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-class loss weights, fitted from statistics, exported as JSON for training. {@code n_c} is the
 * number of images of class c ({@link ClassStats#images()}) in the data as it is, before any resampling:
 * when weights are used beside a balancing strategy, they correct for the original imbalance, not what is
 * left of it. Over the {@code C} classes that have images:
 * <ul>
 *   <li>inverse-frequency: {@code w_c = N / (C * n_c)} with {@code N = sum n_c}, so the mean weight over
 *       images is 1;</li>
 *   <li>effective-number (Cui et al. 2019): {@code w_c = (1 - beta) / (1 - beta^n_c)}, i.e.
 *       {@code 1 / E_{n_c}}, scaled so the weights sum to {@code C}; beta is the statistics' beta
 *       ({@link EffectiveNumber});</li>
 *   <li>none: 1.</li>
 * </ul>
 * A class with no image gets 0: it has no example to weigh.
 */
public record ClassWeights(
        @JsonProperty("method") ClassWeighting method,
        @JsonProperty("weights") Map<Integer, Double> weights) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ClassWeights {
        weights = Map.copyOf(new TreeMap<>(weights));
    }

    /** The weights {@code balance.class-weights} asks for. */
    public static ClassWeights fit(DatasetStats stats, PlanConf conf) {
        return fit(stats, conf.classWeights());
    }

    public static ClassWeights fit(DatasetStats stats, ClassWeighting method) {
        long nonEmpty = stats.classes().stream().filter(c -> c.images() > 0).count();
        long total = stats.classes().stream().mapToLong(ClassStats::images).sum();
        double[] effectiveWeights = EffectiveNumber.normalisedInverse(stats.classes().stream()
                .mapToDouble(c -> c.images() > 0 ? c.effectiveNumber() : 0.0).toArray());
        Map<Integer, Double> weights = new TreeMap<>();
        for (int i = 0; i < stats.classes().size(); i++) {
            ClassStats c = stats.classes().get(i);
            double w;
            if (c.images() == 0) {
                w = 0.0;
            } else {
                w = switch (method) {
                    case NONE -> 1.0;
                    case INVERSE_FREQUENCY -> (double) total / (nonEmpty * c.images());
                    case EFFECTIVE_NUMBER -> effectiveWeights[i];
                };
            }
            weights.put(c.classId(), w);
        }
        return new ClassWeights(method, weights);
    }

    /** The weight of {@code classId}; 1 for a class the statistics never saw (an unfitted class is not penalised). */
    public double weight(int classId) {
        return weights.getOrDefault(classId, 1.0);
    }

    /** Weights indexed by class id, for a loss function over {@code classCount} outputs. */
    public double[] toArray(int classCount) {
        double[] w = new double[classCount];
        for (int c = 0; c < classCount; c++) {
            w[c] = weight(c);
        }
        return w;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("class weights do not serialise", e);
        }
    }

    public static ClassWeights fromJson(String json) {
        try {
            return JSON.readValue(json, ClassWeights.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a class weights JSON: " + e.getOriginalMessage(), e);
        }
    }
}
