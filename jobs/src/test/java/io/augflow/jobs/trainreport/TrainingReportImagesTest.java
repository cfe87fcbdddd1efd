package io.augflow.jobs.trainreport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.Box;
import io.augflow.augment.OpenCv;
import io.augflow.pipeline.dataset.DatasetMetadata;
import io.augflow.pipeline.dataset.DatasetSchema;
import io.augflow.pipeline.dataset.SampleRows;
import io.augflow.train.detect.eval.CocoGroundTruth;
import io.augflow.train.detect.eval.CocoImage;
import io.augflow.train.detect.eval.CocoJsonWriter;
import io.augflow.train.detect.eval.Detection;
import io.augflow.train.detect.eval.GroundTruthBox;
import io.augflow.train.spark.TrainResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * The detection report's test images: rows read from a tiny dataset by sample id, boxes from a COCO pair, drawn
 * where the files say (64 x 64 images are drawn 4 times larger: a box edge at x lands on tile column 4x).
 */
class TrainingReportImagesTest {
    private static final int GREY = 100;
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        OpenCv.load();
        spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2").getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void truthAndPredictionsAreDrawnWhereTheCocoFilesSay(@TempDir Path dir) throws Exception {
        byte[] png = SampleRows.encodePng(new Mat(64, 64, CvType.CV_8UC1, Scalar.all(GREY)));
        List<Row> rows = new ArrayList<>();
        rows.add(SampleRows.toRow("t-small", png, 64, 64, 1, null, List.of(new Box(1, 8, 8, 16, 16)), "holdout", "s"));
        rows.add(SampleRows.toRow("t-other", png, 64, 64, 1, null, List.of(new Box(0, 10, 10, 40, 40)), "holdout",
                "s"));
        rows.add(SampleRows.toRow("train-0", png, 64, 64, 1, null, List.of(new Box(0, 1, 1, 40, 40)), "train", "s"));
        Path dataset = dir.resolve("dataset");
        spark.createDataFrame(rows, DatasetSchema.SCHEMA).write().parquet(dataset.toString());
        DatasetMetadata.of(List.of("kite", "person"), Map.of()).write(dataset.toString(),
                spark.sparkContext().hadoopConfiguration());

        // the COCO pair of split "holdout"; t-gone is scored but no longer in the dataset
        Path model = dir.resolve("model");
        Files.createDirectories(model.resolve("coco"));
        CocoGroundTruth truth = CocoGroundTruth.of(List.of(new CocoImage("t-small", 64, 64),
                new CocoImage("t-other", 64, 64), new CocoImage("t-gone", 64, 64)), List.of("kite", "person"),
                List.of(GroundTruthBox.of("t-small", 1, 8, 8, 16, 16, false),
                        GroundTruthBox.of("t-other", 0, 10, 10, 40, 40, false),
                        GroundTruthBox.of("t-gone", 0, 10, 10, 40, 40, false)));
        CocoJsonWriter.writeGroundTruth(truth, model.resolve("coco/holdout-ground-truth.json"));
        List<Detection> detections = new ArrayList<>(List.of(new Detection("t-small", 0, 36, 36, 20, 20, 0.9),
                new Detection("t-small", 1, 4, 44, 12, 12, 0.1), new Detection("t-other", 0, 10, 10, 40, 40, 0.3)));
        for (int i = 0; i < 14; i++) { // t-other: 15 detections at or above 0.3, of which the 10 best are drawn
            detections.add(new Detection("t-other", 0, 2 + i, 2, 4, 4, 0.4 + i * 0.01));
        }
        CocoJsonWriter.writeDetections(truth, detections, model.resolve("coco/holdout-detections.json"));

        TrainResult result = TrainingReportDetectionTest.result(Map.of("dataset", dataset.toString(), "seed", 7L,
                "config", "train { test-split = holdout }"));
        String html = Files.readString(TrainingReport.write(result, model, spark));

        Matcher tiles = Pattern.compile("<figure class=\"tile\" style=\"width:256px\" data-id=\"([^\"]+)\""
                + " data-truths=\"(\\d+)\" data-predictions=\"(\\d+)\" data-drawn=\"(\\d+)\">"
                + "<img src=\"data:image/png;base64,([^\"]+)\"").matcher(html);
        List<String> seen = new ArrayList<>();
        Mat small = null;
        Mat other = null;
        while (tiles.find()) {
            seen.add(tiles.group(1) + ":" + tiles.group(2) + ":" + tiles.group(3) + ":" + tiles.group(4));
            Mat tile = Imgcodecs.imdecode(new MatOfByte(Base64.getDecoder().decode(tiles.group(5))),
                    Imgcodecs.IMREAD_COLOR);
            if (tiles.group(1).equals("t-small")) {
                small = tile;
            } else {
                other = tile;
            }
        }
        // the image with a small object first; the detection at 0.1 is under the display threshold, 0.3 is not
        assertEquals(List.of("t-small:1:1:1", "t-other:1:15:10"), seen);
        assertTrue(html.contains("t-other · 1 true, 15 predicted, the 10 best drawn"));
        assertTrue(html.contains("1 chosen test image(s) not in dataset " + dataset + " any more: t-gone"), html);

        assertEquals(256, small.cols());
        assertEquals(256, small.rows());
        // truth (8, 8, 16, 16): edges on tile columns/rows 32 and 95
        assertArrayEquals(new double[] {0, 190, 0}, small.get(64, 32), "truth, left edge");
        assertArrayEquals(new double[] {0, 190, 0}, small.get(95, 64), "truth, bottom edge");
        assertArrayEquals(new double[] {GREY, GREY, GREY}, small.get(64, 64), "inside the truth box");
        // the 0.9 detection (36, 36, 20, 20): left edge on column 144, rows 144 to 223
        assertArrayEquals(new double[] {40, 40, 230}, small.get(200, 144), "prediction, left edge");
        assertArrayEquals(new double[] {40, 40, 230}, small.get(223, 200), "prediction, bottom edge");
        // the 0.1 detection (4, 44, 12, 12) is not drawn: column 16 stays grey
        assertArrayEquals(new double[] {GREY, GREY, GREY}, small.get(200, 16), "under the display threshold");
        // t-other: boxes (2 + i, 2, 4, 4) scored 0.40 + i/100; i = 4..13 drawn, so the left edge of i = 4 (column
        // 24) is red and those of i = 0 and 1 (columns 8 and 12) are not
        assertArrayEquals(new double[] {40, 40, 230}, other.get(16, 24), "the 10th best detection");
        assertArrayEquals(new double[] {GREY, GREY, GREY}, other.get(16, 8), "the 14th best, not drawn");
        assertArrayEquals(new double[] {GREY, GREY, GREY}, other.get(16, 12), "the 13th best, not drawn");
        // truth (10, 10, 40, 40): green on its top edge (row 40)
        assertArrayEquals(new double[] {0, 190, 0}, other.get(40, 120), "truth, top edge");
    }

    @Test
    void aMissingCocoPairLeavesANoteNotAFailure(@TempDir Path dir) throws Exception {
        TrainResult result = TrainingReportDetectionTest.result(Map.of("dataset", dir.resolve("nowhere").toString()));
        String html = Files.readString(TrainingReport.write(result, dir, spark));
        assertTrue(html.contains("No test images drawn: " + dir.resolve("coco/test-ground-truth.json")), html);
        assertTrue(html.contains("id=\"per-class\""), "the figures are still there");
    }
}
