package io.augflow.train.averaging;

import io.augflow.augment.random.RandomStreams;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Seeds the task thread's ND4J random generator before a worker fits its round. Dropout (and any other random op
 * inside DL4J) draws from that per-thread generator, which DL4J seeds only when a network is built; a worker's
 * network outlives its round ({@link NetworkPool}) and Spark reuses task threads, so without this a round's masks
 * depend on which thread ran it and what ran there before: the same run would not give the same weights.
 * The seed derives from the network's seed (the run's {@code augflow.seed}), the round's iteration and epoch and
 * the worker's partition, so every round and worker draws its own masks, the same in every rerun.
 */
public final class WorkerRandom {
    private WorkerRandom() {}

    /** Seeds this thread's generator for {@code worker}'s part of the round starting at {@code iteration}. */
    public static void seedFor(Model net, int iteration, int epoch, int worker) {
        Nd4j.getRandom().setSeed(seed(networkSeed(net), iteration, epoch, worker));
    }

    /** The seed of one worker's round: keys mixed as the augmentation's streams are, so nearby rounds are unrelated. */
    static long seed(long networkSeed, int iteration, int epoch, int worker) {
        long key = RandomStreams.mix(networkSeed);
        key = RandomStreams.mix(key ^ epoch);
        key = RandomStreams.mix(key ^ iteration);
        return RandomStreams.mix(key ^ worker);
    }

    private static long networkSeed(Model net) {
        return net instanceof MultiLayerNetwork m ? m.getDefaultConfiguration().getSeed()
                : ((ComputationGraph) net).getConfiguration().getDefaultConfiguration().getSeed();
    }
}
