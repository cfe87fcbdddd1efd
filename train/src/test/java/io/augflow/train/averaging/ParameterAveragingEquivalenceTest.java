package io.augflow.train.averaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.train.averaging.ParameterAveraging.AveragingConf;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.core.loader.DataSetLoader;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.common.loader.Source;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The averaging engine against the reference it replaced: DL4J's {@code ParameterAveragingTrainingMaster}, given the
 * same network, the same slices in the same rounds and the same loader, must leave the same parameters and updater
 * state (float rounding of the sums aside). Slices of 3 samples with minibatches of 4 make both re-batch across
 * slices (as augflow's slices, they never give a worker more than {@code frequency} minibatches, beyond which DL4J
 * drops data); batch normalisation makes its running statistics part of what is averaged.
 */
class ParameterAveragingEquivalenceTest {
    static SparkSession spark;
    static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false").getOrCreate();
        sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** Slice "slice/i" is 3 samples of seeded noise, 1x8x8, 3 classes: the same bytes wherever it is loaded. */
    static final class NoiseSlices implements DataSetLoader {
        @Override
        public DataSet load(Source source) {
            int i = Integer.parseInt(source.getPath().substring(source.getPath().lastIndexOf('/') + 1));
            java.util.SplittableRandom rng = new java.util.SplittableRandom(1000 + i);
            float[] x = new float[3 * 64];
            float[] y = new float[3 * 3];
            for (int k = 0; k < x.length; k++) {
                x[k] = (float) rng.nextDouble();
            }
            for (int s = 0; s < 3; s++) {
                y[s * 3 + rng.nextInt(3)] = 1;
            }
            return new DataSet(Nd4j.create(x, new long[] {3, 1, 8, 8}, 'c'), Nd4j.create(y, new long[] {3, 3}, 'c'));
        }
    }

    static MultiLayerNetwork network() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).updater(new Adam(0.01))
                .weightInit(WeightInit.XAVIER).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(8, 8, 1)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @ParameterizedTest(name = "{0} workers, averaging every {1}, prefetch {2}, average updaters {3}")
    @CsvSource({"2, 3, 0, true", "2, 2, 2, true", "1, 4, 1, true", "2, 3, 1, false"})
    void leavesTheSameParametersAsDl4jsTrainingMaster(int workers, int frequency, int prefetch, boolean updaters) {
        int batch = 4;
        List<List<String>> rounds = new ArrayList<>();
        int slice = 0;
        for (int r = 0; r < 3; r++) {
            List<String> round = new ArrayList<>();
            for (int k = 0; k < workers * frequency; k++) {
                round.add("slice/" + slice++);
            }
            rounds.add(round);
        }

        MultiLayerNetwork ours = network();
        ParameterAveraging averaging = new ParameterAveraging(sc, ours, new AveragingConf(workers, batch, frequency,
                prefetch, updaters, Duration.ofMinutes(5)));
        for (List<String> round : rounds) {
            averaging.round(round, new NoiseSlices(), 0, "test round");
        }
        averaging.close();

        MultiLayerNetwork reference = network();
        for (List<String> round : rounds) {
            ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(workers, batch)
                    .batchSizePerWorker(batch).averagingFrequency(frequency).workerPrefetchNumBatches(prefetch)
                    .saveUpdater(updaters).repartionData(Repartition.Never)
                    .rddTrainingApproach(RDDTrainingApproach.Direct).storageLevelStreams(null).build();
            SparkDl4jMultiLayer wrapper = new SparkDl4jMultiLayer(sc, reference, master);
            reference = wrapper.fitPaths(sc.parallelize(round, Math.min(round.size(), workers)), new NoiseSlices());
        }

        INDArray diff = ours.params().sub(reference.params());
        double worst = diff.amaxNumber().doubleValue();
        assertTrue(worst < 1e-5, "largest parameter difference " + worst);
        if (updaters) {
            double updaterWorst = ours.getUpdater().getStateViewArray()
                    .sub(reference.getUpdater().getStateViewArray()).amaxNumber().doubleValue();
            assertTrue(updaterWorst < 1e-5, "largest updater-state difference " + updaterWorst);
        }
        assertEquals(reference.getLayerWiseConfigurations().getIterationCount(),
                ours.getLayerWiseConfigurations().getIterationCount(), "iteration counts advance alike");
    }

    /**
     * Deferred re-weighting on the executors: the driver replaces the output layer's loss between two rounds and
     * ships the configuration again; the worker's second round must train with the new loss. One worker, one
     * minibatch per round, so the round's result is that worker's fit: the same as fitting locally with the loss
     * switched between the two minibatches, and not the same as without the switch.
     */
    @org.junit.jupiter.api.Test
    void aLossReplacedBetweenRoundsIsTheOneTheWorkersTrainWith() {
        org.nd4j.linalg.lossfunctions.impl.LossMCXENT weighted = new org.nd4j.linalg.lossfunctions.impl.LossMCXENT(
                Nd4j.createFromArray(new float[][] {{5f, 0.2f, 1f}}));
        MultiLayerNetwork ours = network();
        ParameterAveraging averaging = new ParameterAveraging(sc, ours, new AveragingConf(1, 3, 1, 0, true,
                Duration.ofMinutes(5)));
        averaging.round(List.of("slice/0"), new NoiseSlices(), 0, "round 1");
        assertTrue(io.augflow.train.loss.OutputLayerLoss.replace(ours, weighted));
        averaging.configurationChanged();
        averaging.round(List.of("slice/1"), new NoiseSlices(), 1, "round 2");
        averaging.close();

        MultiLayerNetwork switched = network();
        MultiLayerNetwork unswitched = network();
        for (MultiLayerNetwork net : List.of(switched, unswitched)) {
            net.fit(new NoiseSlices().load(slice("slice/0")));
        }
        io.augflow.train.loss.OutputLayerLoss.replace(switched, weighted);
        for (MultiLayerNetwork net : List.of(switched, unswitched)) {
            net.fit(new NoiseSlices().load(slice("slice/1")));
        }
        double worst = ours.params().sub(switched.params()).amaxNumber().doubleValue();
        assertTrue(worst < 1e-5, "largest parameter difference to the switched local fit " + worst);
        double apart = ours.params().sub(unswitched.params()).amaxNumber().doubleValue();
        assertTrue(apart > 1e-4, "the weighted loss changed the second step: " + apart);
    }

    private static Source slice(String path) {
        return new Source() {
            @Override
            public java.io.InputStream getInputStream() {
                throw new UnsupportedOperationException("NoiseSlices reads only the path");
            }

            @Override
            public String getPath() {
                return path;
            }
        };
    }
}
