package io.augflow.jobs.tune;

import io.augflow.train.registry.DatasetSnapshot;
import io.augflow.train.registry.ModelRegistry;
import io.augflow.train.registry.ModelVersion;
import io.augflow.train.registry.VersionMetadata;
import io.augflow.train.retrain.DatasetSnapshots;
import io.augflow.train.spark.TrainingConf;
import io.augflow.train.tune.TrialRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * {@code tune --register NAME}: the best trial's model becomes a new version of the model registry, from scratch,
 * with the trial's configuration hash and seed, the dataset as it is now, its validation metric, and a note naming it
 * {@code NAME} and the study it came from. It is not promoted: making it the champion stays a decision
 * ({@code augflow models promote}).
 */
public final class StudyRegistration {
    private StudyRegistration() {}

    public static ModelVersion register(SparkSession spark, ModelRegistry registry, String name, String dataset,
            Path studyDir, TrialRecord best, TrialTraining training, String metric) {
        TrainingConf conf = training.conf(best.config(), best.seed());
        DatasetSnapshot snapshot = DatasetSnapshots.take(spark, dataset, conf.stats());
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("validation_" + metric.replace('-', '_'), best.metric().getAsDouble());
        String note = String.format(Locale.ROOT, "%s: the best of tune study %s, trial %d (validation %s %.4f) with"
                + " %s", name, studyDir, best.trial(), metric, best.metric().getAsDouble(), best.config().values());
        String trialDir = TrialRun.dir(studyDir.resolve(TuneJob.TRIALS_DIR), best.trial()).toString();
        return registry.register(trialDir, new VersionMetadata(null, snapshot, conf.configHash(), best.seed(), metrics,
                Instant.now(), VersionMetadata.SCRATCH, note));
    }
}
