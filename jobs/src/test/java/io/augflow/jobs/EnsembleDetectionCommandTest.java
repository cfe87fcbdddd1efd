package io.augflow.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augflow.augment.Box;
import io.augflow.jobs.faults.Console;
import io.augflow.train.detect.ScoredBox;
import io.augflow.train.detect.Nms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code augflow ensemble --combine nms} on two tiny detectors: {@code predict} on the ensemble gives, per image,
 * the members' own {@code predict} boxes pooled and merged by NMS with the ensemble's recorded IoU and cap.
 */
class EnsembleDetectionCommandTest {

    @TempDir
    static Path dir;
    static SparkSession spark;
    static String dataset;
    static List<String> members = new ArrayList<>();

    @BeforeAll
    static void trainTwoTinyDetectors() {
        spark = TinyModels.spark();
        dataset = TinyModels.shapes(spark, dir, 48, 0.1, 0.15);
        for (long seed : new long[] {5, 6}) {
            members.add(TinyModels.train(spark, TinyModels.DETECTOR, seed, dataset,
                    dir.resolve("detector-" + seed).toString()));
        }
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static Console run(String... args) {
        return TinyModels.cli(args);
    }

    @Test
    void anNmsEnsemblePredictsTheMembersBoxesMergedByNms() throws Exception {
        Console refused = run("ensemble", "-m", String.join(",", members), "--combine", "average", "-d", dataset,
                "-o", dir.resolve("never").toString());
        assertEquals(ExitCodes.USAGE, refused.exitCode(), refused.describe());
        assertTrue(refused.err().contains("use --combine nms"), refused.err());

        String ensemble = dir.resolve("boxes").toString();
        Console built = run("ensemble", "-m", String.join(",", members), "--combine", "nms", "-d", dataset, "-o",
                ensemble);
        assertEquals(0, built.exitCode(), built.describe());
        assertTrue(built.out().contains("ensemble (nms of 2 detectors)"), built.out());
        JsonNode combiner = new ObjectMapper().readTree(Path.of(ensemble, "ensemble.json").toFile()).path("combiner");
        Nms nms = new Nms(combiner.path("iou").asDouble(), combiner.path("maxDetections").asInt());

        String predicted = dir.resolve("boxes-predictions").toString();
        Console p = run("predict", "-m", ensemble, "-i", dataset, "-o", predicted, "--format", "coco");
        assertEquals(0, p.exitCode(), p.describe());
        assertTrue(Files.exists(Path.of(predicted, "_coco_results.json")));
        List<Map<String, List<ScoredBox>>> byMember = new ArrayList<>();
        for (int m = 0; m < members.size(); m++) {
            String out = dir.resolve("member-" + m).toString();
            assertEquals(0, run("predict", "-m", members.get(m), "-i", dataset, "-o", out).exitCode());
            byMember.add(boxes(out));
        }
        Map<String, List<ScoredBox>> got = boxes(predicted);
        assertEquals(spark.read().parquet(dataset).count(), got.size());
        int total = 0;
        for (Map.Entry<String, List<ScoredBox>> e : got.entrySet()) {
            List<ScoredBox> pooled = new ArrayList<>();
            byMember.forEach(m -> pooled.addAll(m.get(e.getKey())));
            assertEquals(nms.apply(pooled), e.getValue(), e.getKey());
            total += e.getValue().size();
        }
        assertTrue(total > 0, "the detectors found something to merge");
    }

    /** Each image's boxes as written, best first. */
    private static Map<String, List<ScoredBox>> boxes(String predictions) {
        Map<String, List<ScoredBox>> out = new HashMap<>();
        for (Row r : spark.read().parquet(predictions).collectAsList()) {
            List<ScoredBox> found = new ArrayList<>();
            for (Row b : r.<Row>getList(r.fieldIndex("boxes"))) {
                found.add(new ScoredBox(new Box(b.getInt(1), b.getFloat(2), b.getFloat(3), b.getFloat(4),
                        b.getFloat(5)), b.getFloat(6)));
            }
            out.put(r.getString(r.fieldIndex("id")), found);
        }
        return out;
    }
}
