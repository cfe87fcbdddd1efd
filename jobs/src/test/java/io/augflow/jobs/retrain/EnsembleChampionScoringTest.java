package io.augflow.jobs.retrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.OpenCv;
import io.augflow.augment.synthetic.SyntheticConf;
import io.augflow.pipeline.generate.GenerateJob;
import io.augflow.pipeline.generate.GenerateLayout;
import io.augflow.train.ensemble.CombineMethod;
import io.augflow.train.ensemble.EnsembleBuilder;
import io.augflow.train.ensemble.EnsembleConf;
import io.augflow.train.ensemble.EnsembleFitConf;
import io.augflow.train.ensemble.EnsembleModel;
import io.augflow.train.ensemble.EnsemblePrediction;
import io.augflow.train.eval.ClassificationMetrics;
import io.augflow.train.model.DetectConf;
import io.augflow.train.predict.PredictConf;
import io.augflow.train.predict.TestTimeAugmentation;
import io.augflow.train.spark.EpochListener;
import io.augflow.train.spark.SparkTrainer;
import io.augflow.train.spark.TrainConf;
import io.augflow.train.spark.TrainedModel;
import io.augflow.train.spark.TrainingConf;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code retrain}'s holdout scorer on an ensemble champion: read as {@code RetrainJob} reads a champion (its
 * {@code model.json}), scored through its members and combiner; the accuracy equals the one counted from
 * {@code predict}'s output on the same rows.
 */
class EnsembleChampionScoringTest {
    private static final String COMMON = """
            train { epochs = 1, workers = 2, batch-size-per-worker = 8, averaging-frequency = 2, rows-per-shard = 24,
                    evaluate-split = "" }
            optimizer { type = adam, learning-rate = 0.003 }
            balance { strategy = none }
            model { architecture = lenet5, batch-norm = false, l2 = 0, input-size = "32x32" }
            """;

    @TempDir
    static Path dir;
    static SparkSession spark;

    @BeforeAll
    static void start() {
        OpenCv.load();
        spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4").getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void anEnsembleChampionIsScoredOnTheHoldoutThroughItsMembers() {
        String dataset = dir.resolve("shapes").toString();
        GenerateJob.run(spark, new SyntheticConf(60, 64, 64, 3, 2, 1, 0.3, 1, 0.25, 0.25, 3), GenerateLayout.DATASET,
                dataset, 2, false);
        List<String> members = new ArrayList<>();
        for (String seed : List.of("1", "2")) {
            String out = dir.resolve("member-" + seed).toString();
            new SparkTrainer(spark, TrainingConf.parse("seed = " + seed + "\n" + COMMON)).train(dataset, out, false,
                    EpochListener.NONE);
            members.add(out);
        }
        TrainConf train = TrainConf.parse(COMMON);
        String ensemble = dir.resolve("ensemble").toString();
        new EnsembleBuilder(spark, new EnsembleConf(new EnsembleFitConf(CombineMethod.AVERAGE, 2, 0, 1), "val", 8,
                false, Duration.ofMinutes(10)), line -> { }).build(members, train, DetectConf.DEFAULT, dataset, ensemble);

        String json = Path.of(ensemble, EnsembleModel.FILE).toString();
        TrainedModel champion = TrainedModel.read(json, new Configuration());
        assertTrue(!champion.isDetector());
        ClassificationMetrics metrics = new HoldoutScorer(spark, train, DetectConf.DEFAULT, "test")
                .classify(champion, dataset, champion.classes());

        String predicted = dir.resolve("predicted").toString();
        EnsemblePrediction.run(spark, new PredictConf(TestTimeAugmentation.NONE, 2, false, 8, 1_000_000, 0, false,
                Duration.ofMinutes(10)), EnsembleModel.read(json, new Configuration()), train, DetectConf.DEFAULT, dataset,
                predicted,
                line -> { });
        List<Row> joined = spark.read().parquet(predicted).join(spark.read().parquet(dataset)
                .filter("split = 'test' and label is not null").select("id", "label"), "id")
                .select("predicted_index", "label").collectAsList();
        long correct = joined.stream().filter(r -> r.getInt(0) == r.getInt(1)).count();
        assertTrue(joined.size() > 0, "the test split has labelled rows");
        assertEquals(joined.size(), metrics.examples());
        assertEquals((double) correct / joined.size(), metrics.accuracy(), 1e-12);
    }
}
