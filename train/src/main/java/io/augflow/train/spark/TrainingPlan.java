package io.augflow.train.spark;

import io.augflow.pipeline.dataset.DatasetFiles;
import io.augflow.pipeline.plan.SamplingSchedule;
import io.augflow.train.loss.LossSchedule;
import io.augflow.pipeline.stats.DatasetStats;
import io.augflow.pipeline.stats.ImageProfile;
import io.augflow.pipeline.stream.DonorSource;
import io.augflow.pipeline.stream.Shard;
import io.augflow.pipeline.stream.StreamTask;
import io.augflow.augment.tensor.ToTensor;
import io.augflow.train.detect.YoloHead;
import io.augflow.train.detect.YoloTargets;
import io.augflow.train.feed.BatchEncoder;
import io.augflow.train.model.InputChoice;
import io.augflow.train.model.ModelConf;
import io.augflow.train.model.ModelSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.augflow.augment.transform.Compose;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Everything a training run decided before its first epoch, fixed from then on ({@link TrainingSetup} makes it):
 * the data and its statistics, the sampling plan, the input size, the augmentation, the donor bank, the network
 * and the run's identity (seed, configuration and its hash). The epoch runner and the outputs only read it.
 *
 * @param trainRows      the dataset's rows of split {@code train} (a Spark plan; nothing is cached)
 * @param profiles       image sizes, channels, boxes and background rows per split
 * @param sampling       the sampling plan of every epoch (deferred re-sampling: plain before balance.start-epoch)
 * @param losses         the loss of every epoch (class counts of what the network sees, deferred re-weighting)
 * @param augment        the augmentation pipeline shipped to the executors, empty for none
 * @param head           the detector's stride and anchors ({@code task} DETECT), empty for a classifier
 * @param shards         the dataset's row-group shards, in a fixed order
 * @param configText     the resolved configuration (concise HOCON), recorded in {@code model.json}
 */
public record TrainingPlan(
        String datasetPath,
        DatasetFiles files,
        List<String> classes,
        Dataset<Row> trainRows,
        DatasetStats stats,
        Map<String, ImageProfile> profiles,
        SamplingSchedule sampling,
        LossSchedule losses,
        InputChoice input,
        Optional<Compose> augment,
        DonorSource donors,
        ModelConf model,
        ModelSpec spec,
        TrainConf conf,
        StreamTask task,
        Optional<YoloHead> head,
        long seed,
        String configText,
        String configHash,
        List<Shard> shards) {

    public TrainingPlan {
        classes = List.copyOf(classes);
        profiles = Map.copyOf(profiles);
        shards = List.copyOf(shards);
    }

    /** Rows per split left out because they have neither a label nor a box (classification only). */
    public Map<String, Long> backgroundExcluded() {
        if (task != StreamTask.CLASSIFY) {
            return Map.of();
        }
        Map<String, Long> out = new java.util.TreeMap<>();
        profiles.forEach((split, p) -> out.put(split, p.backgroundImages()));
        return out;
    }

    /**
     * How the executors pack this run's minibatches: one-hot classes, or box targets for a detector, whose encoded
     * and dropped boxes are added to {@code counters}.
     */
    public BatchEncoder encoder(ToTensor toTensor, TargetCounters counters) {
        if (head.isPresent()) {
            YoloTargets targets = new YoloTargets(head.get().stride(), classes.size());
            return samples -> {
                YoloTargets.Batch batch = targets.batch(samples, toTensor);
                counters.add(batch.objects(), batch.dropped());
                return batch.dataSet();
            };
        }
        return BatchEncoder.classes(toTensor, classes.size());
    }
}
