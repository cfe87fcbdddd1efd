package io.augflow.train.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.augflow.augment.transform.geometric.InputFit;
import io.augflow.augment.transform.geometric.InputSize;
import io.augflow.augment.transform.geometric.ResizePolicy;
import io.augflow.pipeline.output.AtomicFile;
import io.augflow.pipeline.output.OutputPreflight;
import io.augflow.train.checkpoint.CheckpointStore;
import io.augflow.train.detect.Anchors;
import io.augflow.train.detect.YoloHead;
import io.augflow.train.detect.eval.CocoGroundTruth;
import io.augflow.train.detect.eval.CocoJsonWriter;
import io.augflow.train.detect.eval.Detection;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a training run writes into its output folder (local or any Hadoop filesystem), each file replaced through
 * {@link AtomicFile} (a reader sees the old file or the new one, never half of one): {@code model.zip}, {@code model.json},
 * {@code history.json}, {@code training-stats.json} and the per-epoch {@code checkpoints/}.
 */
public final class TrainingOutputs {
    /** The folder of the COCO JSON exports of a detector's test split. */
    public static final String COCO_DIR = "coco";
    private static final Logger LOG = LoggerFactory.getLogger(TrainingOutputs.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String dir;
    private final Configuration hadoop;
    private final CheckpointStore checkpoints;

    public TrainingOutputs(String dir, Configuration hadoop) {
        OutputPreflight.checkWritableFolder(dir, hadoop);
        this.dir = dir;
        this.hadoop = hadoop;
        this.checkpoints = new CheckpointStore(new Path(dir, SparkTrainer.CHECKPOINTS).toString(), hadoop);
    }

    /**
     * The checkpoint to continue from: the latest good one when resuming (a killed run's unfinished ones are
     * removed first); none for a fresh run, whose earlier checkpoints are removed so a later resume cannot pick
     * them up.
     */
    public Optional<CheckpointStore.Checkpoint> startingPoint(boolean resume) {
        if (!resume) {
            checkpoints.discardAll();
            return Optional.empty();
        }
        checkpoints.discardIncomplete();
        Optional<CheckpointStore.Checkpoint> found = checkpoints.latestGood();
        if (found.isEmpty()) {
            LOG.warn("--resume: no usable checkpoint in {}", checkpoints);
        }
        return found;
    }

    /**
     * The finished epoch's network, the history so far, the network's input step and a detector's head, as one
     * checkpoint, then
     * {@code history.json}.
     */
    public void saveEpoch(int epoch, long seed, String configHash, DistributedNetwork network,
            List<EpochRecord> history, InputFit input, Optional<YoloHead> head) {
        List<EpochRecord> sofar = List.copyOf(history);
        RecordedInput recorded = RecordedInput.of(input);
        Map<String, CheckpointStore.ModelWriter> sideFiles = new LinkedHashMap<>();
        sideFiles.put(SparkTrainer.HISTORY_FILE, out -> JSON.writeValue(out, sofar));
        sideFiles.put(INPUT_FILE, out -> JSON.writeValue(out, recorded));
        head.ifPresent(h -> {
            TrainResult.DetectorRecord record = new TrainResult.DetectorRecord(h.stride(), h.anchors().pixels());
            sideFiles.put(HEAD_FILE, out -> JSON.writeValue(out, record));
        });
        checkpoints.save(epoch, seed, configHash, out -> network.save(out, true), sideFiles);
        writeJson(SparkTrainer.HISTORY_FILE, sofar);
    }

    /**
     * The detector head a checkpoint's network was trained with: a resumed run keeps its anchors instead of
     * refitting them on the data as it is now. Empty for a classifier's checkpoint and for checkpoints written
     * before it was recorded (their anchors are refitted, deterministically from the data and the seed).
     */
    public Optional<YoloHead> recordedHead(CheckpointStore.Checkpoint checkpoint) {
        Path path = new Path(checkpoint.sideFile(HEAD_FILE));
        try {
            FileSystem fs = path.getFileSystem(hadoop);
            if (!fs.exists(path)) {
                return Optional.empty();
            }
            try (InputStream in = fs.open(path)) {
                TrainResult.DetectorRecord r = JSON.readValue(in, TrainResult.DetectorRecord.class);
                return Optional.of(new YoloHead(r.stride(), Anchors.of(r.anchors())));
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("cannot read the detector head saved with the checkpoint, {}: {}; the anchors are refitted",
                    path, e.toString());
            return Optional.empty();
        }
    }

    /** The checkpoint side file holding a detector's stride and anchors ({@link TrainResult.DetectorRecord}). */
    static final String HEAD_FILE = "head.json";

    /**
     * The input step a checkpoint's network was trained with: a resumed run keeps it, whatever new rows (of another
     * size or colour) joined the dataset since. Empty for checkpoints written before it was recorded.
     */
    public Optional<InputFit> recordedInput(CheckpointStore.Checkpoint checkpoint) {
        Path path = new Path(checkpoint.sideFile(INPUT_FILE));
        try {
            FileSystem fs = path.getFileSystem(hadoop);
            if (!fs.exists(path)) {
                return Optional.empty();
            }
            try (InputStream in = fs.open(path)) {
                return Optional.of(JSON.readValue(in, RecordedInput.class).fit());
            }
        } catch (IOException e) {
            LOG.warn("cannot read the input step saved with the checkpoint, {}: {}", path, e.toString());
            return Optional.empty();
        }
    }

    /** The checkpoint side file holding the network's input step. */
    static final String INPUT_FILE = "input.json";

    /** {@link InputFit} as JSON: width, height, channels and the resize policy's key. */
    record RecordedInput(int width, int height, int channels, String resize) {
        static RecordedInput of(InputFit fit) {
            return new RecordedInput(fit.size().width(), fit.size().height(), fit.size().channels(),
                    fit.policy().key());
        }

        InputFit fit() {
            return new InputFit(new InputSize(width, height, channels), ResizePolicy.fromKey(resize, INPUT_FILE));
        }
    }

    public void writeStats(List<EpochPhaseStats> stats) {
        writeJson(SparkTrainer.STATS_FILE, stats);
    }

    public Path writeModel(DistributedNetwork network) {
        Path path = new Path(dir, SparkTrainer.MODEL_FILE);
        replace(path, out -> network.save(out, true));
        return path;
    }

    /**
     * {@code model.zip} as the byte-for-byte copy of a checkpoint's model (the best epoch's), so no second network
     * needs to be serialised and the two files can be compared by checksum.
     */
    public Path copyModel(CheckpointStore.Checkpoint checkpoint) {
        Path path = new Path(dir, SparkTrainer.MODEL_FILE);
        Path from = new Path(checkpoint.modelPath());
        replace(path, out -> {
            try (InputStream in = from.getFileSystem(hadoop).open(from)) {
                in.transferTo(out);
            }
        });
        return path;
    }

    /**
     * The checkpoint of {@code epoch} when it is whole and matches its checksum (the best epoch's, to keep as the
     * model).
     */
    public Optional<CheckpointStore.Checkpoint> checkpointOf(int epoch) {
        return checkpoints.ofEpoch(epoch);
    }

    public void writeResult(TrainResult result) {
        writeJson(SparkTrainer.RESULT_FILE, result);
    }

    /**
     * The split's ground truth and the detector's detections as COCO JSON ({@code coco/<split>-ground-truth.json},
     * {@code coco/<split>-detections.json}), so any COCO evaluator (pycocotools) can recompute the figures.
     */
    public void writeCoco(String split, CocoGroundTruth groundTruth, List<Detection> detections) {
        replace(new Path(dir, COCO_DIR + "/" + split + "-ground-truth.json"),
                out -> CocoJsonWriter.writeGroundTruth(groundTruth, out));
        replace(new Path(dir, COCO_DIR + "/" + split + "-detections.json"),
                out -> CocoJsonWriter.writeDetections(groundTruth, detections, out));
    }

    /**
     * The history of the epochs before {@code epochsDone}: from the checkpoint resumed from (written with it, so
     * they agree even when a run was killed between writes), else from the output folder's {@code history.json}.
     */
    public List<EpochRecord> history(Optional<CheckpointStore.Checkpoint> checkpoint, int epochsDone) {
        if (epochsDone == 0) {
            return List.of();
        }
        if (checkpoint.isPresent()) {
            Optional<List<EpochRecord>> saved = readHistory(new Path(checkpoint.get().sideFile(SparkTrainer.HISTORY_FILE)),
                    epochsDone);
            if (saved.isPresent()) {
                return saved.get();
            }
        }
        return readHistory(new Path(dir, SparkTrainer.HISTORY_FILE), epochsDone).orElse(List.of());
    }

    private Optional<List<EpochRecord>> readHistory(Path path, int epochsDone) {
        try {
            FileSystem fs = path.getFileSystem(hadoop);
            if (!fs.exists(path)) {
                return Optional.empty();
            }
            try (InputStream in = fs.open(path)) {
                EpochRecord[] records = JSON.readValue(in, EpochRecord[].class);
                return Optional.of(List.of(records).stream().filter(r -> r.epoch() < epochsDone).toList());
            }
        } catch (IOException e) {
            LOG.warn("cannot read the earlier history {}: {}", path, e.toString());
            return Optional.empty();
        }
    }

    private void writeJson(String name, Object value) {
        replace(new Path(dir, name), out -> JSON.writeValue(out, value));
    }

    private void replace(Path path, AtomicFile.Writer writer) {
        AtomicFile.replace(path, writer, hadoop);
    }
}
