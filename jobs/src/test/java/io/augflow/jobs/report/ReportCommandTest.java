package io.augflow.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augflow.augment.Box;
import io.augflow.augment.OpenCv;
import io.augflow.jobs.AugflowCli;
import io.augflow.jobs.testing.HeadlessChromium;
import io.augflow.jobs.report.ReportModel.ClassFigures;
import io.augflow.pipeline.dataset.DatasetMetadata;
import io.augflow.pipeline.dataset.DatasetSchema;
import io.augflow.pipeline.dataset.SampleRows;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/**
 * {@code augflow report} on a small hand-made dataset: exact figures in report.json, and the page rendered
 * by headless Chromium loads without script errors and shows the JSON's figures.
 */
class ReportCommandTest {
    static final List<String> NAMES = List.of("cat", "<script>alert(1)</script>", "a & \"b\"", "empty");

    @TempDir
    static Path dir;
    static Path out;
    static ReportModel model;

    @BeforeAll
    static void writeDatasetAndReport() throws IOException {
        OpenCv.load();
        SparkSession spark = SparkSession.builder().master("local[2]").appName("report-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
        List<Row> rows = new ArrayList<>();
        // class 0: 30 images, one medium box each, 5 of them also a small box
        for (int i = 0; i < 30; i++) {
            List<Box> boxes = new ArrayList<>(List.of(new Box(0, 4, 4, 40, 40)));
            if (i < 5) {
                boxes.add(new Box(0, 48, 48, 10, 10));
            }
            rows.add(row("c0-" + i, boxes, "train"));
        }
        // class 1: exactly min-class-count = 20 images, one small box each
        for (int i = 0; i < 20; i++) {
            rows.add(row("c1-" + i, List.of(new Box(1, 20, 20, 12, 12)), "train"));
        }
        // class 2: 19 images (under the minimum), no small box
        for (int i = 0; i < 19; i++) {
            rows.add(row("c2-" + i, List.of(new Box(2, 10, 10, 40, 40)), "train"));
        }
        // not counted: a val row, and a test row reusing a train id (a duplicate id)
        rows.add(row("v-0", List.of(new Box(0, 4, 4, 40, 40)), "val"));
        rows.add(row("c0-0", List.of(new Box(0, 4, 4, 40, 40)), "test"));
        Path dataset = dir.resolve("dataset");
        spark.createDataFrame(rows, DatasetSchema.SCHEMA).repartition(3).write().parquet(dataset.toString());
        DatasetMetadata.of(NAMES, Map.of("source", "test")).write(dataset.toString(),
                spark.sparkContext().hadoopConfiguration());
        // exactly max-quarantine-rate = 1%: no warning
        Files.writeString(dataset.resolve("_ingest_summary.json"),
                "{\"rowsIn\": 1000, \"rowsWritten\": 990, \"quarantinedByReason\": {\"bad png\": 10}}");
        out = dir.resolve("report");
        assertEquals(0, AugflowCli.run("report", "--master", "local[2]", "-d", dataset.toString(), "-o", out.toString(),
                "--set", "augflow.balance.strategy=oversample", "--set", "augflow.report.samples=4"));
        model = ReportModel.fromJson(Files.readString(out.resolve(ReportJob.JSON_FILE)));
    }

    @AfterAll
    static void stopSpark() {
        SparkSession.active().stop();
    }

    private static Row row(String id, List<Box> boxes, String split) {
        Mat image = new Mat(64, 64, CvType.CV_8UC1, new Scalar(40));
        for (Box b : boxes) {
            Imgproc.rectangle(image, new Point(b.x(), b.y()), new Point(b.x2() - 1, b.y2() - 1), new Scalar(220), -1);
        }
        return SampleRows.toRow(id, SampleRows.encodePng(image), 64, 64, 1, null, boxes, split, "test://" + id);
    }

    /** Written like any other new file: the process umask's mode (they were 0600: createTempFile), nothing hidden left. */
    @Test
    void reportFilesGetTheModeOfAPlainFileBesideThem() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "a POSIX file system");
        Path plain = Files.writeString(out.resolve("plain.txt"), "created by the user");
        try {
            for (String name : List.of(ReportJob.HTML_FILE, ReportJob.JSON_FILE)) {
                assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(out.resolve(name)),
                        name);
            }
        } finally {
            Files.delete(plain);
        }
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(Set.of(ReportJob.HTML_FILE, ReportJob.JSON_FILE),
                    files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()), "no temporary file left");
        }
    }

    @Test
    void reportJsonHasTheExactFigures() {
        assertEquals(List.of(30L, 20L, 19L, 0L), model.classes().stream().map(ClassFigures::images).toList());
        // oversample to the largest class (30), so every non-empty class has 30 in the epoch
        assertEquals(List.of(30L, 30L, 30L, 0L), model.classes().stream().map(ClassFigures::epochRows).toList());
        assertEquals(List.of(30L, 30L, 30L, 0L), model.classes().stream().map(ClassFigures::epochImages).toList());
        assertEquals(List.of(5L, 20L, 0L, 0L), model.classes().stream().map(ClassFigures::small).toList());
        assertEquals(List.of(30L, 0L, 19L, 0L), model.classes().stream().map(ClassFigures::medium).toList());
        assertEquals(NAMES, model.classes().stream().map(ClassFigures::name).toList());
        assertEquals(30.0 / 19, model.totals().imbalanceBefore());
        assertEquals(1.0, model.totals().imbalanceAfter());
        assertEquals(69, model.totals().images());
        assertEquals(25.0 / 69, model.totals().smallImageShare());
        assertEquals(1, model.totals().duplicateIds());
        assertEquals(0.01, model.totals().quarantineRate());
        assertEquals(90, model.plan().epochRows());
        assertEquals(71, model.provenance().rows());
        assertEquals(42, model.provenance().seed());
        assertTrue(model.provenance().configHash().matches("[0-9a-f]{64}"), model.provenance().configHash());
        assertEquals(List.of("under-min-count:2", "under-min-count:3", "duplicate-ids:-1", "no-small-donors:2"),
                model.warnings().stream().map(w -> w.kind() + ":" + w.classId()).toList());
        // 4 rows (2 with a small object, each also after copy-paste)
        assertEquals(6, model.samples().size());
        // 69 train rows of 64 x 64 grey images with boxes: that size, one channel, letterbox
        assertEquals(69, model.imageSizes().train().images());
        assertEquals("64x64x1", model.imageSizes().networkInput());
        assertEquals("letterbox", model.imageSizes().resize());
        assertEquals(2, model.samples().stream().filter(t -> t.kind().equals(OriginalSamplesGrid.COPY_PASTE)).count());
        assertTrue(model.samples().stream().filter(t -> t.kind().equals(OriginalSamplesGrid.COPY_PASTE))
                .allMatch(t -> t.pastedBoxes() > 0), "copy-paste tiles show pasted boxes");
    }

    @Test
    void headlessChromiumRendersThePageWithoutErrorsAndWithTheJsonFigures() throws Exception {
        Path html = out.resolve(ReportJob.HTML_FILE);
        HeadlessChromium.Output run = HeadlessChromium.run(dir, "--dump-dom", html.toUri().toString());
        String dom = run.stdout();
        assertTrue(dom.contains("<div id=\"check\" data-check=\"ok\">ok</div>"), "page check: " + between(dom,
                "<div id=\"check\"", "</div>"));
        assertTrue(dom.contains("<div id=\"errors\"></div>"), "script errors: " + between(dom, "<div id=\"errors\"",
                "</div>"));
        assertFalse(run.stderr().contains("Uncaught"), run.stderr());
        assertFalse(dom.contains("<script>alert"), "a class name became markup");

        // the figures Chromium shows, compared with report.json parsed here
        JsonNode json = new ObjectMapper().readTree(out.resolve(ReportJob.JSON_FILE).toFile());
        Map<Integer, Map<String, String>> shown = classRows(dom);
        assertEquals(json.get("classes").size(), shown.size());
        int cells = 0;
        for (JsonNode c : json.get("classes")) {
            Map<String, String> cellsOfClass = shown.get(c.get("classId").asInt());
            assertEquals(c.get("name").asText(), unescape(cellsOfClass.get("name")));
            for (Map.Entry<String, String> cell : cellsOfClass.entrySet()) {
                if (!cell.getKey().equals("name")) {
                    assertEquals(c.get(cell.getKey()).asDouble(), Double.parseDouble(cell.getValue()),
                            "class " + c.get("classId") + " " + cell.getKey());
                    cells++;
                }
            }
        }
        assertEquals(json.get("classes").size() * 13, cells, "every numeric column is shown");
        Matcher card = Pattern.compile("data-from=\"totals\" data-field=\"(\\w+)\" data-value=\"([^\"]*)\"").matcher(dom);
        int cards = 0;
        while (card.find()) {
            assertEquals(json.get("totals").get(card.group(1)).asDouble(), Double.parseDouble(card.group(2)),
                    card.group(1));
            cards++;
        }
        assertEquals(8, cards);
        Matcher before = Pattern.compile("data-images=\"([^\"]*)\"").matcher(dom);
        assertTrue(before.find());
        assertEquals("30,20,19,0", before.group(1));
        Matcher input = Pattern.compile("<p id=\"network-input\" data-input=\"([^\"]*)\" data-resize=\"([^\"]*)\"")
                .matcher(dom);
        assertTrue(input.find(), "the network input paragraph");
        assertEquals(json.get("imageSizes").get("networkInput").asText(), input.group(1));
        assertEquals(json.get("imageSizes").get("resize").asText(), input.group(2));
        Matcher sizes = Pattern.compile("data-sizes=\"([^\"]*)\"").matcher(dom);
        assertTrue(sizes.find(), "the image-size chart");
        assertEquals("64x64:69", sizes.group(1));

        // a screenshot for a human look (target/, never committed)
        Path png = Path.of("target", "report-screenshot.png").toAbsolutePath();
        Files.deleteIfExists(png);
        HeadlessChromium.run(dir, "--screenshot=" + png, "--window-size=1200,2400", "--hide-scrollbars", html.toUri().toString());
        assertTrue(Files.size(png) > 10_000, "screenshot written");
    }

    /** data-field -> data-value (or the name cell's text) of each class row. */
    private static Map<Integer, Map<String, String>> classRows(String dom) {
        Map<Integer, Map<String, String>> rows = new TreeMap<>();
        Matcher tr = Pattern.compile("<tr data-class-id=\"(\\d+)\">(.*?)</tr>", Pattern.DOTALL).matcher(dom);
        while (tr.find()) {
            Map<String, String> cells = new TreeMap<>();
            Matcher name = Pattern.compile("data-field=\"name\"[^>]*>(.*?)</td>").matcher(tr.group(2));
            assertTrue(name.find());
            cells.put("name", name.group(1));
            Matcher td = Pattern.compile("data-field=\"(\\w+)\" data-value=\"([^\"]*)\"").matcher(tr.group(2));
            while (td.find()) {
                cells.put(td.group(1), td.group(2));
            }
            rows.put(Integer.parseInt(tr.group(1)), cells);
        }
        return rows;
    }

    private static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
    }

    private static String between(String s, String from, String to) {
        int i = s.indexOf(from);
        return i < 0 ? "(missing)" : s.substring(i, Math.min(s.length(), s.indexOf(to, i) + to.length()));
    }
}
