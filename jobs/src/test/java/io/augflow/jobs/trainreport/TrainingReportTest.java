package io.augflow.jobs.trainreport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.train.eval.ClassificationMetrics;
import io.augflow.train.model.InputShape;
import io.augflow.train.model.ModelConf;
import io.augflow.train.model.ModelFactory;
import io.augflow.train.spark.EpochRecord;
import io.augflow.train.spark.TrainResult;
import io.augflow.train.summary.ModelSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

class TrainingReportTest {
    private static final List<String> CLASSES = List.of("cat", "<b>dog</b>");

    private static TrainResult result() {
        long[][] confusion = {{8, 2}, {1, 9}};
        ClassificationMetrics test = ClassificationMetrics.of(confusion, CLASSES);
        ClassificationMetrics val = ClassificationMetrics.of(new long[][] {{3, 1}, {0, 4}}, CLASSES);
        var spec = ModelFactory.build(ModelConf.parse("model { architecture = lenet5, batch-norm = false }"),
                new InputShape(1, 28, 28), 2, new Adam(1e-3), new LossMCXENT());
        return new TrainResult("/m/model.zip", "lenet5", CLASSES, new int[] {1, 28, 28}, "letterbox",
                "1x28x28 (letterbox): the size of all 100 training images", "classify", Map.of("train", 3L), 2, 0,
                List.of(new EpochRecord(0, 100, 90, 4, 0.9, 2.0, 50, val), new EpochRecord(1, 100, 90, 4, 0.5, 1.5, 66, val)),
                test, ModelSummary.of(spec), Map.of("dataset", "/d", "configHash", "abc"));
    }

    @Test
    void thePageShowsTheRunsFigures() {
        TrainResult r = result();
        String html = TrainingReport.render(r);
        for (String id : List.of("chart-loss", "chart-validation", "chart-recall", "confusion", "summary", "history")) {
            assertTrue(html.contains("id=\"" + id + "\"") || html.contains("id='" + id + "'"), id);
        }
        Matcher cells = Pattern.compile("data-actual=\"(\\d)\" data-predicted=\"(\\d)\" data-count=\"(\\d+)\"").matcher(html);
        int seen = 0;
        while (cells.find()) {
            assertEquals(r.test().confusion()[Integer.parseInt(cells.group(1))][Integer.parseInt(cells.group(2))],
                    Long.parseLong(cells.group(3)));
            seen++;
        }
        assertEquals(4, seen);
        assertTrue(html.contains("data-loss=\"0.5\""));
        long params = r.summary().layers().stream().mapToLong(l -> l.parameters()).sum();
        assertTrue(html.contains("data-parameters=\"" + params + "\""), "total parameters " + params);
        assertTrue(html.contains("accuracy 0.8500"), "test accuracy 17/20");
    }

    @Test
    void classNamesAreEscaped(@TempDir Path dir) throws Exception {
        Path page = TrainingReport.write(result(), dir);
        String html = Files.readString(page);
        assertFalse(html.contains("<b>dog</b>"));
        assertTrue(html.contains("&lt;b&gt;dog&lt;/b&gt;"));
        assertEquals(TrainingReport.FILE_NAME, page.getFileName().toString());
    }

    @Test
    void theKeptEpochIsNamedAndItsRowMarkedAndAnEarlyStopExplained() {
        TrainResult r = result();
        TrainResult kept = withKept(r, new TrainResult.KeptEpoch("macro-f1", 0, 0.875, 1, true,
                "no better validation macro-f1 than 0.8750 (epoch 1) for 1 epochs", "the best validation macro-f1"));
        String html = TrainingReport.render(kept);
        assertTrue(html.contains("id=\"kept\" data-best-epoch=\"0\" data-last-epoch=\"1\""), "the paragraph");
        assertTrue(html.contains("model.zip is epoch 1</b> of 2 trained, validation macro-f1 0.8750"), html);
        assertTrue(html.contains("id=\"stopped-early\"") && html.contains("stopped early after epoch 2 of 2"));
        assertTrue(html.contains("<tr class=\"kept\" data-kept=\"true\" data-epoch=\"0\""), "epoch 0's row marked");
        assertEquals(1, html.split("class=\"kept\"", -1).length - 1, "only one row is marked");
        assertTrue(html.contains("<td>1 (model.zip)</td>"));
        assertTrue(html.contains("model.zip</text>") || html.contains(">model.zip<"), "the charts' marker label");

        String none = TrainingReport.render(withKept(r, new TrainResult.KeptEpoch("none", 1, null, 1, false, null,
                "no validation split: the last epoch is kept")));
        assertTrue(none.contains("no validation split: the last epoch is kept"));
        assertTrue(none.contains("Training ran every planned epoch.") && !none.contains("id=\"stopped-early\""));
        assertFalse(TrainingReport.render(r).contains("id=\"kept\""), "a model.json without the record: no claim");
    }

    @Test
    void theSummaryNamesTheLossTheBalancingAndThePrior() {
        TrainResult r = result();
        TrainResult longTail = new TrainResult(r.model(), r.architecture(), r.classes(), r.input(), r.resize(),
                r.inputChoice(), r.task(), r.backgroundExcluded(), r.epochs(), r.resumedFromEpoch(), r.history(),
                r.test(), r.summary(), r.provenance(), null, null, null,
                new io.augflow.pipeline.plan.ClassPrior(List.of(90L, 30L), "balancing plan oversample"),
                new TrainResult.LossRecord("ldam", Map.of("scale", 30.0), false, 0.9999, 1,
                        "ldam + class-balanced weights (beta 0.9999, deferred from epoch 1)"),
                new TrainResult.BalanceRecord("oversample", 1));
        String html = TrainingReport.render(longTail);
        assertTrue(html.contains("id=\"loss\" data-type=\"ldam\" data-drw-epoch=\"1\""), html);
        assertTrue(html.contains("deferred re-weighting from epoch 2 (beta 0.9999)"), "1-based for the reader");
        assertTrue(html.contains("id=\"balance\" data-strategy=\"oversample\" data-start-epoch=\"1\""));
        assertTrue(html.contains("oversample from epoch 2 (plain sampling before)"));
        assertTrue(html.contains("class prior (balancing plan oversample) cat 90, &lt;b&gt;dog&lt;/b&gt; 30"), html);
        assertFalse(TrainingReport.render(r).contains("id=\"loss\""), "a model.json without the record: no claim");
    }

    private static TrainResult withKept(TrainResult r, TrainResult.KeptEpoch kept) {
        return new TrainResult(r.model(), r.architecture(), r.classes(), r.input(), r.resize(), r.inputChoice(),
                r.task(), r.backgroundExcluded(), r.epochs(), r.resumedFromEpoch(), r.history(), r.test(), r.summary(),
                r.provenance(), r.testDetection(), r.detector(), kept);
    }
}
