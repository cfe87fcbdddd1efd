package io.augflow.train.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints under one folder (local or any Hadoop filesystem), one sub-folder per epoch:
 * {@code epoch-0003/model.zip} + {@code epoch-0003/checkpoint.json}. A checkpoint is written into a
 * hidden temporary folder and renamed into place, so a crash leaves either the whole checkpoint or none;
 * on resume, a checkpoint whose model does not match its recorded SHA-256 is skipped with a warning and
 * the previous one is used.
 */
public final class CheckpointStore {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final String MODEL = "model.zip";
    static final String INFO = "checkpoint.json";
    private static final String PREFIX = "epoch-";
    private static final String TMP_MARK = ".tmp-";

    private final Path dir;
    private final FileSystem fs;

    public CheckpointStore(String dir, Configuration hadoop) {
        this.dir = new Path(dir);
        try {
            this.fs = this.dir.getFileSystem(hadoop);
        } catch (IOException e) {
            throw new UncheckedIOException("no filesystem for checkpoints at " + dir, e);
        }
    }

    /** Writes the model of a finished epoch; {@code writer} streams the model file's bytes. */
    public Path save(int epoch, long planSeed, String configHash, ModelWriter writer) {
        return save(epoch, planSeed, configHash, writer, Map.of());
    }

