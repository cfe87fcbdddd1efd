package io.augflow.train.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import io.augflow.augment.tensor.ToTensor;
import io.augflow.pipeline.stream.EpochStream;
import io.augflow.pipeline.stream.StreamTask;
import io.augflow.train.averaging.ParameterAveraging.AveragingConf;
import io.augflow.train.detect.YoloHead;
import io.augflow.train.spark.TrainConf;
import io.augflow.train.spark.TrainingConf;
import io.augflow.train.spark.TargetCounters;
import io.augflow.train.spark.TrainingPlan;
import io.augflow.train.spark.TrainingSetup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The detector's data-stall ratio (issue 15), in one JVM: samples/s of {@link io.augflow.train.spark.SparkTrainer}
 * training the detector on the streamed feed (Parquet read + PNG decode + the conf's augmentation + letterbox +
 * YOLO target encoding on the workers, prefetched) against samples/s of the same network, batch, workers and
 * averaging on the same rows decoded, letterboxed and encoded ({@code YoloTargets}, through the plan's own encoder)
 * once, without augmentation, served from memory to augflow's own averaging rounds ({@link InMemoryRoundsRun}).
 *
 * <p>Both sides start from the same plan ({@code TrainingSetup.prepare}: input size, anchors fitted by k-means from
 * the seed, network), train from a fresh network, and count only the averaging rounds. Runs alternate (in-memory,
 * streamed, ...) so load from other processes hits both alike, after one untimed in-memory epoch that takes the JVM's
 * warm-up ({@code --warm-up false} to skip it). Prints one line {@code RESULT <json>}.
 *
 * <p>Usage: {@code DetectionDataStallBench --dataset DIR --conf FILE [--defaults conf/augflow.conf] [--epochs 2]
 * [--repeats 2] [--master local[2]] [--work DIR] [--warm-up true]}
 */
public final class DetectionDataStallBench {

    private DetectionDataStallBench() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = BenchArgs.parse(args, Map.of("--defaults", "conf/augflow.conf", "--epochs", "2",
                "--repeats", "2", "--master", "local[2]", "--warm-up", "true",
                "--work", System.getProperty("java.io.tmpdir") + "/augflow-detection-data-stall"), "--dataset", "--conf");
        Config root = BenchSession.config(o.get("--conf"), o.get("--defaults"), Integer.parseInt(o.get("--epochs")));
        SparkSession spark = BenchSession.start(o.get("--master"), "detection-data-stall-bench");
        try {
            Map<String, Object> result = run(spark, root, o.get("--dataset"), Integer.parseInt(o.get("--repeats")),
                    o.get("--work"), Boolean.parseBoolean(o.get("--warm-up")));
            System.out.println("RESULT " + new ObjectMapper().writeValueAsString(result));
        } finally {
            spark.stop();
        }
    }

    static Map<String, Object> run(SparkSession spark, Config root, String dataset, int repeats, String work,
            boolean warmUp) throws Exception {
        TrainingPlan plan = TrainingSetup.prepare(spark, TrainingConf.from(root), dataset, Optional.empty(), "");
        if (plan.task() != StreamTask.DETECT) {
            throw new IllegalArgumentException("augflow.model.task resolved to " + plan.task() + " on " + dataset
                    + ": the detection data-stall bench needs a detection dataset (boxes, no image labels)");
        }
        TrainConf conf = plan.conf();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int workers = conf.workers() > 0 ? conf.workers() : sc.defaultParallelism();
        AveragingConf averaging = new AveragingConf(workers, conf.batchSizePerWorker(), conf.averagingFrequency(),
                conf.prefetchBatches(), conf.averageUpdaters(), conf.roundTimeout());

        long loadStart = System.nanoTime();
        // the streamed side's stream without its augmentation: the same split, input step (letterbox) and targets
        EpochStream plain = EpochStream.evaluation("train", plan.seed()).withFit(plan.input().fit())
                .forTask(plan.task());
        LinkedHashMap<String, DataSet> slices = InMemorySlices.decode(spark, plan.shards(), plain,
                conf.batchSizePerWorker(), plan.encoder(new ToTensor(conf.mean(), conf.std()),
                        TargetCounters.register(spark.sparkContext(), "in-memory")));
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;

        List<Map<String, Object>> runs = new ArrayList<>();
        Map<String, Object> out = new LinkedHashMap<>();
        try (InMemoryRoundsRun inMemory = new InMemoryRoundsRun(sc, slices, workers * conf.averagingFrequency())) {
            // the JVM's first training pays JIT compilation and oneDNN's first primitives: an untimed epoch first, so
            // the first in-memory run is not charged with them (the streamed runs all come after it)
            if (warmUp) {
                out.put("warmUp", inMemory.train((Model) plan.spec().newNetwork(), averaging, 1, -1));
            }
            for (int r = 0; r < repeats; r++) {
                runs.add(inMemory.train((Model) plan.spec().newNetwork(), averaging, conf.epochs(), r));
                runs.add(StreamedRun.train(spark, root, dataset, work + "/streamed-" + r, r));
            }
            out.put("samplesPerEpoch", inMemory.samplesPerEpoch());
            out.put("roundsPerEpochInMemory", inMemory.roundsPerEpoch());
        }
        YoloHead head = plan.head().orElseThrow();
        out.put("task", "detect");
        out.put("input", plan.input().describe());
        out.put("stride", head.stride());
        out.put("anchors", head.anchors().toString());
        out.put("classes", plan.classes().size());
        out.put("augment", plan.augment().map(Object::toString).orElse("none"));
        BenchSession.putTrainingSettings(out, workers, conf);
        out.put("inMemoryLoadSeconds", loadSeconds);
        out.put("inMemoryTrainer", "augflow averaging rounds (ParameterAveraging)");
        out.put("runs", runs);
        return out;
    }
}
