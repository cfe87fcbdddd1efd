package io.augflow.train.tune;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Parzen estimator of a range (Bergstra et al. 2011, section 4.1): an equal-weight mixture of Gaussians truncated to
 * [low, high], one at each observation plus one prior component at the middle whose width is the whole range. A
 * kernel's width is the larger gap to its neighbours, clipped to [range / min(100, n + 1), range], so that dense
 * observations give sharp kernels and lone ones broad kernels (hyperopt's adaptive Parzen rule).
 */
final class GaussianParzen implements ParzenDensity {
    private static final int MAX_REJECTIONS = 100;

    private final double low;
    private final double high;
    private final double[] means;
    private final double[] sigmas;
    /** Each component's probability mass inside [low, high], dividing its density. */
    private final double[] mass;

    GaussianParzen(double low, double high, double[] observations) {
        this.low = low;
        this.high = high;
        double range = high - low;
        double middle = (low + high) / 2;
        double[] sorted = observations.clone();
        Arrays.sort(sorted);
        // the prior kernel takes its sorted place among the observations, so that it counts as their neighbour
        int prior = 0;
        while (prior < sorted.length && sorted[prior] < middle) {
            prior++;
        }
        int n = sorted.length + 1;
        means = new double[n];
        System.arraycopy(sorted, 0, means, 0, prior);
        means[prior] = middle;
        System.arraycopy(sorted, prior, means, prior + 1, sorted.length - prior);
        sigmas = new double[n];
        mass = new double[n];
        double minSigma = range / Math.min(100.0, n + 1.0);
        for (int i = 0; i < n; i++) {
            double left = i > 0 ? means[i] - means[i - 1] : 0;
            double right = i < n - 1 ? means[i + 1] - means[i] : 0;
            sigmas[i] = i == prior ? range : Math.min(range, Math.max(minSigma, Math.max(left, right)));
            mass[i] = Normal.cdf((high - means[i]) / sigmas[i]) - Normal.cdf((low - means[i]) / sigmas[i]);
        }
    }

    @Override
    public double sample(SplittableRandom rng) {
        int k = rng.nextInt(means.length);
        for (int attempt = 0; attempt < MAX_REJECTIONS; attempt++) {
            double x = means[k] + sigmas[k] * rng.nextGaussian();
            if (x >= low && x <= high) {
                return x;
            }
        }
        // every component keeps at least a third of its mass inside, so this is all but unreachable
        return low + (high - low) * rng.nextDouble();
    }

    @Override
    public double logDensity(double x) {
        double sum = 0;
        for (int i = 0; i < means.length; i++) {
            double z = (x - means[i]) / sigmas[i];
            sum += Math.exp(-0.5 * z * z) / (sigmas[i] * Normal.SQRT_2PI * mass[i]);
        }
        return Math.log(sum / means.length);
    }
}
