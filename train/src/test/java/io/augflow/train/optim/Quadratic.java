package io.augflow.train.optim;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;

/** A small convex problem, {@code f(theta) = 0.5 * (1 * (theta_0 - 3)^2 + 10 * (theta_1 + 1)^2)} from (0, 0). */
final class Quadratic {
    private static final double[] A = {1, 10};
    private static final double[] C = {3, -1};

    private Quadratic() {
    }

    /** Runs {@code iterations} steps of the updater (as DL4J does: theta -= step) and returns theta. */
    static double[] minimise(IUpdater updater, int iterations) {
        INDArray state = Nd4j.zeros(DataType.DOUBLE, 1, updater.stateSize(2));
        GradientUpdater<?> u = updater.instantiate(state, true);
        double[] theta = {0, 0};
        for (int it = 0; it < iterations; it++) {
            INDArray g = Nd4j.createFromArray(new double[][] {{A[0] * (theta[0] - C[0]), A[1] * (theta[1] - C[1])}});
            u.applyUpdater(g, it, 0);
            theta[0] -= g.getDouble(0, 0);
            theta[1] -= g.getDouble(0, 1);
        }
        return theta;
    }
}
