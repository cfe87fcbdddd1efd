package io.augflow.train.ensemble;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.augflow.augment.DataException;
import io.augflow.pipeline.dataset.AtomicOutput;
import io.augflow.pipeline.dataset.DatasetMetadata;
import io.augflow.pipeline.output.OutputWriteException;
import io.augflow.train.detect.Nms;
import io.augflow.train.model.DetectConf;
import io.augflow.train.predict.ModelLocator;
import io.augflow.train.spark.SparkTrainer;
import io.augflow.train.spark.TrainConf;
import io.augflow.train.spark.TrainedModel;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * {@code augflow ensemble}: members (registry versions or model folders of one classifier's classes) -> their class
 * probabilities on the labelled rows of the validation split, computed on the executors with the predict inference
 * path, only those small vectors coming to the driver -> the combiner fitted and scored there
 * ({@link EnsembleFitter}) -> an ensemble model folder ({@link EnsembleModel}) written into a hidden sibling and
 * renamed into place.
 */
public final class EnsembleBuilder {
    private final SparkSession spark;
    private final EnsembleConf conf;
    private final Consumer<String> progress;

    /** @param progress one line per step (the command prints them) */
    public EnsembleBuilder(SparkSession spark, EnsembleConf conf, Consumer<String> progress) {
        this.spark = spark;
        this.conf = conf;
        this.progress = progress;
    }

    /**
     * Builds the ensemble of {@code memberSpecs} (anything {@link ModelLocator} accepts) fitted on {@code dataset}.
     *
     * Detectors are combined by {@code --combine nms} ({@link BoxEnsemble}, with the first member's NMS IoU and
     * detection cap); nothing is fitted, so the dataset only checks the classes and nothing is scored.
     *
     * @param current       the {@code train} block for members that do not record theirs
     * @param currentDetect the {@code model.detect} block for detectors that do not record theirs
     * @throws DataException when a member is missing or an ensemble, the members mix classifiers and detectors, or
     *                       a member's classes differ from the first member's or the dataset's
     */
    public EnsembleSummary build(List<String> memberSpecs, TrainConf current, DetectConf currentDetect,
            String dataset, String output) {
        Instant started = Instant.now();
        if (memberSpecs.size() < 2) {
            throw new IllegalArgumentException("--models must name at least 2 members, got " + memberSpecs);
        }
        if (new HashSet<>(memberSpecs).size() != memberSpecs.size()) {
            throw new IllegalArgumentException("--models names a member twice: " + memberSpecs);
        }
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        AtomicOutput out = new AtomicOutput(output, conf.overwrite(), hadoop);
        out.checkTarget();
        progress.accept("ensemble [1/4] reading " + memberSpecs.size() + " members");
        List<TrainedModel> models = new ArrayList<>();
        for (String spec : memberSpecs) {
            models.add(member(spec, hadoop));
        }
        List<String> classes = models.get(0).classes();
        for (int m = 1; m < models.size(); m++) {
            if (!models.get(m).classes().equals(classes)) {
                throw new DataException("member " + memberSpecs.get(m) + " (" + models.get(m).modelPath() + ") has"
                        + " classes " + models.get(m).classes() + ", member " + memberSpecs.get(0) + " ("
                        + models.get(0).modelPath() + ") has " + classes + ": an ensemble's members must predict"
                        + " the same classes in the same order");
            }
        }
        List<String> datasetClasses = DatasetMetadata.read(dataset, hadoop).classes();
        if (!datasetClasses.equals(classes)) {
            throw new DataException("dataset " + dataset + " has classes " + datasetClasses + ", the members "
                    + classes);
        }
        for (int m = 1; m < models.size(); m++) {
            if (models.get(m).task() != models.get(0).task()) {
                throw new DataException("member " + memberSpecs.get(m) + " is a " + models.get(m).task().key()
                        + " model, member " + memberSpecs.get(0) + " a " + models.get(0).task().key() + " one: an"
                        + " ensemble's members do one task");
            }
        }
        boolean detectors = models.get(0).isDetector();
        if (detectors != conf.fit().method().forDetectors()) {
            throw new IllegalArgumentException("--combine " + conf.fit().method().key() + (detectors
                    ? " combines classifiers; these members are detectors: use --combine nms"
                    : " combines detectors; these members are classifiers: use vote, average, weighted or stacking"));
        }
        if (detectors) {
            DetectConf first = models.get(0).detectConf(currentDetect);
            BoxEnsemble boxes = new BoxEnsemble(new Nms(first.nmsIou(), first.maxDetections()));
            progress.accept("ensemble [2/2] writing " + out.target() + " (nothing to fit: boxes merged by NMS at IoU "
                    + first.nmsIou() + ")");
            commit(out, () -> write(out, memberSpecs, models, classes, EnsembleModel.boxesJson(boxes), null, dataset,
                    0, hadoop));
            return new EnsembleSummary(out.target().toString(), CombineMethod.NMS, conf.split(), memberSpecs,
                    SoftAverage.uniform(models.size()), null, List.of(),
                    Duration.between(started, Instant.now()).toMillis() / 1000.0);
        }

        progress.accept("ensemble [2/4] scoring every member on split '" + conf.split() + "' of " + dataset);
        ValidationTable table = MemberScoring.table(spark, memberSpecs, models, current, dataset, conf.split(),
                conf.batchSize(), conf.timeout());

        progress.accept("ensemble [3/4] fitting " + conf.fit().method().key() + " on " + table.rows() + " rows"
                + (conf.fit().method().fitted() ? " (" + conf.fit().folds() + "-fold cross-fit)" : ""));
        FittedEnsemble fitted = EnsembleFitter.fit(table, classes, conf.fit());

        progress.accept("ensemble [4/4] writing " + out.target());
        commit(out, () -> write(out, memberSpecs, models, classes,
                EnsembleModel.combinerJson(fitted.combiner(), models.size()), fitted, dataset, table.rows(), hadoop));
        return new EnsembleSummary(out.target().toString(), conf.fit().method(), conf.split(), memberSpecs,
                fitted.combiner().memberWeights(models.size()), fitted.validation(), fitted.members(),
                Duration.between(started, Instant.now()).toMillis() / 1000.0);
    }

    /** What writes the folder's files into the temporary folder. */
    private interface Writing {
        void write() throws IOException;
    }

    private static void commit(AtomicOutput out, Writing writing) {
        try {
            writing.write();
            out.commit();
        } catch (IOException e) {
            throw OutputWriteException.wrap(out.target().toString(), e);
        } finally {
            out.abort();
        }
    }

    private static TrainedModel member(String spec, Configuration hadoop) {
        String path = ModelLocator.resolve(spec, hadoop);
        if (ModelLocator.isEnsemble(path)) {
            throw new DataException("member " + spec + " is itself an ensemble (" + path + "): name its members"
                    + " instead");
        }
        return TrainedModel.read(path, hadoop);
    }

    /** @param fitted a classifier ensemble's fit and figures; null for detectors (nothing fitted or scored) */
    private void write(AtomicOutput out, List<String> names, List<TrainedModel> models, List<String> classes,
            ObjectNode combiner, FittedEnsemble fitted, String dataset, int rows, Configuration hadoop)
            throws IOException {
        Path dir = new Path(out.temp());
        FileSystem fs = dir.getFileSystem(hadoop);
        if (!fs.mkdirs(dir)) {
            throw new IOException("cannot create " + dir);
        }
        ObjectNode root = EnsembleModel.JSON.createObjectNode();
        root.put("format", EnsembleModel.FORMAT);
        root.put("task", models.get(0).task().key());
        classes.forEach(root.putArray("classes")::add);
        root.set("combiner", combiner);
        ArrayNode members = root.putArray("members");
        for (int m = 0; m < models.size(); m++) {
            String folder = EnsembleModel.MEMBERS + "/m" + (m + 1);
            Path source = new Path(models.get(m).modelPath()).getParent();
            for (String file : List.of(SparkTrainer.MODEL_FILE, SparkTrainer.RESULT_FILE)) {
                if (!FileUtil.copy(source.getFileSystem(hadoop), new Path(source, file), fs,
                        new Path(new Path(dir, folder), file), false, false, hadoop)) {
                    throw new IOException("copy of " + new Path(source, file) + " reported failure");
                }
            }
            ObjectNode member = members.addObject();
            member.put("name", names.get(m));
            member.put("origin", models.get(m).modelPath());
            member.put("folder", folder);
            if (fitted != null) {
                member.set("validation", EnsembleModel.JSON.valueToTree(fitted.members().get(m)));
            }
        }
        if (fitted != null) {
            root.set("validation", EnsembleModel.JSON.valueToTree(fitted.validation()));
        }
        ObjectNode provenance = root.putObject("provenance");
        provenance.put("dataset", dataset);
        provenance.put("split", conf.split());
        provenance.put("rows", rows);
        provenance.put("folds", conf.fit().folds());
        provenance.put("stackingL2", conf.fit().l2());
        provenance.put("seed", conf.fit().seed());
        provenance.put("created", Instant.now().toString());
        EnsembleModel.write(root, new Path(dir, EnsembleModel.FILE), fs);
        ObjectNode modelJson = modelJson(root, models.get(0), new Path(out.target(), EnsembleModel.FILE).toString());
        if (models.get(0).isDetector()) { // the head, so that tools reading model.json see a detector
            Path first = new Path(new Path(models.get(0).modelPath()).getParent(), SparkTrainer.RESULT_FILE);
            try (java.io.InputStream in = first.getFileSystem(hadoop).open(first)) {
                modelJson.set("detector", EnsembleModel.JSON.readTree(in).get("detector"));
            }
        }
        EnsembleModel.write(modelJson, new Path(dir, SparkTrainer.RESULT_FILE), fs);
    }

    /**
     * The ensemble's {@code model.json}: the fields every model folder's has (model, architecture, classes, task,
     * input and resize of its first member, for tools that show them) and the validation figures.
     */
    private static ObjectNode modelJson(ObjectNode ensemble, TrainedModel first, String path) {
        ObjectNode m = EnsembleModel.JSON.createObjectNode();
        m.put("model", path);
        m.put("architecture", EnsembleModel.ARCHITECTURE);
        m.set("classes", ensemble.get("classes"));
        ArrayNode input = m.putArray("input");
        for (int v : first.input()) {
            input.add(v);
        }
        m.put("resize", first.resize().key());
        m.put("task", first.task().key());
        ObjectNode e = m.putObject("ensemble");
        e.put("method", ensemble.path("combiner").path("method").asText());
        ArrayNode names = e.putArray("members");
        ensemble.path("members").forEach(x -> names.add(x.path("name").asText()));
        if (ensemble.has("validation")) {
            m.set("validation", ensemble.get("validation"));
        }
        m.set("provenance", ensemble.get("provenance"));
        return m;
    }

}
