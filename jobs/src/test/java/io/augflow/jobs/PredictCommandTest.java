package io.augflow.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.Box;
import io.augflow.augment.Sample;
import io.augflow.augment.tensor.ToTensor;
import io.augflow.jobs.faults.Console;
import io.augflow.train.detect.BoxMapping;
import io.augflow.train.detect.ScoredBox;
import io.augflow.train.detect.DetectorInference;
import io.augflow.train.detect.eval.CocoGroundTruthFile;
import io.augflow.train.detect.eval.CocoJsonReader;
import io.augflow.train.model.DetectConf;
import io.augflow.train.predict.PredictJob;
import io.augflow.train.registry.DatasetSnapshot;
import io.augflow.train.registry.ModelRegistry;
import io.augflow.train.registry.VersionMetadata;
import io.augflow.train.spark.TrainConf;
import io.augflow.train.spark.TrainedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * {@code augflow predict} end to end on generated data, each figure checked against the network called directly on
 * an image decoded by the test (not through the job's batching, broadcast or tensor code).
 */
class PredictCommandTest {

    @TempDir
    static Path dir;
    static SparkSession spark;
    static String dataset;
    static String classifier;
    static String detector;

    @BeforeAll
    static void trainTwoTinyModels() {
        spark = TinyModels.spark();
        dataset = TinyModels.shapes(spark, dir, 48, 0.1, 0.15);
        classifier = TinyModels.train(spark, TinyModels.CLASSIFIER, 5, dataset, dir.resolve("classifier").toString());
        detector = TinyModels.train(spark, TinyModels.DETECTOR, 5, dataset, dir.resolve("detector").toString());
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static Console run(String... args) {
        return TinyModels.cli(args);
    }

    @Test
    void aClassifierPredictsEveryRowWithSortedTopKEqualToTheNetworkCalledDirectly() throws Exception {
        String out = dir.resolve("cls-predictions").toString();
        Console c = run("predict", "-m", classifier, "-i", dataset, "-o", out);
        assertEquals(0, c.exitCode(), c.describe());

        long rowsIn = spark.read().parquet(dataset).count();
        List<Row> rows = spark.read().parquet(out).collectAsList();
        long quarantined = spark.read().parquet(out + "_quarantine").count();
        assertEquals(rowsIn, rows.size() + quarantined, "rows in = predicted + quarantined");
        assertEquals(0, quarantined, "a dataset's rows all decode");
        assertTrue(c.out().contains(rowsIn + " rows in, " + rowsIn + " predicted, 0 quarantined"), c.out());

        TrainedModel model = TrainedModel.read(classifier + "/model.zip", new org.apache.hadoop.conf.Configuration());
        for (Row r : rows) {
            List<Row> top = r.getList(r.fieldIndex("top_k"));
            assertEquals(2, top.size(), "top-5 of 2 classes keeps both");
            double sum = 0;
            for (int i = 0; i < top.size(); i++) {
                sum += top.get(i).getFloat(2);
                assertTrue(i == 0 || top.get(i).getFloat(2) <= top.get(i - 1).getFloat(2), "sorted: " + top);
            }
            assertTrue(sum <= 1 + 1e-5, "probabilities sum to at most 1: " + sum);
            assertEquals(top.get(0).getString(0), r.getString(r.fieldIndex("predicted")));
            assertEquals(top.get(0).getInt(1), r.getInt(r.fieldIndex("predicted_index")));
            assertEquals(model.classes().get(top.get(0).getInt(1)), top.get(0).getString(0));
        }

        Row known = rows.stream().min((a, b) -> a.getString(0).compareTo(b.getString(0))).orElseThrow();
        float[] expected = direct(model, decodeRow(known.getString(0)), false);
        float[] got = probabilitiesByClass(known, expected.length);
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], got[k], 1e-5, "class " + k + " of " + known.getString(0));
        }
    }

    @Test
    void flipTestTimeAugmentationAveragesTheImageAndItsMirrorAndAnImageFolderQuarantinesBadFiles() throws Exception {
        Path folder = dir.resolve("photos");
        Files.createDirectories(folder.resolve("sub"));
        Mat symmetric = Mat.zeros(64, 64, CvType.CV_8UC3);
        Imgproc.rectangle(symmetric, new Point(16, 20), new Point(47, 43), new Scalar(40, 200, 90), -1);
        Mat lopsided = Mat.zeros(50, 70, CvType.CV_8UC3);
        Imgproc.circle(lopsided, new Point(15, 25), 12, new Scalar(255, 255, 255), -1);
        Imgcodecs.imwrite(folder.resolve("symmetric.png").toString(), symmetric);
        Imgcodecs.imwrite(folder.resolve("sub/lopsided.png").toString(), lopsided);
        byte[] png = Files.readAllBytes(folder.resolve("symmetric.png"));
        Files.write(folder.resolve("broken.png"), Arrays.copyOf(png, png.length / 2));
        Files.writeString(folder.resolve("notes.txt"), "not an image");

        String plain = dir.resolve("folder-plain").toString();
        String flipped = dir.resolve("folder-flip").toString();
        assertEquals(0, run("predict", "-m", classifier + "/model.zip", "-i", folder.toString(), "-o", plain)
                .exitCode());
        Console c = run("predict", "-m", classifier, "-i", folder.toString(), "-o", flipped, "--tta", "flip");
        assertEquals(0, c.exitCode(), c.describe());
        assertTrue(c.out().contains("4 rows in, 2 predicted, 2 quarantined"), c.out());

        Map<String, Row> quarantine = byId(spark.read().parquet(flipped + "_quarantine").collectAsList());
        assertEquals(List.of("broken", "notes"), quarantine.keySet().stream().sorted().toList());
        assertEquals("UNDECODABLE", quarantine.get("broken").getString(2));
        assertFalse(quarantine.get("notes").getString(3).isBlank(), "a reason's detail says what is wrong");

        Map<String, Row> withFlip = byId(spark.read().parquet(flipped).collectAsList());
        Map<String, Row> without = byId(spark.read().parquet(plain).collectAsList());
        assertEquals(without.get("symmetric").getString(2), withFlip.get("symmetric").getString(2),
                "a mirror-symmetric image gets the same class with and without flip");
        TrainedModel model = TrainedModel.read(classifier + "/model.zip", new org.apache.hadoop.conf.Configuration());
        for (String id : List.of("symmetric", "sub/lopsided")) {
            Mat image = Imgcodecs.imread(folder.resolve(id + ".png").toString(), Imgcodecs.IMREAD_COLOR);
            float[] once = direct(model, new Sample(id, image.clone(), List.of(), Sample.NO_LABEL), false);
            float[] mirror = direct(model, new Sample(id, image, List.of(), Sample.NO_LABEL), true);
            float[] got = probabilitiesByClass(withFlip.get(id), once.length);
            float[] plainGot = probabilitiesByClass(without.get(id), once.length);
            for (int k = 0; k < once.length; k++) {
                assertEquals((once[k] + mirror[k]) / 2, got[k], 1e-5, id + " class " + k);
                assertEquals(once[k], plainGot[k], 1e-5, id + " class " + k + " without flip");
            }
        }
    }

    @Test
    void aDetectorsBoxesAreThoseOfItsInferencePathInOriginalPixelsAlsoAsCocoAndWithFlip() throws Exception {
        String out = dir.resolve("det-predictions").toString();
        String flipped = dir.resolve("det-flip").toString();
        Console c = run("predict", "-m", detector, "-i", dataset, "-o", out, "--format", "coco");
        assertEquals(0, c.exitCode(), c.describe());
        assertEquals(0, run("predict", "-m", detector, "-i", dataset, "-o", flipped, "--tta", "flip").exitCode());

        List<Row> rows = spark.read().parquet(out).collectAsList();
        assertEquals(spark.read().parquet(dataset).count(), rows.size());
        Row known = rows.stream().filter(r -> !r.getList(r.fieldIndex("boxes")).isEmpty())
                .min((a, b) -> a.getString(0).compareTo(b.getString(0))).orElseThrow();
        TrainedModel model = TrainedModel.read(detector + "/model.zip", new org.apache.hadoop.conf.Configuration());
        Model net = model.load(new org.apache.hadoop.conf.Configuration()).network();
        DetectorInference path = model.inference(model.trainConf(TrainConf.parse("")),
                model.detectConf(DetectConf.DEFAULT));
        Sample sample = decodeRow(known.getString(0));
        assertEquals(sample.width(), known.getInt(known.fieldIndex("width")));
        assertBoxes(path.detect(net, List.of(sample)).get(0), known.getList(known.fieldIndex("boxes")));

        // flip by hand: the network on the mirrored fitted image, its boxes mirrored back, one NMS, then back
        Sample fitted = path.fit().apply(sample);
        Mat mirrored = new Mat();
        Core.flip(fitted.image(), mirrored, 1);
        int w = path.fit().size().width();
        List<ScoredBox> both = new ArrayList<>(path.decoder().candidates(output(net, tensor(path.toTensor(), fitted)),
                0));
        for (ScoredBox d : path.decoder().candidates(output(net, tensor(path.toTensor(), fitted.withImage(mirrored))),
                0)) {
            Box b = d.box();
            both.add(new ScoredBox(new Box(b.classId(), w - b.x() - b.w(), b.y(), b.w(), b.h()), d.score()));
        }
        BoxMapping back = new BoxMapping(path.fit().policy(), sample.width(), sample.height(), w,
                path.fit().size().height());
        List<ScoredBox> expected = back.toOriginal(path.decoder().nms().apply(both)).stream()
                .filter(d -> d.box().area() > 0).toList();
        Row flippedRow = byId(spark.read().parquet(flipped).collectAsList()).get(known.getString(0));
        assertBoxes(expected, flippedRow.getList(flippedRow.fieldIndex("boxes")));

        // an image of another size and shape: letterboxed in, boxes mapped back to its own 96x72 pixels
        Path photos = Files.createDirectories(dir.resolve("det-photos"));
        Mat wide = new Mat();
        Imgproc.resize(sample.image(), wide, new org.opencv.core.Size(96, 72));
        Imgcodecs.imwrite(photos.resolve("wide.png").toString(), wide);
        String fromFolder = dir.resolve("det-folder").toString();
        assertEquals(0, run("predict", "-m", detector, "-i", photos.toString(), "-o", fromFolder).exitCode());
        Row wideRow = spark.read().parquet(fromFolder).first();
        assertEquals(96, wideRow.getInt(wideRow.fieldIndex("width")));
        Mat decoded = Imgcodecs.imread(photos.resolve("wide.png").toString(), Imgcodecs.IMREAD_COLOR);
        assertBoxes(path.detect(net, List.of(new Sample("wide", decoded, List.of(), Sample.NO_LABEL))).get(0),
                wideRow.getList(wideRow.fieldIndex("boxes")));

        // COCO: images numbered 1, 2, ... over the sorted ids, every box a result
        CocoGroundTruthFile images = CocoJsonReader.readGroundTruth(Path.of(out, PredictJob.COCO_IMAGES));
        List<String> ids = rows.stream().map(r -> r.getString(0)).sorted().toList();
        assertEquals(ids.size(), images.groundTruth().images().size());
        assertEquals(known.getString(0), images.imageIds().get((long) ids.indexOf(known.getString(0)) + 1));
        long boxes = rows.stream().mapToLong(r -> r.getList(r.fieldIndex("boxes")).size()).sum();
        assertEquals(boxes, CocoJsonReader.readDetections(Path.of(out, PredictJob.COCO_RESULTS), images).size());
    }

    @Test
    void theRegistrysChampionAndVersionPredictAsTheTrainingOutputAndAMissingModelIsADataError() {
        String root = dir.resolve("registry").toString();
        ModelRegistry registry = ModelRegistry.open(root, new org.apache.hadoop.conf.Configuration());
        registry.register(classifier, new VersionMetadata(null, new DatasetSnapshot(dataset, 48, Map.of(), List.of()),
                "cafe", 5, Map.of(), Instant.parse("2026-01-01T00:00:00Z"), VersionMetadata.SCRATCH, ""));
        Console none = run("predict", "-m", root + ":champion", "-i", dataset, "-o", dir.resolve("none").toString());
        assertEquals(ExitCodes.DATA, none.exitCode(), none.describe());
        assertTrue(none.err().contains("has no champion yet"), none.err());
        registry.promote(1, "test");

        String direct = dir.resolve("reg-direct").toString();
        String champion = dir.resolve("reg-champion").toString();
        String bare = dir.resolve("reg-bare").toString();
        assertEquals(0, run("predict", "-m", classifier, "-i", dataset, "-o", direct).exitCode());
        assertEquals(0, run("predict", "-m", root + ":champion", "-i", dataset, "-o", champion).exitCode());
        assertEquals(0, run("predict", "-m", root, "-i", dataset, "-o", bare, "--top-k", "1").exitCode());
        Map<String, Row> expected = byId(spark.read().parquet(direct).collectAsList());
        for (String out : List.of(champion, bare)) {
            Map<String, Row> got = byId(spark.read().parquet(out).collectAsList());
            assertEquals(expected.keySet(), got.keySet());
            expected.forEach((id, r) -> {
                assertEquals(r.getString(2), got.get(id).getString(2), id);
                assertEquals(r.getFloat(4), got.get(id).getFloat(4), 1e-6, id);
            });
        }
        assertEquals(1, spark.read().parquet(bare).first().getList(5).size(), "--top-k 1");

        Console missing = run("predict", "-m", dir.resolve("nowhere").toString(), "-i", dataset, "-o",
                dir.resolve("never").toString());
        assertEquals(ExitCodes.DATA, missing.exitCode(), missing.describe());
        assertTrue(missing.err().contains("does not exist"), missing.err());
        assertFalse(missing.err().contains("\tat "), "an expected failure prints no stack trace: " + missing.err());
        assertFalse(Files.exists(dir.resolve("never")), "nothing written");
    }

    /** No job may hang: past --timeout-minutes the Spark jobs are cancelled, the run fails naming the setting. */
    @Test
    void aRunPastItsTimeLimitIsCancelledAndFailsNamingTheSettingWithNothingWritten() {
        Path out = dir.resolve("too-slow");
        Console c = run("predict", "-m", classifier, "-i", dataset, "-o", out.toString(), "--timeout-minutes",
                "0.00001");
        assertEquals(ExitCodes.FAILED, c.exitCode(), c.describe());
        assertTrue(c.err().contains("did not finish within") && c.err().contains("predict --timeout-minutes"),
                c.err());
        assertFalse(c.err().contains("\tat "), "an expected failure prints no stack trace: " + c.err());
        assertFalse(Files.exists(out), "nothing committed");
        Console zero = run("predict", "-m", classifier, "-i", dataset, "-o", out.toString(), "--timeout-minutes", "0");
        assertEquals(ExitCodes.USAGE, zero.exitCode(), zero.describe());
    }

    /**
     * The decoding flags replace the model's recorded settings for the run. Expected values come from the run with
     * the model's own settings: greedy NMS never lets a lower-scoring box suppress a higher one, so a higher score
     * threshold keeps exactly the default run's boxes scoring at least that much, and a cap of 1 keeps the best box.
     */
    @Test
    void decodingFlagsOverrideTheModelsRecordedScoreThresholdAndDetectionCap() {
        String plain = dir.resolve("det-plain").toString();
        String strict = dir.resolve("det-strict").toString();
        String capped = dir.resolve("det-capped").toString();
        assertEquals(0, run("predict", "-m", detector, "-i", dataset, "-o", plain).exitCode());
        Map<String, List<Row>> byId = boxesById(plain);
        double best = byId.values().stream().flatMap(List::stream).mapToDouble(b -> b.getFloat(6)).max().orElseThrow();
        float threshold = (float) (best / 2);
        Console c = run("predict", "-m", detector, "-i", dataset, "-o", strict, "--score-threshold",
                Float.toString(threshold));
        assertEquals(0, c.exitCode(), c.describe());
        assertEquals(0, run("predict", "-m", detector, "-i", dataset, "-o", capped, "--max-detections", "1")
                .exitCode());
        Map<String, List<Row>> strictById = boxesById(strict);
        Map<String, List<Row>> cappedById = boxesById(capped);
        assertEquals(byId.keySet(), strictById.keySet());
        long kept = 0;
        for (Map.Entry<String, List<Row>> e : byId.entrySet()) {
            List<Row> expected = e.getValue().stream().filter(b -> b.getFloat(6) >= threshold).toList();
            assertEquals(expected, strictById.get(e.getKey()), e.getKey() + " at score >= " + threshold);
            assertEquals(e.getValue().isEmpty() ? List.of() : List.of(e.getValue().get(0)),
                    cappedById.get(e.getKey()), e.getKey() + " capped at 1 box");
            kept += expected.size();
        }
        long all = byId.values().stream().mapToLong(List::size).sum();
        assertTrue(kept > 0 && kept < all, "the threshold (half the best score) keeps some boxes and drops others: "
                + kept + " of " + all);
        assertTrue(byId.values().stream().anyMatch(b -> b.size() > 1), "some image had more than one box to cap");
    }

    private static Map<String, List<Row>> boxesById(String predictions) {
        Map<String, List<Row>> out = new java.util.TreeMap<>();
        for (Row r : spark.read().parquet(predictions).collectAsList()) {
            out.put(r.getString(0), r.getList(r.fieldIndex("boxes")));
        }
        return out;
    }

    private static void assertBoxes(List<ScoredBox> expected, List<Row> got) {
        assertEquals(expected.size(), got.size(), "box count");
        for (int i = 0; i < expected.size(); i++) {
            ScoredBox d = expected.get(i);
            Row b = got.get(i);
            assertEquals(d.classId(), b.getInt(1), "class of box " + i);
            assertEquals(d.box().x(), b.getFloat(2), 1e-3, "x of box " + i);
            assertEquals(d.box().y(), b.getFloat(3), 1e-3, "y of box " + i);
            assertEquals(d.box().w(), b.getFloat(4), 1e-3, "w of box " + i);
            assertEquals(d.box().h(), b.getFloat(5), 1e-3, "h of box " + i);
            assertEquals(d.score(), b.getFloat(6), 1e-5, "score of box " + i);
        }
    }

    /** A dataset row decoded by the test itself: the stored bytes through OpenCV. */
    private static Sample decodeRow(String id) {
        Row r = spark.read().parquet(dataset).filter(org.apache.spark.sql.functions.col("id").equalTo(id)).first();
        Mat image = Imgcodecs.imdecode(new MatOfByte((byte[]) r.getAs("image")), Imgcodecs.IMREAD_COLOR);
        return new Sample(id, image, List.of(), Sample.NO_LABEL);
    }

    /** The classifier's softmax for one image (mirrored after fitting when asked), straight from the network. */
    private static float[] direct(TrainedModel model, Sample sample, boolean mirror) {
        Model net = model.load(new org.apache.hadoop.conf.Configuration()).network();
        TrainConf trained = model.trainConf(TrainConf.parse(""));
        Sample fitted = model.inputFit().apply(sample);
        if (mirror) {
            Mat m = new Mat();
            Core.flip(fitted.image(), m, 1);
            fitted = fitted.withImage(m);
        }
        return output(net, tensor(new ToTensor(trained.mean(), trained.std()), fitted)).toFloatVector();
    }

    private static org.nd4j.linalg.api.ndarray.INDArray tensor(ToTensor toTensor, Sample fitted) {
        int[] shape = toTensor.shape(fitted);
        return Nd4j.create(toTensor.apply(fitted), new long[] {1, shape[0], shape[1], shape[2]}, 'c');
    }

    private static org.nd4j.linalg.api.ndarray.INDArray output(Model net, org.nd4j.linalg.api.ndarray.INDArray x) {
        return net instanceof ComputationGraph g ? g.outputSingle(false, x)
                : ((MultiLayerNetwork) net).output(x, false);
    }

    private static float[] probabilitiesByClass(Row r, int classes) {
        float[] p = new float[classes];
        for (Row t : r.<Row>getList(r.fieldIndex("top_k"))) {
            p[t.getInt(1)] = t.getFloat(2);
        }
        return p;
    }

    private static Map<String, Row> byId(List<Row> rows) {
        Map<String, Row> m = new java.util.TreeMap<>();
        rows.forEach(r -> m.put(r.getString(0), r));
        return m;
    }
}
