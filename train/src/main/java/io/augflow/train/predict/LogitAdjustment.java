package io.augflow.train.predict;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * Post-hoc logit adjustment (Menon et al., "Long-tail learning via logit adjustment", 2021), at inference: a
 * classifier trained on a skewed prior {@code pi} predicts from {@code log p_k - tau * log pi_k} instead of
 * {@code log p_k}, renormalised:
 * <pre>
 *   p'_k = (p_k / pi_k^tau) / sum_j (p_j / pi_j^tau)
 * </pre>
 * so rare classes are raised and the argmax is the balanced-error-optimal one at {@code tau = 1}. The prior is the
 * class counts the model was trained on ({@code prior} in {@code model.json}); {@code tau = 0} changes nothing.
 *
 * @param tau   strength, finite and >= 0
 * @param prior the training class counts, one per class, each >= 1 (empty when {@code tau = 0})
 */
public record LogitAdjustment(double tau, List<Long> prior) implements Serializable {
    public static final LogitAdjustment NONE = new LogitAdjustment(0, List.of());

    public LogitAdjustment {
        prior = List.copyOf(prior);
        if (!(tau >= 0) || Double.isInfinite(tau)) {
            throw new IllegalArgumentException("augflow.predict.logit-adjustment.tau (--logit-adjust) must be a finite"
                    + " number >= 0, got " + tau);
        }
        if (tau > 0 && (prior.isEmpty() || prior.stream().anyMatch(n -> n < 1))) {
            throw new IllegalArgumentException("logit adjustment needs the training prior with every class count"
                    + " >= 1, got " + prior + (prior.isEmpty() ? " (the model.json has no 'prior': retrain the model"
                    + " with this version, or set --logit-adjust 0)" : ""));
        }
    }

    public boolean isOff() {
        return tau == 0;
    }

    /** The adjusted, renormalised probabilities of each row ({@code [samples][classes]}); the input is untouched. */
    public float[][] apply(float[][] probabilities) {
        if (isOff()) {
            return probabilities;
        }
        double total = prior.stream().mapToLong(Long::longValue).sum();
        double[] divisor = prior.stream().mapToDouble(n -> Math.pow(n / total, tau)).toArray();
        float[][] out = new float[probabilities.length][];
        for (int i = 0; i < probabilities.length; i++) {
            float[] p = probabilities[i];
            if (p.length != divisor.length) {
                throw new IllegalArgumentException("logit adjustment: the model has " + p.length + " classes but its"
                        + " prior " + divisor.length + ": " + prior);
            }
            double[] q = new double[p.length];
            double sum = 0;
            for (int k = 0; k < p.length; k++) {
                q[k] = p[k] / divisor[k];
                sum += q[k];
            }
            out[i] = new float[p.length];
            for (int k = 0; k < p.length; k++) {
                out[i][k] = (float) (q[k] / sum);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return isOff() ? "none" : "tau " + tau + " over the prior " + Arrays.toString(prior.toArray());
    }
}
