package io.augflow.train.eval;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.evaluation.classification.Evaluation;

/**
 * Accuracy, per-class precision/recall/F1, macro-F1, balanced accuracy and the confusion matrix,
 * computed from the confusion matrix alone so every figure is defined: a class never predicted has
 * precision 0, a class absent from the data has recall 0 and is left out of the macro averages.
 *
 * @param confusion {@code confusion[actual][predicted]} counts
 */
public record ClassificationMetrics(
        @JsonProperty("classes") List<String> classes,
        @JsonProperty("examples") long examples,
        @JsonProperty("accuracy") double accuracy,
        @JsonProperty("macroF1") double macroF1,
        @JsonProperty("balancedAccuracy") double balancedAccuracy,
        @JsonProperty("perClass") List<PerClass> perClass,
        @JsonProperty("confusion") long[][] confusion) {

    /** One class's figures. */
    public record PerClass(@JsonProperty("name") String name, @JsonProperty("support") long support,
            @JsonProperty("precision") double precision, @JsonProperty("recall") double recall,
            @JsonProperty("f1") double f1) {}

    public static ClassificationMetrics of(Evaluation evaluation, List<String> classes) {
        int n = classes.size();
        long[][] confusion = new long[n][n];
        var matrix = evaluation.getConfusionMatrix();
        if (matrix != null) {
            for (int a = 0; a < n; a++) {
                for (int p = 0; p < n; p++) {
                    confusion[a][p] = matrix.getCount(a, p);
                }
            }
        }
        return of(confusion, classes);
    }

    public static ClassificationMetrics of(long[][] confusion, List<String> classes) {
        int n = classes.size();
        if (confusion.length != n) {
            throw new IllegalArgumentException("confusion matrix is " + confusion.length + "x?, expected " + n + "x" + n);
        }
        long total = 0;
        long correct = 0;
        long[] predicted = new long[n];
        long[] actual = new long[n];
        for (int a = 0; a < n; a++) {
            for (int p = 0; p < n; p++) {
                total += confusion[a][p];
                actual[a] += confusion[a][p];
                predicted[p] += confusion[a][p];
            }
            correct += confusion[a][a];
        }
        List<PerClass> perClass = new ArrayList<>(n);
        double f1Sum = 0;
        double recallSum = 0;
        int present = 0;
        for (int c = 0; c < n; c++) {
            double precision = predicted[c] == 0 ? 0 : (double) confusion[c][c] / predicted[c];
            double recall = actual[c] == 0 ? 0 : (double) confusion[c][c] / actual[c];
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass.add(new PerClass(classes.get(c), actual[c], precision, recall, f1));
            if (actual[c] > 0) {
                present++;
                f1Sum += f1;
                recallSum += recall;
            }
        }
        return new ClassificationMetrics(List.copyOf(classes), total, total == 0 ? 0 : (double) correct / total,
                present == 0 ? 0 : f1Sum / present, present == 0 ? 0 : recallSum / present, perClass, confusion);
    }

    public PerClass perClass(int classId) {
        return perClass.get(classId);
    }
}
