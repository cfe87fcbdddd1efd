package io.augflow.train.ensemble;

import java.util.Arrays;
import java.util.List;

/**
 * The members' class probabilities on the labelled validation rows: what an ensemble is fitted on. Small (rows x
 * members x classes numbers), so it lives on the driver.
 *
 * @param ids           row ids, in the table's order
 * @param labels        true class per row
 * @param probabilities {@code [row][member][class]}
 */
public record ValidationTable(List<String> ids, int[] labels, double[][][] probabilities) {

    public ValidationTable {
        ids = List.copyOf(ids);
        if (ids.size() != labels.length || labels.length != probabilities.length) {
            throw new IllegalArgumentException("a validation table needs one label and one probability block per id,"
                    + " got " + ids.size() + " ids, " + labels.length + " labels, " + probabilities.length + " blocks");
        }
        if (probabilities.length == 0) {
            throw new IllegalArgumentException("a validation table needs at least one row");
        }
        int members = probabilities[0].length;
        int classes = probabilities[0][0].length;
        for (int i = 0; i < probabilities.length; i++) {
            if (probabilities[i].length != members) {
                throw new IllegalArgumentException("row " + ids.get(i) + " has " + probabilities[i].length
                        + " members' probabilities, row " + ids.get(0) + " has " + members);
            }
            for (double[] p : probabilities[i]) {
                if (p.length != classes) {
                    throw new IllegalArgumentException("row " + ids.get(i) + " has a vector of " + p.length
                            + " probabilities, expected " + classes);
                }
            }
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("row " + ids.get(i) + " has label " + labels[i] + ", expected one"
                        + " in [0, " + classes + ")");
            }
        }
        labels = labels.clone();
        probabilities = Arrays.stream(probabilities)
                .map(r -> Arrays.stream(r).map(double[]::clone).toArray(double[][]::new)).toArray(double[][][]::new);
    }

    public int rows() {
        return labels.length;
    }

    public int members() {
        return probabilities[0].length;
    }

    public int classes() {
        return probabilities[0][0].length;
    }

    /** Row {@code i}'s members' probabilities, {@code [member][class]} (not a copy: do not change it). */
    double[][] row(int i) {
        return probabilities[i];
    }

    int label(int i) {
        return labels[i];
    }

    /** The rows at {@code indices}, in that order. */
    public ValidationTable subset(int[] indices) {
        String[] sub = new String[indices.length];
        int[] l = new int[indices.length];
        double[][][] p = new double[indices.length][][];
        for (int j = 0; j < indices.length; j++) {
            sub[j] = ids.get(indices[j]);
            l[j] = labels[indices[j]];
            p[j] = probabilities[indices[j]];
        }
        return new ValidationTable(List.of(sub), l, p);
    }

    /** Member {@code m} alone, as a one-member table. */
    public ValidationTable member(int m) {
        double[][][] p = new double[rows()][][];
        for (int i = 0; i < p.length; i++) {
            p[i] = new double[][] {probabilities[i][m]};
        }
        return new ValidationTable(ids, labels, p);
    }
}
