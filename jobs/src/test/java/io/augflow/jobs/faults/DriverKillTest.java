package io.augflow.jobs.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augflow.augment.OpenCv;
import io.augflow.augment.synthetic.SyntheticConf;
import io.augflow.jobs.AugflowCli;
import io.augflow.pipeline.generate.GenerateJob;
import io.augflow.pipeline.generate.GenerateLayout;
import io.augflow.train.spark.SparkTrainer;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The driver dies during training and the run is resumed: the training runs as a child JVM, is killed with SIGKILL
 * once its first checkpoint is on disk, then {@code train --resume} finishes it. And a checkpoint damaged after the
 * fact (the newest model file truncated) is detected on resume, named in a WARNING, and the previous one is used.
 */
class DriverKillTest {
    private static final int EPOCHS = 4;
    /**
     * A small LeNet-5 on 64 grey 64x64 images resized to 28x28, one averaging round of 2 workers x 2 minibatches
     * per epoch: an epoch takes seconds.
     */
    private static final String CONF = """
            augflow {
              seed = 11
              train { epochs = %d, workers = 2, batch-size-per-worker = 16, averaging-frequency = 2,
                      prefetch-batches = 0, rows-per-shard = 16, evaluate-split = "", test-split = "" }
              model { architecture = lenet5, batch-norm = false, l2 = 0, input-size = "28x28" }
              augment { pipeline = [ {type = horizontal-flip, p = 0.5} ] }
              balance { strategy = none }
            }
            """.formatted(EPOCHS);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static SparkSession spark;
    static String dataset;
    static String conf;

    @BeforeAll
    static void generate() throws IOException {
        OpenCv.load();
        spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4").getOrCreate();
        dataset = dir.resolve("data").toString();
        GenerateJob.run(spark, new SyntheticConf(64, 64, 64, 1, 2, 1, 0, 0, 0, 0, 5), GenerateLayout.DATASET,
                dataset, 2, false);
        conf = Files.writeString(dir.resolve("train.conf"), CONF).toString();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void killedWithSigkillAfterItsFirstCheckpointItResumesToThePlannedEpochs() throws Exception {
        Path out = dir.resolve("killed");
        Path log = dir.resolve("killed.log");
        Process child = ChildJvm.start(dir.resolve("child-tmp"), log, "train", "--master", "local[2]",
                "--conf", conf, "-d", dataset, "-o", out.toString());
        Path firstCheckpoint = out.resolve(SparkTrainer.CHECKPOINTS).resolve("epoch-0000").resolve("checkpoint.json");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(firstCheckpoint) && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        boolean aliveWhenKilled = child.isAlive();
        child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        assertTrue(Files.exists(firstCheckpoint), "no checkpoint within 120 s:\n" + ChildJvm.tail(log, 40));
        assertTrue(aliveWhenKilled, "the training ended before it could be killed:\n" + ChildJvm.tail(log, 40));
        assertEquals(137, child.exitValue(), "128 + SIGKILL(9)");
        List<Integer> checkpointed = checkpointEpochs(out);
        assertTrue(!checkpointed.isEmpty() && checkpointed.size() < EPOCHS,
                "killed mid-training: checkpoints " + checkpointed + " of " + EPOCHS + " epochs");
        assertFalse(Files.exists(out.resolve(SparkTrainer.MODEL_FILE)), "no final model from a killed run");

        Console resumed = Console.capture(() -> AugflowCli.run("train", "--master", "local[2]", "--conf", conf,
                "-d", dataset, "-o", out.toString(), "--resume"));
        assertEquals(0, resumed.exitCode(), resumed.err());

        JsonNode result = JSON.readTree(out.resolve(SparkTrainer.RESULT_FILE).toFile());
        assertEquals(EPOCHS, result.get("epochs").asInt());
        assertEquals(checkpointed.size(), result.get("resumedFromEpoch").asInt(),
                "resumed after the last complete checkpoint");
        assertEquals(List.of(0, 1, 2, 3), epochs(result.get("history")), "each planned epoch exactly once");
        assertEquals(List.of(0, 1, 2, 3), epochs(JSON.readTree(out.resolve(SparkTrainer.HISTORY_FILE).toFile())));
        assertEquals(List.of(0, 1, 2, 3), checkpointEpochs(out));
        assertNoTemporaryLeft(out.resolve(SparkTrainer.CHECKPOINTS));
        assertModelLoads(out.resolve(SparkTrainer.MODEL_FILE));
    }

    @Test
    void aTruncatedNewestCheckpointIsNamedInAWarningAndThePreviousOneIsUsed() throws Exception {
        Path out = dir.resolve("truncated");
        assertEquals(0, AugflowCli.run("train", "--master", "local[2]", "--conf", conf, "-d", dataset,
                "-o", out.toString(), "--epochs", "2"));
        Path newest = out.resolve(SparkTrainer.CHECKPOINTS).resolve("epoch-0001").resolve("model.zip");
        try (RandomAccessFile f = new RandomAccessFile(newest.toFile(), "rw")) {
            f.setLength(f.length() / 2); // a crash or a full disk while the file was copied
        }

        Console resumed = Console.capture(() -> AugflowCli.run("train", "--master", "local[2]", "--conf", conf,
                "-d", dataset, "-o", out.toString(), "--epochs", "2", "--resume"));
        assertEquals(0, resumed.exitCode(), resumed.err());
        String warning = resumed.log().lines().filter(l -> l.startsWith("WARN") && l.contains("epoch-0001/model.zip"))
                .findFirst().orElse(null);
        assertTrue(warning != null, "a WARNING naming the truncated model file:\n" + resumed.log());
        assertTrue(warning.contains("falling back to the previous checkpoint"), warning);

        JsonNode result = JSON.readTree(out.resolve(SparkTrainer.RESULT_FILE).toFile());
        assertEquals(1, result.get("resumedFromEpoch").asInt(), "epoch 1 retrained from epoch 0's checkpoint");
        assertEquals(List.of(0, 1), epochs(result.get("history")));
        assertModelLoads(out.resolve(SparkTrainer.MODEL_FILE));
        assertModelLoads(newest); // the rewritten checkpoint of epoch 1 is whole again
    }

    private static List<Integer> epochs(JsonNode history) {
        List<Integer> epochs = new ArrayList<>();
        history.forEach(r -> epochs.add(r.get("epoch").asInt()));
        return epochs;
    }

    private static List<Integer> checkpointEpochs(Path out) throws IOException {
        try (Stream<Path> dirs = Files.list(out.resolve(SparkTrainer.CHECKPOINTS))) {
            return dirs.map(p -> p.getFileName().toString()).filter(n -> n.matches("epoch-\\d{4}"))
                    .map(n -> Integer.parseInt(n.substring(6))).sorted().toList();
        }
    }

    private static void assertNoTemporaryLeft(Path checkpoints) throws IOException {
        try (Stream<Path> files = Files.list(checkpoints)) {
            List<String> hidden = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
            assertTrue(hidden.isEmpty(), "incomplete checkpoints of the killed run are removed: " + hidden);
        }
    }

    /** The model restores with its updater and classifies a batch into the 2 classes. */
    private static void assertModelLoads(Path model) throws IOException {
        try (var in = new FileInputStream(model.toFile())) {
            MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(in, true);
            var probabilities = net.output(Nd4j.rand(new int[] {3, 1, 28, 28}));
            assertEquals(3, probabilities.rows());
            assertEquals(2, probabilities.columns());
        }
    }
}