    /**
     * Writes the model of a finished epoch and side files (e.g. the training history up to this epoch) into one
     * checkpoint folder, so they appear together or not at all: a crash between two separate writes cannot leave
     * a model and a history that disagree.
     *
     * @param sideFiles file name to writer; read back with {@link Checkpoint#sideFile(String)}
     */
    public Path save(int epoch, long planSeed, String configHash, ModelWriter writer, Map<String, ModelWriter> sideFiles) {
        Path target = epochFolder(epoch);
        Path tmp = new Path(dir, "." + target.getName() + TMP_MARK + UUID.randomUUID());
        try {
            fs.mkdirs(tmp);
            String sha;
            try (OutputStream out = fs.create(new Path(tmp, MODEL), false)) {
                DigestingOutputStream digesting = new DigestingOutputStream(out);
                writer.write(digesting);
                sha = digesting.hex();
            }
            for (Map.Entry<String, ModelWriter> side : sideFiles.entrySet()) {
                if (side.getKey().equals(MODEL) || side.getKey().equals(INFO) || side.getKey().contains("/")) {
                    throw new IllegalArgumentException("side file name must be a plain name other than " + MODEL
                            + " and " + INFO + ", got '" + side.getKey() + "'");
                }
                try (OutputStream out = fs.create(new Path(tmp, side.getKey()), false)) {
                    side.getValue().write(new KeepOpen(out));
                }
            }
            CheckpointInfo info = new CheckpointInfo(epoch, planSeed, configHash, sha, Instant.now().toString());
            try (OutputStream out = fs.create(new Path(tmp, INFO), false)) {
                JSON.writeValue(out, info);
            }
            if (fs.exists(target)) {
                fs.delete(target, true);
            }
            if (!fs.rename(tmp, target)) {
                throw new IOException("rename " + tmp + " -> " + target + " failed");
            }
            LOG.info("checkpoint of epoch {} written to {}", epoch, target);
            return target;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot write the checkpoint of epoch " + epoch + " to " + target + ": "
                        + (io.getMessage() == null ? io.getClass().getSimpleName() : io.getMessage()), io);
            }
            throw (RuntimeException) e;
        }
    }

    /** The newest checkpoint whose model matches its checksum, if any. */
    public Optional<Checkpoint> latestGood() {
        for (Path candidate : checkpointsNewestFirst()) {
            Optional<Checkpoint> good = verified(candidate, "falling back to the previous checkpoint");
            if (good.isPresent()) {
                return good;
            }
        }
        return Optional.empty();
    }

    /**
     * The checkpoint of {@code epoch} if it exists and its model matches its checksum (e.g. the best epoch's, to
     * be kept as the run's model).
     */
    public Optional<Checkpoint> ofEpoch(int epoch) {
        Path candidate = epochFolder(epoch);
        try {
            if (!fs.exists(candidate)) {
                LOG.warn("there is no checkpoint of epoch {} in {}", epoch, dir);
                return Optional.empty();
            }
        } catch (IOException e) {
            LOG.warn("cannot look for the checkpoint {}: {}", candidate, e.toString());
            return Optional.empty();
        }
        return verified(candidate, "it is not used");
    }

    private Optional<Checkpoint> verified(Path candidate, String otherwise) {
        try {
            CheckpointInfo info;
            try (InputStream in = fs.open(new Path(candidate, INFO))) {
                info = JSON.readValue(in, CheckpointInfo.class);
            }
            Path model = new Path(candidate, MODEL);
            String actual = sha256(model);
            if (!actual.equals(info.modelSha256())) {
                LOG.warn("checkpoint {} is corrupt: its model file {} ({} bytes) has SHA-256 {} but {} was recorded"
                        + " (truncated or overwritten); {}", candidate, model, fs.getFileStatus(model).getLen(),
                        actual, info.modelSha256(), otherwise);
                return Optional.empty();
            }
            return Optional.of(new Checkpoint(info, model.toString()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("checkpoint {} (model file {}) is unreadable ({}); {}", candidate, new Path(candidate, MODEL),
                    e.toString(), otherwise);
            return Optional.empty();
        }
    }

    /** A checkpoint that passed its checksum: its record and where the model file is. */
    public record Checkpoint(CheckpointInfo info, String modelPath) {
        /** Where a side file saved with the checkpoint is (it may be absent in checkpoints of older versions). */
        public String sideFile(String name) {
            return new Path(new Path(modelPath).getParent(), name).toString();
        }
    }

    /**
     * Removes the hidden temporary folders of checkpoints that were being written when a run was killed. Only
     * call it when no other run writes to this store.
     *
     * @return how many were removed
     */
    public int discardIncomplete() {
        try {
            if (!fs.exists(dir)) {
                return 0;
            }
            int removed = 0;
            for (FileStatus s : fs.listStatus(dir)) {
                String name = s.getPath().getName();
                if (name.startsWith("." + PREFIX) && name.contains(TMP_MARK)) {
                    LOG.info("removing the incomplete checkpoint {} of an interrupted run", s.getPath());
                    fs.delete(s.getPath(), true);
                    removed++;
                }
            }
            return removed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean incomplete checkpoints in " + dir, e);
        }
    }

    /**
     * Removes every checkpoint, complete or not: what a fresh run does to an earlier run's checkpoints in its
     * folder, so that a later {@code --resume} cannot continue from an epoch the fresh run never trained. Only
     * call it when no other run writes to this store.
     *
     * @return how many complete checkpoints were removed
     */
    public int discardAll() {
        List<Path> earlier = checkpointsNewestFirst();
        if (!earlier.isEmpty()) {
            LOG.warn("a fresh run: removing {} checkpoints of an earlier run in {} (newest {}); use --resume to"
                    + " continue a run instead", earlier.size(), dir, earlier.get(0).getName());
        }
        try {
            for (Path p : earlier) {
                fs.delete(p, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the earlier checkpoints in " + dir, e);
        }
        discardIncomplete();
        return earlier.size();
    }

    private Path epochFolder(int epoch) {
        return new Path(dir, String.format("%s%04d", PREFIX, epoch));
    }

    List<Path> checkpointsNewestFirst() {
        try {
            if (!fs.exists(dir)) {
                return List.of();
            }
            List<Path> found = new ArrayList<>();
            for (FileStatus s : fs.listStatus(dir)) {
                if (s.isDirectory() && s.getPath().getName().matches(PREFIX + "\\d+")) {
                    found.add(s.getPath());
                }
            }
            found.sort(Comparator.comparing((Path p) -> p.getName()).reversed());
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + dir, e);
        }
    }

    private String sha256(Path file) throws IOException {
        try (DigestInputStream in = new DigestInputStream(fs.open(file), digest())) {
            byte[] buffer = new byte[1 << 16];
            while (in.read(buffer) >= 0) {
                // digesting
            }
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        }
    }

    private void deleteQuietly(Path p) {
        try {
            fs.delete(p, true);
        } catch (IOException e) {
            LOG.warn("could not remove the partial checkpoint {}: {}", p, e.toString());
        }
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Writes a model's bytes (e.g. DL4J's {@code ModelSerializer.writeModel(net, out, true)}). */
    @FunctionalInterface
    public interface ModelWriter {
        void write(OutputStream out) throws IOException;
    }

    /** Leaves the underlying stream open on close: writers such as Jackson close what they are given. */
    private static final class KeepOpen extends java.io.FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /** Hashes what passes through, so the checksum costs no second read. */
    private static final class DigestingOutputStream extends OutputStream {
        private final OutputStream out;
        private final MessageDigest digest = digest();

        DigestingOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            digest.update((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            digest.update(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() {
            // the caller closes the underlying stream
        }

        String hex() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }

    @Override
    public String toString() {
        return "CheckpointStore[" + dir + ", " + Arrays.toString(checkpointsNewestFirst().toArray()) + "]";
    }
}
