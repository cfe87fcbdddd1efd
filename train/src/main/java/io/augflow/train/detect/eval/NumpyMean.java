package io.augflow.train.detect.eval;

/**
 * The mean numpy's {@code np.mean} returns for a 1-D float64 array, to the last bit: the sum is pairwise (blocks of
 * at most 128 values summed with 8 interleaved accumulators, larger arrays split in halves on a multiple of 8), then
 * divided by the count. A plain running sum differs in the last bits for a few thousand values, as
 * {@code summarize()} averages (10 IoU x 101 recall thresholds x classes).
 */
final class NumpyMean {
    private static final int BLOCK = 128;

    private NumpyMean() {}

    /** The mean of {@code values[0, count)}; NaN when {@code count} is 0 (the callers never ask for it). */
    static double of(double[] values, int count) {
        return sum(values, 0, count) / count;
    }

    static double sum(double[] a, int from, int n) {
        if (n < 8) {
            double sum = 0;
            for (int i = from; i < from + n; i++) {
                sum += a[i];
            }
            return sum;
        }
        if (n <= BLOCK) {
            double[] r = new double[8];
            System.arraycopy(a, from, r, 0, 8);
            int i = 8;
            for (; i < n - n % 8; i += 8) {
                for (int j = 0; j < 8; j++) {
                    r[j] += a[from + i + j];
                }
            }
            double sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) {
                sum += a[from + i];
            }
            return sum;
        }
        int half = n / 2;
        half -= half % 8;
        return sum(a, from, half) + sum(a, from + half, n - half);
    }
}
