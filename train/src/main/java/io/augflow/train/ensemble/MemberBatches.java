package io.augflow.train.ensemble;

import io.augflow.augment.Sample;
import io.augflow.train.detect.ScoredBox;
import io.augflow.train.predict.TestTimeAugmentation;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Model;

/**
 * The executor's work common to fitting and predicting: restores every member's network once per partition, then
 * gives, for a batch of decoded samples, each member's class probabilities through that member's own
 * {@link io.augflow.train.predict.ClassifierInference} (the one inference path of {@code predict}).
 */
record MemberBatches(List<ShippedMember> members, TestTimeAugmentation tta) implements Serializable {

    MemberBatches {
        members = List.copyOf(members);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one member");
        }
    }

    /** The restored networks, in member order. */
    List<Model> open() throws IOException {
        List<Model> networks = new ArrayList<>(members.size());
        for (ShippedMember m : members) {
            networks.add(m.restore());
        }
        return networks;
    }

    /** Each sample's detections by member, {@code [sample][member]}, in the sample's pixels. */
    List<List<List<ScoredBox>>> detections(List<Model> networks, List<Sample> batch) {
        List<List<List<ScoredBox>>> out = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            out.add(new ArrayList<>());
        }
        for (int m = 0; m < members.size(); m++) {
            List<List<ScoredBox>> found = members.get(m).detector().detect(networks.get(m), batch,
                    tta == TestTimeAugmentation.FLIP);
            for (int i = 0; i < batch.size(); i++) {
                out.get(i).add(found.get(i));
            }
        }
        return out;
    }

    /** {@code [sample][member][class]}. */
    double[][][] probabilities(List<Model> networks, List<Sample> batch) {
        double[][][] out = new double[batch.size()][members.size()][];
        for (int m = 0; m < members.size(); m++) {
            float[][] p = members.get(m).inference().probabilities(networks.get(m), batch, tta);
            for (int i = 0; i < batch.size(); i++) {
                double[] row = new double[p[i].length];
                for (int k = 0; k < row.length; k++) {
                    row[k] = p[i][k];
                }
                out[i][m] = row;
            }
        }
        return out;
    }
}
