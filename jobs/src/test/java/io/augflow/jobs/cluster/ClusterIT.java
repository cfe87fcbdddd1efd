package io.augflow.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augflow.pipeline.ingest.IngestSummary;
import io.augflow.train.feed.ExecutorBackend;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * augflow on a real multi-JVM cluster: every job is a {@code spark-submit} of {@code augflow-jobs-submit.jar} onto
 * {@code local-cluster[2,1,1024]} ({@link LocalCluster}), the outputs are checked here, and the event log and the
 * process table show that the work ran in two separate executor JVMs. Two tests kill an executor JVM with SIGKILL in
 * the middle of a job (ingest while writing the dataset, training during an averaging round) and check that the job
 * still ends with the same output as without the kill.
 *
 * <p>The pipeline runs once for the class: generate a YOLO landing folder, add one undecodable image and one label
 * file without an image, ingest it, train on it. The report, predict and kill tests submit their own jobs against that
 * dataset and compare with those outputs. Everything stays under {@code jobs/target/cluster-it/run-<time>/} (one
 * folder per spark-submit: the driver's log, the event log, and the executors' logs under spark-home/work).
 */
class ClusterIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** {@code generate.images} in cluster-it.conf. */
    private static final int IMAGES = 240;
    private static final String BROKEN_ID = "train/zz-broken";
    private static final String ORPHAN_ID = "train/zz-orphan";

    private static LocalCluster cluster;
    private static Path dir;
    private static Path conf;
    private static Path landing;
    private static Path dataset;
    private static Path model;
    private static SubmitResult generated;
    private static SubmitResult ingested;
    private static SubmitResult trained;
    private static long generatedFiles;

    /** The pipeline, each job a spark-submit: generate, ingest, train. Its outputs are the kill tests' references. */
    @BeforeAll
    static void runThePipelineOnTheCluster() throws IOException {
        cluster = LocalCluster.fromSystemProperties();
        dir = Path.of(System.getProperty("augflow.it.dir"))
                .resolve("run-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(dir);
        conf = dir.resolve("cluster-it.conf");
        try (InputStream in = ClusterIT.class.getClassLoader().getResourceAsStream("cluster-it/cluster-it.conf")) {
            Files.copy(in, conf);
        }

        landing = dir.resolve("landing");
        generated = submit("generate", DriverWatcher.NONE, "generate", "--layout", "yolo", "-o", landing.toString());
        assertEquals(0, generated.exitCode(), generated.describe());
        generatedFiles = countFiles(landing.resolve("images"), ".png");
        // Bad rows ingest must set aside: an undecodable image, and a label file whose image is missing.
        Files.write(landing.resolve("images/" + BROKEN_ID + ".png"), new byte[] {1, 2, 3});
        Files.writeString(landing.resolve("labels/" + ORPHAN_ID + ".txt"), "0 0.5 0.5 0.2 0.2\n");

        dataset = dir.resolve("dataset");
        ingested = submit("ingest", DriverWatcher.NONE, "ingest", "--layout", "yolo", "-i", landing.toString(),
                "-o", dataset.toString());
        assertEquals(0, ingested.exitCode(), ingested.describe());

        model = dir.resolve("model");
        trained = submit("train", DriverWatcher.NONE, "train", "-d", dataset.toString(), "-o", model.toString());
        assertEquals(0, trained.exitCode(), trained.describe());
    }

    @Test
    void generateAndIngestRunOnTwoExecutorJvms() throws IOException {
        assertRanOnTwoExecutorJvms(generated);
        assertEquals(IMAGES, generatedFiles, "one PNG per generated image");
        assertEquals(IMAGES, countFiles(landing.resolve("labels"), ".txt") - 1, "one label file per image");

        assertRanOnTwoExecutorJvms(ingested);
        IngestSummary summary = summary(dataset);
        assertEquals(IMAGES + 2, summary.rowsIn(), "every image and the orphan label file");
        assertEquals(IMAGES, summary.rowsWritten());
        assertEquals(2, summary.rowsQuarantined());
        assertEquals(Set.of(BROKEN_ID, ORPHAN_ID), quarantinedIds(dataset));
        List<String> ids = ids(dataset);
        assertEquals(IMAGES, ids.size());
        assertEquals(ids.size(), new HashSet<>(ids).size(), "ids are distinct");
    }

    @Test
    void reportRunsOnTheCluster() throws IOException {
        Path out = dir.resolve("report");
        SubmitResult report = submit("report", DriverWatcher.NONE, "report", "-d", dataset.toString(),
                "-o", out.toString());
        assertEquals(0, report.exitCode(), report.describe());
        assertRanOnTwoExecutorJvms(report);
        JsonNode json = JSON.readTree(out.resolve("report.json").toFile());
        assertEquals(4, json.path("classes").size(), json.toString());
        assertTrue(Files.size(out.resolve("report.html")) > 10_000, "report.html holds the charts and samples");
    }

    @Test
    void trainRunsOnTwoExecutorJvmsAndEvaluatesOnTheTestSplit() throws IOException {
        assertRanOnTwoExecutorJvms(trained);
        assertTrainedModel(model);
        assertOneDnnOnEveryExecutor(trained);
    }

    @Test
    void predictRunsOnTwoExecutorJvmsOverTheLandingFolderAndQuarantinesTheBrokenImage() throws IOException {
        Path out = dir.resolve("predictions");
        SubmitResult run = submit("predict", DriverWatcher.NONE, "predict", "-m", model.toString(), "-i",
                landing.resolve("images").toString(), "-o", out.toString(), "--format", "coco");
        assertEquals(0, run.exitCode(), run.describe());
        assertRanOnTwoExecutorJvms(run);
        List<String> predicted = ids(out);
        assertEquals(IMAGES, predicted.size(), "every generated image predicted once");
        assertEquals(IMAGES, new HashSet<>(predicted).size());
        assertEquals(Set.of(BROKEN_ID), new TreeSet<>(ids(dir.resolve("predictions_quarantine"))));
        assertEquals(List.of("UNDECODABLE"), ParquetColumn.strings(dir.resolve("predictions_quarantine"), "reason"));
        assertEquals(IMAGES, JSON.readTree(out.resolve("_coco_images.json").toFile()).path("images").size());
    }

    @Test
    void ingestWritesEveryRowOnceWhenAnExecutorIsKilledWhileWriting() throws IOException {
        Path out = dir.resolve("dataset-kill");
        ExecutorKill kill = ExecutorKill.inFirstStageAt("parquet at IngestJob");
        SubmitResult run = submit("ingest-kill", kill, "ingest", "--layout", "yolo", "-i", landing.toString(),
                "-o", out.toString());
        assertEquals(0, run.exitCode(), run.describe());
        assertKilledMidTask(run, kill.killed());

        IngestSummary summary = summary(out);
        List<String> ids = ids(out);
        assertEquals(ids.size(), new HashSet<>(ids).size(), "ids are distinct");
        assertEquals(summary.rowsIn() - summary.rowsQuarantined(), ids.size());
        assertEquals(new TreeSet<>(ids(dataset)), new TreeSet<>(ids), "the same rows as without the kill");
        assertEquals(Set.of(BROKEN_ID, ORPHAN_ID), quarantinedIds(out));
    }

    @Test
    void trainingCompletesWhenAnExecutorIsKilledDuringAnEpoch() throws IOException {
        Path out = dir.resolve("model-kill");
        ExecutorKill kill = ExecutorKill.inFirstStageAt("treeReduce at ParameterAveraging");
        SubmitResult run = submit("train-kill", kill, "train", "-d", dataset.toString(), "-o", out.toString());
        assertEquals(0, run.exitCode(), run.describe());
        assertKilledMidTask(run, kill.killed());
        assertTrainedModel(out);

        // The lost worker's round ran again from the same broadcast parameters on the same seeded slice, so the
        // training is the reference's: same samples per epoch, same loss (up to the order partial results were
        // summed in), same test predictions.
        JsonNode reference = JSON.readTree(model.resolve("model.json").toFile());
        JsonNode killed = JSON.readTree(out.resolve("model.json").toFile());
        for (int e = 0; e < 2; e++) {
            JsonNode want = reference.path("history").get(e);
            JsonNode got = killed.path("history").get(e);
            assertEquals(want.path("samples").asLong(), got.path("samples").asLong(), "samples of epoch " + e);
            assertEquals(want.path("loss").asDouble(), got.path("loss").asDouble(),
                    1e-4 * Math.abs(want.path("loss").asDouble()), "loss of epoch " + e);
        }
        assertEquals(reference.path("test").path("confusion"), killed.path("test").path("confusion"),
                "test confusion matrix");
    }

    private static SubmitResult submit(String name, DriverWatcher watcher, String... args) {
        String[] withConf = new String[args.length + 2];
        System.arraycopy(args, 0, withConf, 0, args.length);
        withConf[args.length] = "--conf";
        withConf[args.length + 1] = conf.toString();
        SubmitResult result = cluster.submit(dir.resolve(name), watcher, withConf);
        System.out.printf("ClusterIT: %s took %.1f s (exit %d), executors %s, tasks by executor %s%n", name,
                result.seconds(), result.exitCode(), result.executorPids(),
                result.events().successfulTasksByExecutor());
        return result;
    }

    /** Executors 0 and 1 registered, both ran tasks, and they were two JVMs other than the driver. */
    private static void assertRanOnTwoExecutorJvms(SubmitResult run) {
        assertTrue(run.events().applicationEnded(), run.describe());
        assertEquals(Set.of("0", "1"), run.events().executorsAdded(), run.describe());
        Map<String, Long> tasks = run.events().successfulTasksByExecutor();
        assertTrue(tasks.getOrDefault("0", 0L) > 0 && tasks.getOrDefault("1", 0L) > 0,
                "tasks on both executors, got " + tasks);
        assertEquals(Set.of("0", "1"), run.executorPids().keySet(), "executor JVMs seen: " + run.executorPids());
        Set<Long> pids = new HashSet<>(run.executorPids().get("0"));
        pids.addAll(run.executorPids().get("1"));
        assertEquals(2, pids.size(), "one JVM per executor: " + run.executorPids());
        assertFalse(pids.contains(run.driverPid()), "executors are not the driver JVM");
        assertTrue(run.events().jobResults().values().stream().allMatch("JobSucceeded"::equals),
                "every job succeeded: " + run.events().jobResults());
    }

    /**
     * Each executor's log (its stderr under spark-home/work/app-id/executor-id) says its convolutions ran through
     * oneDNN: the executors got the CPU flags the driver set in spark.executor.extraJavaOptions.
     */
    private static void assertOneDnnOnEveryExecutor(SubmitResult run) throws IOException {
        Map<String, String> logs = new TreeMap<>();
        try (Stream<Path> files = Files.walk(run.runDir().resolve("spark-home").resolve("work"))) {
            for (Path stderr : files.filter(p -> p.getFileName().toString().equals("stderr")).toList()) {
                logs.put(stderr.getParent().getFileName().toString(), Files.readString(stderr));
            }
        }
        assertEquals(Set.of("0", "1"), logs.keySet(), "executor logs of " + run.runDir());
        logs.forEach((executor, log) -> assertTrue(log.contains(ExecutorBackend.ONEDNN_ACTIVE),
                "executor " + executor + " logged no '" + ExecutorBackend.ONEDNN_ACTIVE + "':\n"
                        + log.lines().filter(l -> l.contains("oneDNN") || l.contains("ERROR")).toList()));
    }

    /** The killed executor left the application, its task failed with it and ran again elsewhere. */
    private static void assertKilledMidTask(SubmitResult run, ExecutorKill.Killed killed) {
        System.out.printf("ClusterIT: %s killed executor %s (pid %d) in stage %d, task %d; failed attempts %s%n",
                run.name(), killed.executor(), killed.pid(), killed.stage(), killed.taskId(),
                run.events().failedTaskAttempts());
        assertTrue(run.events().executorsRemoved().contains(killed.executor()),
                "executor " + killed.executor() + " removed: " + run.events().executorsRemoved());
        assertTrue(run.events().failedTaskAttempts().stream()
                        .anyMatch(t -> t.taskId() == killed.taskId() && t.executor().equals(killed.executor())),
                "task " + killed.taskId() + " failed with its executor: " + run.events().failedTaskAttempts());
        assertTrue(run.events().jobResults().values().stream().allMatch("JobSucceeded"::equals),
                "every job succeeded: " + run.events().jobResults());
    }

    /** model.json has the planned epochs and COCO test metrics, and model.zip loads and predicts its grid. */
    private static void assertTrainedModel(Path out) throws IOException {
        JsonNode result = JSON.readTree(out.resolve("model.json").toFile());
        assertEquals(2, result.path("epochs").asInt(), result.toString());
        JsonNode history = result.path("history");
        assertEquals(2, history.size(), "one history record per epoch: " + history);
        for (int e = 0; e < 2; e++) {
            JsonNode epoch = history.get(e);
            assertEquals(e, epoch.path("epoch").asInt());
            assertTrue(epoch.path("samples").asLong() > 0 && Double.isFinite(epoch.path("loss").asDouble()),
                    "epoch " + epoch);
        }
        // a YOLO folder with the defaults (model.task = auto): a detector, scored COCO-style on the test split
        assertEquals("detect", result.path("task").asText(), result.toString());
        JsonNode test = result.path("testDetection");
        assertFalse(test.isMissingNode() || test.isNull(), "COCO test metrics in model.json");
        double ap50 = test.path("AP50").asDouble(-2);
        assertTrue(ap50 >= 0 && ap50 <= 1, "test AP50 " + test);
        JsonNode groundTruth = JSON.readTree(out.resolve("coco/test-ground-truth.json").toFile());
        assertEquals(testRows(), groundTruth.path("images").size(), "every test row evaluated once");

        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(out.resolve("model.zip").toFile(), false);
        JsonNode input = result.path("input");
        INDArray grid = net.output(Nd4j.rand(DataType.FLOAT, 3, input.get(0).asInt(), input.get(1).asInt(),
                input.get(2).asInt()));
        int stride = result.path("detector").path("stride").asInt();
        int anchors = result.path("detector").path("anchors").size();
        // the detector's output grid: [images, anchors x (5 + classes), height / stride, width / stride]
        assertArrayEquals(new long[] {3, anchors * (5L + result.path("classes").size()), input.get(1).asInt() / stride,
                input.get(2).asInt() / stride}, grid.shape());
    }

    private static long testRows() {
        return ParquetColumn.strings(dataset, "split").stream().filter("test"::equals).count();
    }

    private static IngestSummary summary(Path datasetDir) throws IOException {
        return JSON.readValue(datasetDir.resolve(IngestSummary.FILE_NAME).toFile(), IngestSummary.class);
    }

    private static List<String> ids(Path parquet) {
        return ParquetColumn.strings(parquet, "id");
    }

    /** The ids in {@code <dataset>_quarantine}, ingest's rows set aside. */
    private static Set<String> quarantinedIds(Path datasetDir) {
        return new TreeSet<>(ids(datasetDir.resolveSibling(datasetDir.getFileName() + "_quarantine")));
    }

    private static long countFiles(Path root, String suffix) throws IOException {
        try (var files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(suffix)).count();
        }
    }
}
