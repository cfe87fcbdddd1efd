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
}
