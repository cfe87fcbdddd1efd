package io.augflow.train.ensemble;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.augflow.augment.DataException;
import io.augflow.train.detect.Nms;
import io.augflow.train.model.ModelTask;
import io.augflow.train.spark.SparkTrainer;
import io.augflow.train.spark.TrainedModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A saved ensemble: a model folder holding
 * <pre>
 * ensemble.json      format, task, classes, the combiner (method, weights or the meta-model's coefficients),
 *                    the members (name, origin, folder) and the validation figures
 * model.json         what every model folder has: classes, task, architecture "ensemble", the validation figures
 * members/m1/ ...    a copy of each member's model.zip and model.json
 * </pre>
 * {@link io.augflow.train.predict.ModelLocator} resolves such a folder to its {@code ensemble.json}
 * ({@code ModelLocator.isEnsemble}). The members are copied so that the folder is self-contained: registering it copies it whole, and deleting or
 * retraining a member's source folder does not change the ensemble. {@code origin} records where each came from.
 *
 * @param path     the {@code ensemble.json}
 * @param task     what the members (all of them) do
 * @param combiner a classifier ensemble's combiner; null for detectors
 * @param boxes    a detector ensemble's box merging; null for classifiers
 */
public record EnsembleModel(String path, ModelTask task, List<String> classes, Combiner combiner, BoxEnsemble boxes,
        List<EnsembleMember> members) {
    /** The ensemble's description in its model folder. */
    public static final String FILE = "ensemble.json";
    /** The members' copies, in the model folder. */
    public static final String MEMBERS = "members";
    public static final String FORMAT = "augflow-ensemble/1";
    /** The {@code architecture} of an ensemble's {@code model.json}. */
    public static final String ARCHITECTURE = "ensemble";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public EnsembleModel {
        classes = List.copyOf(classes);
        members = List.copyOf(members);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one member");
        }
        if ((combiner == null) == (boxes == null) || (boxes != null) != (task == ModelTask.DETECT)) {
            throw new IllegalArgumentException("ensemble " + path + ": a classifier ensemble needs a combiner and a"
                    + " detector ensemble its box merging, got task " + task + ", combiner " + combiner + ", boxes "
                    + boxes);
        }
    }

    /** A classifier ensemble. */
    public EnsembleModel(String path, List<String> classes, Combiner combiner, List<EnsembleMember> members) {
        this(path, ModelTask.CLASSIFY, classes, combiner, null, members);
    }

    public boolean isDetector() {
        return task == ModelTask.DETECT;
    }

    /** How the members are combined. */
    public CombineMethod method() {
        return isDetector() ? CombineMethod.NMS : combiner.method();
    }

    /** Each member's weight in the combination (NMS: equal). */
    public double[] memberWeights() {
        return isDetector() ? SoftAverage.uniform(members.size()) : combiner.memberWeights(members.size());
    }

    /**
     * The ensemble described by {@code ensembleJson}, its members read from their copies.
     *
     * @throws DataException when the file is missing, not an ensemble's, or a member's copy is unreadable
     */
    public static EnsembleModel read(String ensembleJson, Configuration hadoop) {
        Path file = new Path(ensembleJson);
        JsonNode root;
        try {
            FileSystem fs = file.getFileSystem(hadoop);
            if (!fs.exists(file)) {
                throw new DataException("ensemble " + ensembleJson + " does not exist");
            }
            try (InputStream in = fs.open(file)) {
                root = JSON.readTree(in);
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DataException(ensembleJson + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ensembleJson, e);
        }
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new DataException(ensembleJson + " format must be " + FORMAT + ", got " + root.path("format"));
        }
        List<String> classes = strings(root.path("classes"));
        ModelTask task = ModelTask.fromKey(root.path("task").asText(ModelTask.CLASSIFY.key()), ensembleJson + " task");
        List<EnsembleMember> members = new ArrayList<>();
        for (JsonNode m : root.path("members")) {
            String folder = m.path("folder").asText();
            String zip = new Path(new Path(file.getParent(), folder), SparkTrainer.MODEL_FILE).toString();
            TrainedModel model = TrainedModel.read(zip, hadoop);
            if (model.task() != task) {
                throw new DataException(ensembleJson + ": member " + m.path("name").asText() + " (" + zip + ") is a "
                        + model.task().key() + " model, the ensemble a " + task.key() + " one");
            }
            if (!model.classes().equals(classes)) {
                throw new DataException(ensembleJson + ": member " + m.path("name").asText() + " (" + zip + ") has"
                        + " classes " + model.classes() + ", the ensemble " + classes);
            }
            members.add(new EnsembleMember(m.path("name").asText(), m.path("origin").asText(), folder, model));
        }
        if (members.isEmpty()) {
            throw new DataException(ensembleJson + " names no members");
        }
        try {
            if (task == ModelTask.DETECT) {
                JsonNode c = root.path("combiner");
                CombineMethod method = CombineMethod.fromKey(c.path("method").asText(), "combiner.method");
                if (!method.forDetectors() || !c.path("iou").isNumber() || !c.path("maxDetections").canConvertToInt()) {
                    throw new IllegalArgumentException("a detector ensemble needs method nms with a numeric 'iou' and"
                            + " an integer 'maxDetections', got " + c);
                }
                return new EnsembleModel(file.toString(), task, classes, null, new BoxEnsemble(new Nms(
                        c.path("iou").asDouble(), c.path("maxDetections").asInt())), members);
            }
            return new EnsembleModel(file.toString(), classes, combiner(root.path("combiner"), members.size(),
                    classes.size()), members);
        } catch (IllegalArgumentException e) {
            throw new DataException(ensembleJson + " combiner: " + e.getMessage(), e);
        }
    }

    private static Combiner combiner(JsonNode c, int members, int classes) {
        CombineMethod method = CombineMethod.fromKey(c.path("method").asText(), "combiner.method");
        return switch (method) {
            case VOTE -> new HardVote();
            case AVERAGE -> new SoftAverage();
            case WEIGHTED -> {
                double[] w = doubles(c.path("weights"));
                if (w.length != members) {
                    throw new IllegalArgumentException("weights has " + w.length + " values for " + members
                            + " members");
                }
                yield new WeightedAverage(w);
            }
            case NMS -> throw new IllegalArgumentException("method nms is for detector ensembles, this one has"
                    + " task classify");
            case STACKING -> {
                JsonNode rows = c.path("coefficients");
                double[][] w = new double[rows.size()][];
                for (int k = 0; k < w.length; k++) {
                    w[k] = doubles(rows.get(k));
                    if (w[k].length != members * classes) {
                        throw new IllegalArgumentException("coefficients[" + k + "] has " + w[k].length
                                + " values, expected members x classes = " + members * classes);
                    }
                }
                double[] b = doubles(c.path("intercepts"));
                if (w.length != classes || b.length != classes) {
                    throw new IllegalArgumentException("coefficients and intercepts need " + classes + " rows, got "
                            + w.length + " and " + b.length);
                }
                yield new StackingCombiner(new SoftmaxRegression(w, b));
            }
        };
    }

    /** The {@code combiner} block of a detector ensemble's {@code ensemble.json}. */
    static ObjectNode boxesJson(BoxEnsemble boxes) {
        ObjectNode c = JSON.createObjectNode();
        c.put("method", CombineMethod.NMS.key());
        c.put("iou", boxes.nms().iouThreshold());
        c.put("maxDetections", boxes.nms().maxDetections());
        return c;
    }

    /** The {@code combiner} block of {@code ensemble.json}. */
    static ObjectNode combinerJson(Combiner combiner, int members) {
        ObjectNode c = JSON.createObjectNode();
        c.put("method", combiner.method().key());
        if (combiner instanceof WeightedAverage w) {
            array(c.putArray("weights"), w.weights());
        } else if (combiner instanceof StackingCombiner s) {
            ArrayNode rows = c.putArray("coefficients");
            for (double[] row : s.meta().weights()) {
                array(rows.addArray(), row);
            }
            array(c.putArray("intercepts"), s.meta().intercepts());
        }
        array(c.putArray("memberWeights"), combiner.memberWeights(members));
        return c;
    }

    /** Writes {@code node} to {@code path}, replacing nothing. */
    static void write(JsonNode node, Path path, FileSystem fs) throws IOException {
        try (OutputStream out = fs.create(path, false)) {
            JSON.writeValue(out, node);
        }
    }

    private static void array(ArrayNode a, double[] values) {
        for (double v : values) {
            a.add(v);
        }
    }

    private static double[] doubles(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            if (!a.get(i).isNumber()) {
                throw new IllegalArgumentException("expected numbers, got " + a);
            }
            out[i] = a.get(i).asDouble();
        }
        return out;
    }

    private static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        a.forEach(n -> out.add(n.asText()));
        return out;
    }
}
