package io.augflow.pipeline.donor;

import static io.augflow.pipeline.testing.TestRows.box;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.augflow.augment.OpenCv;
import io.augflow.augment.copypaste.Donor;
import io.augflow.augment.copypaste.DonorBank;
import io.augflow.pipeline.testing.TestRows;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Rect;
import org.opencv.imgcodecs.Imgcodecs;

class DonorBankBuilderTest {
    private static SparkSession spark;
    private static final Map<String, Mat> IMAGES = new HashMap<>();
    private static final Map<String, List<Row>> BOXES = new HashMap<>();
    private static Dataset<Row> rows;

    @BeforeAll
    static void start() {
        OpenCv.load();
        spark = TestRows.spark();
        Core.setRNGSeed(3);
        List<Row> list = new ArrayList<>();
        // 30 colour images with two small class-0 boxes (one at fractional coordinates) and one large one
        for (int i = 0; i < 30; i++) {
            list.add(image("c0-" + i, 3, box(0, 3.5, 4.2, 10, 7), box(0, 20, 10, 12, 12), box(0, 0, 0, 40, 40)));
        }
        // 3 colour images with a small class-1 box partly outside the image
        for (int i = 0; i < 3; i++) {
            list.add(image("c1-" + i, 3, box(1, 58, 40, 10, 10)));
        }
        // a grey image with a small class-2 box
        list.add(image("g2-0", 1, box(2, 1, 1, 5, 9)));
        rows = TestRows.frame(spark, list);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static Row image(String id, int channels, Row... boxes) {
        Mat m = new Mat(48, 64, channels == 1 ? CvType.CV_8UC1 : CvType.CV_8UC3);
        Core.randu(m, 0, 256);
        MatOfByte png = new MatOfByte();
        Imgcodecs.imencode(".png", m, png);
        IMAGES.put(id, m);
        BOXES.put(id, List.of(boxes));
        return TestRows.row(id, png.toArray(), 64, 48, channels, null, "train", boxes);
    }

    private static Map<Integer, Set<String>> keptByClass(Dataset<Row> donors) {
        Map<Integer, Set<String>> kept = new TreeMap<>();
        for (Row r : donors.select(DonorBankBuilder.CLASS_ID, DonorBankBuilder.SOURCE_ID, DonorBankBuilder.OBJECT_INDEX)
                .collectAsList()) {
            assertTrue(kept.computeIfAbsent(r.getInt(0), c -> new TreeSet<>()).add(r.getString(1) + "#" + r.getInt(2)));
        }
        return kept;
    }

    @Test
    void boundedPerClassAndTheFirstByRankKeyAreKept() {
        DonorBankBuilder builder = new DonorBankBuilder(new DonorConf(5, 32 * 32, 42));
        Map<Integer, Set<String>> kept = keptByClass(builder.build(rows));
        assertEquals(Set.of(0, 1, 2), kept.keySet());
        assertEquals(5, kept.get(0).size());
        assertEquals(3, kept.get(1).size());
        assertEquals(1, kept.get(2).size());

        // class 0 has 60 small candidates (the 40x40 boxes are not small); the 5 first by (key, id, index) are kept
        List<String[]> candidates = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            for (int index = 0; index < 2; index++) {
                candidates.add(new String[] {"c0-" + i, Integer.toString(index)});
            }
        }
        candidates.sort(Comparator.<String[]>comparingLong(c -> builder.rankKey(c[0], Integer.parseInt(c[1])))
                .thenComparing(c -> c[0]));
        Set<String> expected = new TreeSet<>();
        candidates.subList(0, 5).forEach(c -> expected.add(c[0] + "#" + c[1]));
        assertEquals(expected, kept.get(0));
    }

