package io.augflow.train.ensemble;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A fitted multinomial logistic regression: {@code p = softmax(W x + b)}, {@code W} of {@code classes x features}.
 * {@link #fit} minimises the mean cross-entropy plus {@code l2 / 2 * |W|^2} (the intercepts are not penalised, so
 * a model without features recovers the class frequencies) by gradient descent with Armijo backtracking. The
 * objective is strictly convex in {@code W} for {@code l2 > 0}, so there is one optimum and plain descent reaches it;
 * stacking has few features (members x classes), which is why no second-order method is needed.
 *
 * @param weights    {@code [classes][features]}
 * @param intercepts {@code [classes]}
 */
public record SoftmaxRegression(double[][] weights, double[] intercepts) implements Serializable {
    private static final int MAX_ITERATIONS = 5_000;
    private static final double GRADIENT_TOLERANCE = 1e-7;

    public SoftmaxRegression {
        if (weights.length == 0 || weights.length != intercepts.length) {
            throw new IllegalArgumentException("a softmax regression needs one weight row and one intercept per class,"
                    + " got " + weights.length + " rows and " + intercepts.length + " intercepts");
        }
        weights = Arrays.stream(weights).map(double[]::clone).toArray(double[][]::new);
        intercepts = intercepts.clone();
    }

    /**
     * Fits on {@code x[rows][features]} with labels in {@code [0, classes)}.
     *
     * @throws IllegalArgumentException for no rows, ragged features, a label out of range or a negative {@code l2}
     */
    public static SoftmaxRegression fit(double[][] x, int[] labels, int classes, double l2) {
        if (x.length == 0 || x.length != labels.length) {
            throw new IllegalArgumentException("a softmax regression needs at least one row and one label per row, got "
                    + x.length + " rows and " + labels.length + " labels");
        }
        if (!(l2 >= 0)) {
            throw new IllegalArgumentException("ensemble.stacking-l2 must be >= 0, got " + l2);
        }
        int features = x[0].length;
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != features) {
                throw new IllegalArgumentException("row " + i + " has " + x[i].length + " features, row 0 has "
                        + features);
            }
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label of row " + i + " must be in [0, " + classes + "), got "
                        + labels[i]);
            }
        }
        int n = classes * (features + 1);
        double[] theta = new double[n]; // per class: features weights then the intercept
        double[] grad = new double[n];
        double loss = objective(theta, x, labels, classes, l2, grad);
        double step = 1;
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double norm2 = dot(grad, grad);
            if (Math.sqrt(norm2) < GRADIENT_TOLERANCE) {
                break;
            }
            double[] next = new double[n];
            double[] nextGrad = new double[n];
            double nextLoss;
            step = Math.min(1, step * 2);
            while (true) { // Armijo: accept once the loss falls by a fraction of what the gradient promises
                for (int j = 0; j < n; j++) {
                    next[j] = theta[j] - step * grad[j];
                }
                nextLoss = objective(next, x, labels, classes, l2, nextGrad);
                if (nextLoss <= loss - 1e-4 * step * norm2 || step < 1e-12) {
                    break;
                }
                step /= 2;
            }
            if (loss - nextLoss < 1e-15 * Math.max(1, Math.abs(loss))) {
                theta = next;
                break;
            }
            theta = next;
            grad = nextGrad;
            loss = nextLoss;
        }
        double[][] w = new double[classes][features];
        double[] b = new double[classes];
        for (int k = 0; k < classes; k++) {
            System.arraycopy(theta, k * (features + 1), w[k], 0, features);
            b[k] = theta[k * (features + 1) + features];
        }
        return new SoftmaxRegression(w, b);
    }

    /** The class probabilities of one feature vector. */
    public double[] probabilities(double[] features) {
        if (features.length != features()) {
            throw new IllegalArgumentException("this regression takes " + features() + " features, got "
                    + features.length);
        }
        double[] z = new double[weights.length];
        for (int k = 0; k < z.length; k++) {
            z[k] = intercepts[k] + dot(weights[k], features);
        }
        return softmax(z);
    }

    public int classes() {
        return weights.length;
    }

    public int features() {
        return weights[0].length;
    }

    @Override
    public double[][] weights() {
        return Arrays.stream(weights).map(double[]::clone).toArray(double[][]::new);
    }

    @Override
    public double[] intercepts() {
        return intercepts.clone();
    }

    /** Mean cross-entropy + l2/2 |W|^2 at {@code theta}; its gradient into {@code grad}. */
    private static double objective(double[] theta, double[][] x, int[] labels, int classes, double l2,
            double[] grad) {
        int features = x[0].length;
        Arrays.fill(grad, 0);
        double loss = 0;
        double[] z = new double[classes];
        for (int i = 0; i < x.length; i++) {
            for (int k = 0; k < classes; k++) {
                int o = k * (features + 1);
                double s = theta[o + features];
                for (int f = 0; f < features; f++) {
                    s += theta[o + f] * x[i][f];
                }
                z[k] = s;
            }
            double[] p = softmax(z);
            loss -= Math.log(Math.max(p[labels[i]], 1e-300));
            for (int k = 0; k < classes; k++) {
                double r = (p[k] - (k == labels[i] ? 1 : 0)) / x.length;
                int o = k * (features + 1);
                for (int f = 0; f < features; f++) {
                    grad[o + f] += r * x[i][f];
                }
                grad[o + features] += r;
            }
        }
        loss /= x.length;
        for (int k = 0; k < classes; k++) {
            int o = k * (features + 1);
            for (int f = 0; f < features; f++) {
                loss += l2 / 2 * theta[o + f] * theta[o + f];
                grad[o + f] += l2 * theta[o + f];
            }
        }
        return loss;
    }

    static double[] softmax(double[] z) {
        double max = Arrays.stream(z).max().orElse(0);
        double[] p = new double[z.length];
        double sum = 0;
        for (int k = 0; k < z.length; k++) {
            p[k] = Math.exp(z[k] - max); // shifted by the max: exp never overflows
            sum += p[k];
        }
        for (int k = 0; k < z.length; k++) {
            p[k] /= sum;
        }
        return p;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
