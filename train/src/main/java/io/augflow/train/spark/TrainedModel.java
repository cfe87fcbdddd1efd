package io.augflow.train.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.augflow.augment.DataException;
import io.augflow.augment.transform.geometric.InputFit;
import io.augflow.augment.transform.geometric.InputSize;
import io.augflow.augment.transform.geometric.ResizePolicy;
import io.augflow.train.detect.Anchors;
import io.augflow.train.detect.DetectorInference;
import io.augflow.train.detect.YoloHead;
import io.augflow.train.model.Architecture;
import io.augflow.train.model.DetectConf;
import io.augflow.train.model.ModelConf;
import io.augflow.train.model.ModelTask;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A saved model ({@code model.zip}) with what its {@code model.json} ({@link TrainResult}) says about it: the
 * architecture (which DL4J network kind to restore), the class names in output order, the input shape and the
 * configuration it was trained with, and for a detector its head. Read from the {@code model.json} beside the zip, so it works for a training
 * output folder and for a registry version folder alike.
 *
 * @param modelPath the {@code model.zip}
 * @param architecture the {@code model.architecture} key
 * @param classes class names, by output index
 * @param input {@code [channels, height, width]} of the network input
 * @param resize how samples of other sizes are brought to the input (models written before the policy was
 *               recorded read as {@code resize})
 * @param config the resolved {@code augflow} configuration of the training run (concise HOCON), empty when the
 *               {@code model.json} does not carry it
 * @param task what the network does ({@link ModelTask#CLASSIFY} for a {@code model.json} written before the task
 *             was recorded)
 * @param head a detector's grid stride and anchors (network-input pixels), needed to decode its output; empty for a
 *             classifier
 */
public record TrainedModel(String modelPath, String architecture, List<String> classes, int[] input,
        ResizePolicy resize, Optional<String> config, ModelTask task, Optional<YoloHead> head) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public TrainedModel {
        classes = List.copyOf(classes);
        input = input.clone();
        if ((task == ModelTask.DETECT) != head.isPresent()) {
            throw new IllegalArgumentException("model " + modelPath + ": a detector needs its head (stride and"
                    + " anchors) and a classifier has none, got task " + task.key() + " and head " + head);
        }
    }

    /** A classifier. */
    public TrainedModel(String modelPath, String architecture, List<String> classes, int[] input, ResizePolicy resize,
            Optional<String> config) {
        this(modelPath, architecture, classes, input, resize, config, ModelTask.CLASSIFY, Optional.empty());
    }

    /** The model at {@code modelZipPath}, described by the {@code model.json} in the same folder. */
    public static TrainedModel read(String modelZipPath, Configuration hadoop) {
        Path zip = new Path(modelZipPath);
        Path json = new Path(zip.getParent(), SparkTrainer.RESULT_FILE);
        try {
            FileSystem fs = json.getFileSystem(hadoop);
            if (!fs.exists(zip)) {
                throw new DataException("model " + modelZipPath + " does not exist");
            }
            if (!fs.exists(json)) {
                throw new DataException("model " + modelZipPath + " has no " + SparkTrainer.RESULT_FILE
                        + " beside it: its architecture and classes are unknown");
            }
            JsonNode root;
            try (InputStream in = fs.open(json)) {
                root = JSON.readTree(in);
            }
            List<String> classes = new ArrayList<>();
            root.path("classes").forEach(c -> classes.add(c.asText()));
            int[] input = new int[root.path("input").size()];
            for (int i = 0; i < input.length; i++) {
                input[i] = root.path("input").get(i).asInt();
            }
            String architecture = root.path("architecture").asText("");
            if (architecture.isBlank() || classes.isEmpty() || input.length != 3) {
                throw new DataException(json + " is not a training result: it needs 'architecture',"
                        + " 'classes' and a 3-value 'input'");
            }
            JsonNode config = root.path("provenance").path("config");
            ResizePolicy resize = ResizePolicy.fromKey(root.path("resize").asText(ResizePolicy.RESIZE.key()),
                    json + " resize");
            Optional<YoloHead> head = head(root.path("detector"), json);
            ModelTask task = root.path("task").isTextual()
                    ? ModelTask.fromKey(root.path("task").asText(), json + " task")
                    : head.isPresent() ? ModelTask.DETECT : ModelTask.CLASSIFY;
            if (task == ModelTask.DETECT && head.isEmpty()) {
                throw new DataException(json + " is a detector's result without its 'detector' block (stride and"
                        + " anchors): its output cannot be decoded");
            }
            return new TrainedModel(zip.toString(), architecture, classes, input, resize,
                    config.isTextual() ? Optional.of(config.asText()) : Optional.empty(), task,
                    task == ModelTask.DETECT ? head : Optional.empty());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DataException(json + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + json, e);
        }
    }

    /**
     * The class counts the model was trained on ({@code prior.counts} in its {@code model.json}), for post-hoc logit
     * adjustment; empty for a model.json written before it was recorded.
     */
    public List<Long> recordedPrior(Configuration hadoop) {
        Path json = new Path(new Path(modelPath).getParent(), SparkTrainer.RESULT_FILE);
        try (InputStream in = json.getFileSystem(hadoop).open(json)) {
            List<Long> prior = new ArrayList<>();
            JSON.readTree(in).path("prior").path("counts").forEach(n -> prior.add(n.asLong()));
            return prior;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + json, e);
        }
    }

    /** Post-hoc logit adjustment of strength {@code tau} by the recorded prior; none at {@code tau = 0}. */
    public io.augflow.train.predict.LogitAdjustment logitAdjustment(double tau, Configuration hadoop) {
        return tau == 0 ? io.augflow.train.predict.LogitAdjustment.NONE
                : new io.augflow.train.predict.LogitAdjustment(tau, recordedPrior(hadoop));
    }

    /** The {@code detector} block of a {@code model.json} ({@link TrainResult.DetectorRecord}), empty when absent. */
    private static Optional<YoloHead> head(JsonNode detector, Path json) {
        if (detector.isMissingNode() || detector.isNull()) {
            return Optional.empty();
        }
        JsonNode anchors = detector.path("anchors");
        if (!detector.path("stride").canConvertToInt() || !anchors.isArray() || anchors.isEmpty()) {
            throw new DataException(json + " detector must have an integer 'stride' and a non-empty 'anchors' array"
                    + " of [w, h] pairs, got " + detector);
        }
        double[][] sizes = new double[anchors.size()][];
        for (int i = 0; i < sizes.length; i++) {
            JsonNode a = anchors.get(i);
            if (!a.isArray() || a.size() != 2 || !a.get(0).isNumber() || !a.get(1).isNumber()) {
                throw new DataException(json + " detector.anchors[" + i + "] must be a [w, h] pair, got " + a);
            }
            sizes[i] = new double[] {a.get(0).asDouble(), a.get(1).asDouble()};
        }
        try {
            return Optional.of(new YoloHead(detector.path("stride").asInt(), Anchors.of(sizes)));
        } catch (IllegalArgumentException e) {
            throw new DataException(json + " detector: " + e.getMessage(), e);
        }
    }

    /** True for a detector (its {@link #head()} is present). */
    public boolean isDetector() {
        return task == ModelTask.DETECT;
    }

    /**
     * A detector's one inference path with the normalisation it was trained with ({@code trainConf}) and the
     * score threshold, NMS IoU and detection cap of {@code detect}.
     *
     * @throws IllegalStateException for a classifier
     */
    public DetectorInference inference(TrainConf trainConf, DetectConf detect) {
        YoloHead h = head.orElseThrow(() -> new IllegalStateException("model " + modelPath + " is a "
                + task.key() + " model, not a detector"));
        return SparkTrainer.inference(inputFit(), trainConf, h, classes.size(), detect);
    }

    /**
     * The {@code model.detect} block the model was trained with (score threshold, NMS); {@code current} when the
     * model does not record its configuration.
     */
    public DetectConf detectConf(DetectConf current) {
        if (config.isEmpty()) {
            return current;
        }
        Config trained = ConfigFactory.parseString(config.get());
        return trained.hasPath(ModelConf.PATH) ? ModelConf.fromRoot(trained).detect() : current;
    }

    /** What every sample this model sees goes through last: its input size and resize policy. */
    public InputFit inputFit() {
        return new InputFit(new InputSize(input[2], input[1], input[0]), resize);
    }

    /** True when the network is a {@code ComputationGraph}. */
    public boolean isGraph() {
        return Architecture.fromKey(architecture, modelPath + " architecture").isGraph();
    }

    /** Restores the network (with its updater state when saved). */
    public DistributedNetwork load(Configuration hadoop) {
        Path path = new Path(modelPath);
        try (InputStream in = path.getFileSystem(hadoop).open(path)) {
            return DistributedNetwork.restore(in, isGraph());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restore the model " + modelPath, e);
        }
    }

    /**
     * The {@code train} block the model was trained with (its input pipeline and normalisation are what it must
     * be evaluated with); {@code current} when the model does not record its configuration.
     */
    public TrainConf trainConf(TrainConf current) {
        if (config.isEmpty()) {
            return current;
        }
        Config trained = ConfigFactory.parseString(config.get());
        return trained.hasPath(TrainConf.PATH) ? TrainConf.fromRoot(trained) : current;
    }
}
