package io.augflow.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.augflow.jobs.faults.Console;
import io.augflow.train.ensemble.EnsembleEvaluator;
import io.augflow.train.ensemble.EnsembleModel;
import io.augflow.train.eval.ClassificationMetrics;
import io.augflow.train.retrain.PromotionDecision;
import io.augflow.train.retrain.PromotionMetric;
import io.augflow.train.retrain.PromotionRule;
import io.augflow.train.spark.SplitEvaluator;
import io.augflow.train.spark.TrainConf;
import io.augflow.train.spark.TrainedModel;
import io.augflow.train.registry.DatasetSnapshot;
import io.augflow.train.registry.ModelRegistry;
import io.augflow.train.registry.VersionMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code augflow ensemble} end to end on generated data with three tiny members (two seeds, two input sizes), then
 * {@code predict} on the ensemble checked against each member's own {@code predict} output combined by the saved
 * combiner, and the registry round trip.
 */
class EnsembleCommandTest {

    @TempDir
    static Path dir;
    static SparkSession spark;
    static String dataset;
    static List<String> members;

    @BeforeAll
    static void trainThreeTinyMembers() {
        spark = TinyModels.spark();
        // 120 images, a quarter in val: enough rows for a 3-fold cross-fit
        dataset = TinyModels.shapes(spark, dir, 120, 0.25, 0.1);
        String[][] variants = {{"5", "32x32"}, {"6", "32x32"}, {"7", "28x28"}};
        members = new java.util.ArrayList<>();
        for (String[] v : variants) {
            members.add(TinyModels.train(spark, TinyModels.COMMON + "model { architecture = lenet5, batch-norm = false,"
                    + " l2 = 0, input-size = \"" + v[1] + "\" }\n", Long.parseLong(v[0]), dataset,
                    dir.resolve("member-" + v[0]).toString()));
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
    void aStackingEnsemblePredictsAsItsCombinerOverTheMembersOwnPredictionsAndSurvivesTheRegistry()
            throws Exception {
        String ensemble = dir.resolve("stacked").toString();
        Console built = run("ensemble", "-m", String.join(",", members), "--combine", "stacking", "-d", dataset,
                "-o", ensemble, "--folds", "3", "--split", "val");
        assertEquals(0, built.exitCode(), built.describe());
        assertTrue(built.out().contains("ensemble (stacking of 3 members): val macro-F1"), built.out());
        assertTrue(built.out().contains("(out-of-fold)"), built.out());
        JsonNode json = new ObjectMapper().readTree(Path.of(ensemble, "ensemble.json").toFile());
        assertEquals("stacking", json.path("combiner").path("method").asText());
        assertEquals(3, json.path("members").size());
        long valRows = spark.read().parquet(dataset).filter("split = 'val' and label is not null").count();
        assertEquals(valRows, json.path("validation").path("rows").asLong(), "fitted on every labelled val row");
        assertTrue(Files.exists(Path.of(ensemble, "members", "m3", "model.zip")), "members are copied in");

        // predict on the ensemble, and on each member alone (the single-network path)
        String predicted = dir.resolve("stacked-predictions").toString();
        Console p = run("predict", "-m", ensemble, "-i", dataset, "-o", predicted);
        assertEquals(0, p.exitCode(), p.describe());
        long rowsIn = spark.read().parquet(dataset).count();
        assertTrue(p.out().contains(rowsIn + " rows in, " + rowsIn + " predicted, 0 quarantined"), p.out());
        List<Map<String, float[]>> byMember = new java.util.ArrayList<>();
        for (int m = 0; m < members.size(); m++) {
            String out = dir.resolve("member-predictions-" + m).toString();
            assertEquals(0, run("predict", "-m", members.get(m), "-i", dataset, "-o", out).exitCode());
            byMember.add(probabilities(out));
        }
        EnsembleModel model = EnsembleModel.read(Path.of(ensemble, "ensemble.json").toString(), new Configuration());
        Map<String, float[]> got = probabilities(predicted);
        assertEquals(rowsIn, got.size());
        for (Map.Entry<String, float[]> e : got.entrySet()) {
            double[][] memberRows = new double[members.size()][];
            for (int m = 0; m < members.size(); m++) {
                float[] f = byMember.get(m).get(e.getKey());
                memberRows[m] = new double[] {f[0], f[1]};
            }
            double[] expected = model.combiner().combine(memberRows);
            for (int k = 0; k < 2; k++) {
                assertEquals(expected[k], e.getValue()[k], 1e-5, "class " + k + " of " + e.getKey());
            }
        }

        // registry round trip: registered, shown with its members, predicted through registry:version
        String root = dir.resolve("registry").toString();
        ModelRegistry registry = ModelRegistry.open(root, new Configuration());
        registry.register(ensemble, new VersionMetadata(null, new DatasetSnapshot(dataset, rowsIn, Map.of(),
                List.of()), "beef", 5, Map.of("macroF1", json.path("validation").path("macroF1").asDouble()),
                Instant.parse("2026-01-01T00:00:00Z"), VersionMetadata.SCRATCH, "ensemble"));
        Console show = run("models", "show", "1", "--registry", root);
        assertEquals(0, show.exitCode(), show.describe());
        assertTrue(show.out().contains("ensemble:       stacking of 3 members"), show.out());
        for (String m : members) {
            assertTrue(show.out().contains(m), "member " + m + " listed: " + show.out());
        }
        String again = dir.resolve("registry-predictions").toString();
        Console fromRegistry = run("predict", "-m", root + ":1", "-i", dataset, "-o", again);
        assertEquals(0, fromRegistry.exitCode(), fromRegistry.describe());
        Map<String, float[]> second = probabilities(again);
        for (Map.Entry<String, float[]> e : got.entrySet()) {
            assertEquals(e.getValue()[0], second.get(e.getKey())[0], 1e-6, e.getKey());
        }
    }

    @Test
    void weightedAndVoteEnsemblesBuildAndRecordTheirCombiner() throws Exception {
        String weighted = dir.resolve("weighted").toString();
        Console w = run("ensemble", "-m", String.join(",", members), "--combine", "weighted", "-d", dataset, "-o",
                weighted, "--folds", "3", "--split", "val");
        assertEquals(0, w.exitCode(), w.describe());
        JsonNode weights = new ObjectMapper().readTree(Path.of(weighted, "ensemble.json").toFile())
                .path("combiner").path("weights");
        double sum = 0;
        for (JsonNode v : weights) {
            assertTrue(v.asDouble() >= 0);
            sum += v.asDouble();
        }
        assertEquals(1, sum, 1e-6, "weights on the simplex: " + weights);
        assertEquals(3, w.out().lines().filter(l -> l.startsWith("member ")).count(), w.out());

        String vote = dir.resolve("vote").toString();
        Console v = run("ensemble", "-m", members.get(0) + "," + members.get(1), "--combine", "vote", "-d", dataset,
                "-o", vote, "--split", "val");
        assertEquals(0, v.exitCode(), v.describe());
        assertTrue(v.out().contains("ensemble (vote of 2 members)"), v.out());
        assertTrue(!v.out().contains("out-of-fold"), "vote learns nothing from the labels: " + v.out());
    }

    @Test
    void aMemberWithOtherClassesIsRefusedNamingItAndBothClassLists() throws Exception {
        Path odd = dir.resolve("odd-member");
        Files.createDirectories(odd);
        Files.copy(Path.of(members.get(0), "model.zip"), odd.resolve("model.zip"));
        ObjectMapper json = new ObjectMapper();
        ObjectNode result = (ObjectNode) json.readTree(Path.of(members.get(0), "model.json").toFile());
        List<String> original = new java.util.ArrayList<>();
        result.path("classes").forEach(c -> original.add(c.asText()));
        result.putArray("classes").add("cat").add("dog");
        json.writeValue(odd.resolve("model.json").toFile(), result);

        Console c = run("ensemble", "-m", members.get(0) + "," + odd, "--combine", "average", "-d", dataset, "-o",
                dir.resolve("never").toString(), "--split", "val");
        assertEquals(ExitCodes.DATA, c.exitCode(), c.describe());
        assertTrue(c.err().contains("member " + odd) && c.err().contains("[cat, dog]")
                && c.err().contains(original.toString()), c.err());
        assertTrue(!Files.exists(dir.resolve("never")), "nothing written");
    }

    @Test
    void retrainsPromotionRuleComparesAnEnsembleWithAMemberOnTheirTestMetrics() throws Exception {
        String ensemble = dir.resolve("averaged").toString();
        assertEquals(0, run("ensemble", "-m", String.join(",", members), "--combine", "average", "-d", dataset, "-o",
                ensemble, "--split", "val").exitCode());
        TrainConf train = TrainConf.parse(TinyModels.COMMON);
        EnsembleModel model = EnsembleModel.read(Path.of(ensemble, "ensemble.json").toString(), new Configuration());
        ClassificationMetrics ensembleMetrics = EnsembleEvaluator.evaluate(spark, model, train, dataset, "test",
                Duration.ofMinutes(10));

        // the same figure by another path: predict's output on the test rows against their labels
        String predicted = dir.resolve("averaged-predictions").toString();
        assertEquals(0, run("predict", "-m", ensemble, "-i", dataset, "-o", predicted).exitCode());
        List<Row> joined = spark.read().parquet(predicted).join(spark.read().parquet(dataset)
                .filter("split = 'test' and label is not null").select("id", "label"), "id")
                .select("predicted_index", "label").collectAsList();
        long correct = joined.stream().filter(r -> r.getInt(0) == r.getInt(1)).count();
        assertEquals(joined.size(), ensembleMetrics.examples());
        assertEquals((double) correct / joined.size(), ensembleMetrics.accuracy(), 1e-12);

        // the evaluate job on the ensemble: the same accuracy, and the rows counted
        String evaluated = dir.resolve("averaged-evaluation").toString();
        Console e = run("evaluate", "-m", ensemble, "-d", dataset, "--split", "test", "-o", evaluated);
        assertEquals(0, e.exitCode(), e.describe());
        JsonNode metrics = new ObjectMapper().readTree(Path.of(evaluated, "metrics.json").toFile());
        assertEquals((double) correct / joined.size(), metrics.path("classification").path("accuracy").asDouble(),
                1e-12, metrics.toPrettyString());
        assertEquals(joined.size(), metrics.path("counts").path("evaluated").asLong(), metrics.toPrettyString());

        TrainedModel first = TrainedModel.read(members.get(0) + "/model.zip", new Configuration());
        ClassificationMetrics memberMetrics = new SplitEvaluator(spark, train, first.inputFit())
                .evaluate(first.load(new Configuration()), dataset, "test", first.classes());
        PromotionDecision decision = new PromotionRule(PromotionMetric.ACCURACY, 0, 1)
                .decide(memberMetrics, ensembleMetrics);
        assertEquals(ensembleMetrics.accuracy(), decision.challengerScore(), 1e-12);
        assertEquals(memberMetrics.accuracy(), decision.championScore(), 1e-12);
        assertEquals(ensembleMetrics.accuracy() >= memberMetrics.accuracy() - PromotionRule.TOLERANCE,
                decision.promote(), decision.reasons().toString());
    }

    @Test
    void usageErrorsNameTheOptionAndValue() {
        Console one = run("ensemble", "-m", members.get(0), "-d", dataset, "-o", dir.resolve("x").toString());
        assertEquals(ExitCodes.USAGE, one.exitCode(), one.describe());
        assertTrue(one.err().contains("--models must name at least 2 members"), one.err());
        Console bad = run("ensemble", "-m", String.join(",", members), "--combine", "median", "-d", dataset, "-o",
                dir.resolve("y").toString());
        assertEquals(ExitCodes.USAGE, bad.exitCode(), bad.describe());
        assertTrue(bad.err().contains("--combine must be one of [vote, average, weighted, stacking, nms], got \"median\""),
                bad.err());
    }

    /** Class probabilities by id, from a classifier's predictions (top-k holds every class of a 2-class model). */
    private static Map<String, float[]> probabilities(String predictions) {
        Map<String, float[]> out = new HashMap<>();
        for (Row r : spark.read().parquet(predictions).collectAsList()) {
            float[] p = new float[2];
            for (Row t : r.<Row>getList(r.fieldIndex("top_k"))) {
                p[t.getInt(1)] = t.getFloat(2);
            }
            out.put(r.getString(r.fieldIndex("id")), p);
        }
        return out;
    }
}
