package io.augflow.train.backend;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Seeded test inputs, drawn from a {@link SplittableRandom} rather than ND4J's global generator. */
final class TestArrays {

    private TestArrays() {
    }

    /** Uniform values in [-1, 1). */
    static INDArray uniform(SplittableRandom rng, DataType type, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] v = new double[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextDouble(-1.0, 1.0);
        }
        return Nd4j.create(v, shape, 'c').castTo(type);
    }

    /** One-hot rows for {@code rows} random classes among {@code classes}. */
    static INDArray oneHot(SplittableRandom rng, DataType type, int rows, int classes) {
        INDArray y = Nd4j.zeros(type, rows, classes);
        for (int r = 0; r < rows; r++) {
            y.putScalar(r, rng.nextInt(classes), 1.0);
        }
        return y;
    }
}
