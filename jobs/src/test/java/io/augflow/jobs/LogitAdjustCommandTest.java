package io.augflow.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augflow.augment.synthetic.SyntheticConf;
import io.augflow.jobs.faults.Console;
import io.augflow.pipeline.generate.GenerateJob;
import io.augflow.pipeline.generate.GenerateLayout;
import java.nio.file.Path;
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
 * Post-hoc logit adjustment end to end: a tiny classifier trained one epoch on a deliberately imbalanced shapes
 * dataset (ratio 8), then {@code predict} and {@code evaluate} with and without {@code --logit-adjust 1}. The
 * expectations are computed here from the unadjusted probabilities and the prior in model.json, so the test holds
 * whatever the (unsaturated) model predicts: adjusted probabilities by the formula, evaluate's confusion matrix from
 * the adjusted argmax, and the rare class's recall never below the unadjusted one.
 */
class LogitAdjustCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static SparkSession spark;
    static String dataset;
    static String model;

    @BeforeAll
    static void trainOnImbalancedData() {
        spark = TinyModels.spark();
        dataset = dir.resolve("imbalanced").toString();
        GenerateJob.run(spark, new SyntheticConf(120, 64, 64, 1, 2, 8, 0, 0, 0.0, 0.4, 3), GenerateLayout.DATASET,
                dataset, 2, false);
        // a small learning rate keeps the one-epoch model's softmax away from 0/1 (shapes are easy to learn), so the
        // adjustment moves decisions instead of rescaling saturated probabilities
        model = TinyModels.train(spark, TinyModels.CLASSIFIER + "optimizer.learning-rate = 0.00003\n", 5, dataset,
                dir.resolve("model").toString());
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void predictAndEvaluateAdjustByTheRecordedPrior() throws Exception {
        JsonNode prior = JSON.readTree(Path.of(model, "model.json").toFile()).path("prior").path("counts");
        double n0 = prior.get(0).asDouble();
        double n1 = prior.get(1).asDouble();
        long train0 = spark.read().parquet(dataset).filter("split = 'train' and label = 0").count();
        long train1 = spark.read().parquet(dataset).filter("split = 'train' and label = 1").count();
        assertEquals(train0, (long) n0, "plan none: the prior is the train split's counts");
        assertEquals(train1, (long) n1);
        assertTrue(Math.max(n0, n1) >= 3 * Math.min(n0, n1), "deliberately imbalanced: " + n0 + " vs " + n1);
        int rare = n0 < n1 ? 0 : 1;

        Map<String, float[]> plain = probabilities(predict("plain", "0"));
        Map<String, float[]> adjusted = probabilities(predict("adjusted", "1"));
        int unsaturated = 0;
        for (Map.Entry<String, float[]> e : plain.entrySet()) {
            float[] p = e.getValue();
            // p'_k = (p_k / pi_k) / sum_j (p_j / pi_j), pi = n / (n0 + n1): the total cancels
            double q0 = p[0] / n0;
            double q1 = p[1] / n1;
            float[] expected = {(float) (q0 / (q0 + q1)), (float) (q1 / (q0 + q1))};
            assertArrayEquals(expected, adjusted.get(e.getKey()), 2e-4f, e.getKey());
            if (Math.max(p[0], p[1]) < 0.99f) {
                unsaturated++;
            }
        }
        assertTrue(unsaturated > 0, "the model's outputs are not all saturated, so the check means something");

        // evaluate: the confusion matrix of the adjusted argmax, computed from predict's unadjusted probabilities
        long[][] expectedPlain = new long[2][2];
        long[][] expectedAdjusted = new long[2][2];
        for (Row r : spark.read().parquet(dataset).filter("split = 'test'").collectAsList()) {
            int label = r.getInt(r.fieldIndex("label"));
            float[] p = plain.get(r.getString(r.fieldIndex("id")));
            expectedPlain[label][p[1] > p[0] ? 1 : 0]++;
            expectedAdjusted[label][p[1] / n1 > p[0] / n0 ? 1 : 0]++;
        }
        JsonNode without = evaluate("eval-plain");
        JsonNode with = evaluate("eval-adjusted", "--logit-adjust", "1");
        assertEquals(JSON.writeValueAsString(expectedPlain), without.path("confusion").toString());
        assertEquals(JSON.writeValueAsString(expectedAdjusted), with.path("confusion").toString());
        double rareRecallWithout = without.path("perClass").get(rare).path("recall").asDouble();
        double rareRecallWith = with.path("perClass").get(rare).path("recall").asDouble();
        double commonRecallWithout = without.path("perClass").get(1 - rare).path("recall").asDouble();
        double commonRecallWith = with.path("perClass").get(1 - rare).path("recall").asDouble();
        long flipped = 0;
        for (int label = 0; label < 2; label++) {
            flipped += Math.abs(expectedAdjusted[label][rare] - expectedPlain[label][rare]);
        }
        assertTrue(flipped > 0, "some test rows change their class: " + JSON.writeValueAsString(expectedPlain)
                + " -> " + JSON.writeValueAsString(expectedAdjusted));
        assertTrue(rareRecallWith >= rareRecallWithout && commonRecallWith <= commonRecallWithout,
                "towards the rare class: rare " + rareRecallWithout + " -> " + rareRecallWith + ", common "
                        + commonRecallWithout + " -> " + commonRecallWith);
    }

    @Test
    void aNegativeTauIsRefusedNamingTheOption() {
        Console c = TinyModels.cli("evaluate", "-m", model, "-d", dataset, "-o", dir.resolve("bad").toString(),
                "--logit-adjust", "-1");
        assertTrue(c.exitCode() != 0, c.describe());
        assertTrue(c.describe().contains("logit-adjustment.tau"), c.describe());
    }

    private static String predict(String name, String tau) {
        String out = dir.resolve("predict-" + name).toString();
        Console c = TinyModels.cli("predict", "-m", model, "-i", dataset, "-o", out, "--top-k", "2",
                "--logit-adjust", tau);
        assertEquals(0, c.exitCode(), c.describe());
        return out;
    }

    /** Each row's probabilities by class index, from predict's top-k (k = the 2 classes). */
    private static Map<String, float[]> probabilities(String predictions) {
        Map<String, float[]> byId = new HashMap<>();
        for (Row r : spark.read().parquet(predictions).collectAsList()) {
            float[] p = new float[2];
            List<Row> top = r.getList(r.fieldIndex("top_k"));
            for (Row t : top) {
                p[t.getInt(t.fieldIndex("index"))] = t.getFloat(t.fieldIndex("probability"));
            }
            byId.put(r.getString(r.fieldIndex("id")), p);
        }
        return byId;
    }

    private static JsonNode evaluate(String name, String... extra) throws Exception {
        String out = dir.resolve(name).toString();
        String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("evaluate", "-m", model, "-d",
                dataset, "--split", "test", "-o", out), java.util.stream.Stream.of(extra)).toArray(String[]::new);
        Console c = TinyModels.cli(args);
        assertEquals(0, c.exitCode(), c.describe());
        return JSON.readTree(Path.of(out, "metrics.json").toFile()).path("classification");
    }
}
