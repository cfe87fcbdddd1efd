package io.augflow.train.detect.eval;

/**
 * The order of values from highest to lowest, equal values keeping their input order: what pycocotools gets from
 * {@code np.argsort(-scores, kind='mergesort')}. A merge sort on indices, with no boxing.
 */
final class StableOrder {
    private StableOrder() {}

    static int[] descending(double[] keys) {
        int n = keys.length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        int[] buffer = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int from = 0; from < n - width; from += 2 * width) {
                merge(keys, order, buffer, from, from + width, Math.min(from + 2 * width, n));
            }
        }
        return order;
    }

    private static void merge(double[] keys, int[] order, int[] buffer, int from, int middle, int to) {
        System.arraycopy(order, from, buffer, from, to - from);
        int left = from;
        int right = middle;
        for (int out = from; out < to; out++) {
            // the right run goes first only when strictly higher: ties keep their order (and -0.0 ties 0.0, as in numpy)
            if (left < middle && (right >= to || !(keys[buffer[right]] > keys[buffer[left]]))) {
                order[out] = buffer[left++];
            } else {
                order[out] = buffer[right++];
            }
        }
    }
}
