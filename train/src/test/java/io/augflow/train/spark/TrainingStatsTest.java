package io.augflow.train.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augflow.augment.OpenCv;
import io.augflow.augment.synthetic.SyntheticConf;
import io.augflow.pipeline.generate.GenerateJob;
import io.augflow.pipeline.generate.GenerateLayout;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train.collect-stats}: the per-phase timings of every averaging round, per epoch, in training-stats.json. */
class TrainingStatsTest {
    private static final String CONF = """
            seed = 3
            train { epochs = 1, workers = 2, batch-size-per-worker = 16, averaging-frequency = 1,
                    prefetch-batches = 0, rows-per-shard = 16, evaluate-split = "", test-split = "",
                    collect-stats = true }
            model { architecture = lenet5, batch-norm = false, l2 = 0, input-size = "28x28" }
            balance { strategy = none }
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
    void everyRoundsPhasesAreTimed() throws Exception {
        String data = dir.resolve("data").toString();
        GenerateJob.run(spark, new SyntheticConf(64, 64, 64, 1, 2, 1, 0, 0, 0, 0, 1), GenerateLayout.DATASET, data, 2,
                false);
        Path out = dir.resolve("run");
        TrainResult result = new SparkTrainer(spark, TrainingConf.parse(CONF))
                .train(data, out.toString(), false, EpochListener.NONE);

        JsonNode stats = new ObjectMapper().readTree(out.resolve(SparkTrainer.STATS_FILE).toFile());
        assertEquals(1, stats.size(), "one entry per epoch");
        JsonNode epoch = stats.get(0);
        int rounds = epoch.get("rounds").asInt();
        assertEquals(2, rounds, "64 rows / (2 workers x 1 minibatch of 16)");
        assertTrue(epoch.get("roundsMillis").asLong() > 0);
        JsonNode phases = epoch.get("phases");
        for (String driverPhase : new String[] {"driver.broadcast", "driver.job", "driver.average"}) {
            assertEquals(rounds, phases.at("/" + driverPhase + "/events").asInt(), driverPhase + " once per round: "
                    + phases);
        }
        assertEquals(2L * rounds, phases.at("/worker.fit/events").asLong(), "2 workers in every round");
        long driverJob = phases.at("/driver.job/millis").asLong();
        assertTrue(driverJob <= epoch.get("roundsMillis").asLong(), "the jobs are part of the rounds' wall time");
        assertEquals(64, result.history().get(0).samples());
    }
}