    @Test
    void aCrowdRegionIsNeverADonor() {
        // small enough to be donors: a crowd box of class 3 and an ordinary one of class 4, in one image
        Dataset<Row> crowd = TestRows.frame(spark, List.of(image("crowd-0", 3, TestRows.crowdBox(3, 2, 2, 10, 10),
                box(4, 30, 20, 8, 8)), image("crowd-1", 3, TestRows.crowdBox(4, 5, 5, 9, 9))));
        Map<Integer, Set<String>> kept = keptByClass(new DonorBankBuilder(new DonorConf(5, 32 * 32, 42)).build(crowd));
        assertEquals(Map.of(4, Set.of("crowd-0#1")), kept);
    }

    @Test
    void selectionIsStableForASeedAndChangesWithIt() {
        Map<Integer, Set<String>> first = keptByClass(new DonorBankBuilder(new DonorConf(5, 1024, 42)).build(rows));
        assertEquals(first, keptByClass(new DonorBankBuilder(new DonorConf(5, 1024, 42)).build(rows.repartition(3))));
        assertNotEquals(first.get(0), keptByClass(new DonorBankBuilder(new DonorConf(5, 1024, 7)).build(rows)).get(0));
    }

    @Test
    void cropsEqualTheSourcePixelsOfTheBoxRoundedOutwardsAndClipped() {
        Dataset<Row> donors = new DonorBankBuilder(new DonorConf(200, 1024, 42)).build(rows);
        List<Row> all = donors.collectAsList();
        assertEquals(60 + 3 + 1, all.size());
        for (Row d : all) {
            String id = d.getString(0);
            Row b = BOXES.get(id).get(d.getInt(2));
            Mat source = IMAGES.get(id);
            int x0 = (int) Math.floor(b.getFloat(1));
            int y0 = (int) Math.floor(b.getFloat(2));
            int x1 = Math.min(source.cols(), (int) Math.ceil(b.getFloat(1) + b.getFloat(3)));
            int y1 = Math.min(source.rows(), (int) Math.ceil(b.getFloat(2) + b.getFloat(4)));
            Mat expected = source.submat(new Rect(x0, y0, x1 - x0, y1 - y0));
            Mat patch = Imgcodecs.imdecode(new MatOfByte(d.<byte[]>getAs(DonorBankBuilder.PNG)), Imgcodecs.IMREAD_UNCHANGED);
            assertEquals(expected.size(), patch.size(), id);
            assertEquals(expected.type(), patch.type(), id);
            assertEquals(0.0, Core.norm(expected, patch, Core.NORM_INF), id + " pixels");
            assertEquals(patch.cols(), d.getInt(4));
            assertEquals(patch.rows(), d.getInt(5));
        }
    }

    @Test
    void donorBankHoldsTheDecodedPatchesAndRefusesAnUnboundedTable() {
        DonorBankBuilder builder = new DonorBankBuilder(new DonorConf(5, 1024, 42));
        DonorBank bank = builder.buildBank(rows, 3);
        assertEquals(9, bank.size());
        assertEquals(Set.of(0, 1, 2), bank.classes());
        for (Donor d : bank.forClass(1)) {
            assertEquals(6, d.width());   // x 58..64, clipped at the right edge
            assertEquals(8, d.height());  // y 40..48, clipped at the bottom
            assertEquals(3, d.patch().channels());
        }
        assertEquals(1, bank.forClass(2).get(0).patch().channels());
        assertThrows(IllegalArgumentException.class,
                () -> DonorBankBuilder.toDonorBank(new DonorBankBuilder(DonorConf.defaults()).build(rows), 10));
    }

    @Test
    void confReadsItsBlockAndNamesBadValues() {
        assertEquals(DonorConf.defaults(), DonorConf.from(ConfigFactory.empty()));
        assertEquals(new DonorConf(7, 400, 1), DonorConf.from(ConfigFactory.parseString(
                "max-per-class = 7, small-area = 400, seed = 1")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DonorConf.from(ConfigFactory.parseString("max-per-class = 0")));
        assertEquals("augflow.donors.max-per-class must be an integer in [1, 100000], got 0", e.getMessage());
    }
}
