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
        double[] points = Arrays.copyOf(observations, observations.length + 1);
        points[observations.length] = (low + high) / 2;
        Arrays.sort(points);
        int n = points.length;
        means = points;
        sigmas = new double[n];
        mass = new double[n];
        double minSigma = range / Math.min(100.0, n + 1.0);
        boolean priorPlaced = false;
        for (int i = 0; i < n; i++) {
            double sigma;
            if (!priorPlaced && points[i] == (low + high) / 2) {
                sigma = range;
                priorPlaced = true;
            } else {
                double left = i > 0 ? points[i] - points[i - 1] : 0;
                double right = i < n - 1 ? points[i + 1] - points[i] : 0;
                sigma = Math.min(range, Math.max(minSigma, Math.max(left, right)));
            }
            sigmas[i] = sigma;
            mass[i] = Normal.cdf((high - points[i]) / sigma) - Normal.cdf((low - points[i]) / sigma);
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
