package io.augflow.train.spark;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;

/**
 * Counts DL4J's parameter-averaging rounds as they finish: each round ends with one Spark job whose call
 * site is the {@code treeAggregate} in {@code ParameterAveragingTrainingMaster}. Lets the driver show
 * progress inside an epoch without hooking into DL4J.
 */
final class AveragingRoundListener extends SparkListener {
    private final ConcurrentHashMap<Integer, Boolean> averagingJobs = new ConcurrentHashMap<>();
    private volatile IntConsumer onRound = epoch -> {};
    private volatile int epoch;

    void watch(int epoch, IntConsumer onRound) {
        this.epoch = epoch;
        this.onRound = onRound;
    }

    @Override
    public void onJobStart(SparkListenerJobStart start) {
        String site = start.properties() == null ? null : start.properties().getProperty("callSite.short");
        if (site != null && site.startsWith("treeAggregate at ParameterAveragingTrainingMaster")) {
            averagingJobs.put(start.jobId(), Boolean.TRUE);
        }
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd end) {
        if (averagingJobs.remove(end.jobId()) != null) {
            onRound.accept(epoch);
        }
    }
}
