package io.augflow.train;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Seeded test arrays that do not touch ND4J's process-wide random generator. */
public final class TestArrays {
    private TestArrays() {
    }

    /** Standard normal values, reproducible from {@code seed}. */
    public static INDArray randn(long seed, DataType type, long... shape) {
        Random rng = new Random(seed);
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] values = new double[Math.toIntExact(n)];
        for (int i = 0; i < values.length; i++) {
            values[i] = rng.nextGaussian();
        }
        return Nd4j.createFromArray(values).reshape(shape).castTo(type);
    }

    /** Uniform values in [0, 1), reproducible from {@code seed}. */
    public static INDArray rand(long seed, DataType type, long... shape) {
        Random rng = new Random(seed);
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] values = new double[Math.toIntExact(n)];
        for (int i = 0; i < values.length; i++) {
            values[i] = rng.nextDouble();
        }
        return Nd4j.createFromArray(values).reshape(shape).castTo(type);
    }

    /** One-hot labels {@code [rows, classes]}; row {@code i} is class {@code (i * 7 + offset) mod classes}. */
    public static INDArray oneHot(long offset, DataType type, int rows, int classes) {
        INDArray y = Nd4j.zeros(type, rows, classes);
        for (int i = 0; i < rows; i++) {
            y.putScalar(i, (int) ((i * 7 + offset) % classes), 1.0);
        }
        return y;
    }
}
