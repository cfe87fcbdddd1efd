package io.augflow.train.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.train.averaging.ParameterAveraging;
import io.augflow.train.averaging.ParameterAveraging.AveragingConf;
import io.augflow.train.feed.SlicePath;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.core.loader.DataSetLoader;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.common.loader.Source;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The in-memory side of the data-stall benches must differ from the streamed side only in where minibatches come
 * from: fed from the broadcast cache, augflow's rounds must leave the same network as the same rounds fed by a
 * loader that builds each slice when asked (the streamed path's shape), and reusing the cached DataSets over epochs
 * must not change them.
 */
class InMemoryRoundsRunTest {
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

    /** Slice "s/i": 3 samples of seeded noise, 1x6x6, 3 classes, built anew on every load. */
    static final class NoiseSlices implements DataSetLoader {
        @Override
        public DataSet load(Source source) {
            int i = Integer.parseInt(source.getPath().substring(2));
            java.util.SplittableRandom rng = new java.util.SplittableRandom(500 + i);
            float[] x = new float[3 * 36];
            float[] y = new float[3 * 3];
            for (int k = 0; k < x.length; k++) {
                x[k] = (float) rng.nextDouble();
            }
            for (int s = 0; s < 3; s++) {
                y[s * 3 + rng.nextInt(3)] = 1;
            }
            return new DataSet(Nd4j.create(x, new long[] {3, 1, 6, 6}, 'c'), Nd4j.create(y, new long[] {3, 3}, 'c'));
        }
    }

    static MultiLayerNetwork network() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).updater(new Adam(0.01))
                .weightInit(WeightInit.XAVIER).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(6, 6, 1)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @Test
    void leavesTheSameNetworkAsTheSameRoundsFedSliceBySlice() {
        // 10 slices of 3 samples, 2 workers x averaging every 2 = 4 slices a round: rounds of 4, 4 and 2 slices
        LinkedHashMap<String, DataSet> cached = new LinkedHashMap<>();
        NoiseSlices noise = new NoiseSlices();
        for (int i = 0; i < 10; i++) {
            cached.put("s/" + i, noise.load(new SlicePath("s/" + i)));
        }
        AveragingConf conf = new AveragingConf(2, 4, 2, 1, true, Duration.ofMinutes(5));
        MultiLayerNetwork fromMemory = network();
        Map<String, Object> record;
        try (InMemoryRoundsRun run = new InMemoryRoundsRun(sc, cached, 4)) {
            assertEquals(3, run.roundsPerEpoch());
            assertEquals(30, run.samplesPerEpoch());
            record = run.train(fromMemory, conf, 2, 0);
        }

        MultiLayerNetwork reference = network();
        ParameterAveraging averaging = new ParameterAveraging(sc, reference, conf);
        List<List<String>> rounds = List.of(List.of("s/0", "s/1", "s/2", "s/3"), List.of("s/4", "s/5", "s/6", "s/7"),
                List.of("s/8", "s/9"));
        for (int epoch = 0; epoch < 2; epoch++) {
            for (List<String> round : rounds) {
                averaging.round(round, noise, epoch, "reference round");
            }
        }
        averaging.close();

        double worst = fromMemory.params().sub(reference.params()).amaxNumber().doubleValue();
        assertTrue(worst < 1e-6, "largest parameter difference " + worst);
        assertEquals(InMemoryRoundsRun.FEED, record.get("feed"));
        List<?> epochs = (List<?>) record.get("epochs");
        assertEquals(2, epochs.size());
        assertEquals(30L, ((Map<?, ?>) epochs.get(1)).get("samples"));
        // the cache still holds what it was given: training did not write into the shared DataSets
        DataSet again = noise.load(new SlicePath("s/7"));
        assertEquals(again.getFeatures(), cached.get("s/7").getFeatures());
        assertEquals(again.getLabels(), cached.get("s/7").getLabels());
    }

    @Test
    void aRoundNamingASliceTheCacheDoesNotHoldFailsTheRound() {
        LinkedHashMap<String, DataSet> cached = new LinkedHashMap<>();
        cached.put("s/0", new NoiseSlices().load(new SlicePath("s/0")));
        var slices = sc.broadcast(new java.util.HashMap<>(cached));
        CachedSliceLoader loader = new CachedSliceLoader(slices, sc.sc().longAccumulator());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> loader.load(new SlicePath("s/9")));
        assertTrue(e.getMessage().contains("s/9"), e.getMessage());
        slices.unpersist(false);
    }
}
