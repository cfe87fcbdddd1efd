package io.augflow.train.registry;

import io.augflow.augment.DataException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Numbered model versions, a champion pointer and a run lock under one root on any Hadoop filesystem:
 * <pre>
 * &lt;root&gt;/versions/v0001/model.zip      the DL4J model, copied from a training output folder
 * &lt;root&gt;/versions/v0001/model.json     the training result, copied as is
 * &lt;root&gt;/versions/v0001/version.json   {@link VersionMetadata}, written last: without it the version is
 *                                     incomplete (a registration that did not finish) and ignored
 * &lt;root&gt;/versions/v0001/_claimed       who took the number, and when
 * &lt;root&gt;/champion/000001.json ...      the append-only champion pointer history (newest = champion)
 * &lt;root&gt;/_lock                         the run lock ({@link RegistryLock})
 * </pre>
 * Versions are immutable once complete. A number is taken by creating {@code vNNNN/_claimed} exclusively
 * ({@link ExclusiveFiles}): concurrent registrations, even from several processes, never share one, and a
 * number whose registration failed is not reused. Promotion and rollback only append pointer files, so the
 * whole history stays readable; the lock keeps whole read-decide-write sequences (a retrain deciding whether
 * to promote) from interleaving.
 */
public final class ModelRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);
    static final String VERSIONS = "versions";
    static final String CHAMPION = "champion";
    static final String LOCK = "_lock";
    static final String MODEL = "model.zip";
    static final String RESULT = "model.json";
    /** An ensemble's model folder has this and its members' copies instead of a model.zip. */
    static final String ENSEMBLE = "ensemble.json";
    static final String ENSEMBLE_MEMBERS = "members";
    static final String METADATA = "version.json";
    static final String CLAIM = "_claimed";
    private static final Pattern VERSION_DIR = Pattern.compile("v(\\d{4,})");
    private static final int MAX_CLAIM_ATTEMPTS = 1000;

    private final String root;
    private final Path rootPath;
    private final Configuration hadoop;
    private final ExclusiveFiles files;
    private final ChampionPointers pointers;

    private ModelRegistry(String root, Path rootPath, Configuration hadoop, FileSystem fs) {
        this.root = root;
        this.rootPath = rootPath;
        this.hadoop = hadoop;
        this.files = new ExclusiveFiles(fs);
        this.pointers = new ChampionPointers(files, new Path(rootPath, CHAMPION));
    }

    /** Opens the registry at {@code root}, creating its folders if they are missing. */
    public static ModelRegistry open(String root, Configuration hadoop) {
        ModelRegistry registry = connect(root, hadoop);
        try {
            FileSystem fs = registry.files.fs();
            fs.mkdirs(new Path(registry.rootPath, VERSIONS));
            fs.mkdirs(new Path(registry.rootPath, CHAMPION));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the model registry at " + root, e);
        }
        return registry;
    }

    /**
     * Opens an existing registry without creating anything (for read-only use, where a mistyped path
     * should not leave an empty registry behind).
     *
     * @throws DataException when {@code root} holds no registry
     */
    public static ModelRegistry openExisting(String root, Configuration hadoop) {
        ModelRegistry registry = connect(root, hadoop);
        try {
            if (!registry.files.fs().exists(new Path(registry.rootPath, VERSIONS))) {
                throw new DataException("no model registry at " + root + " (no " + VERSIONS + "/ folder)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model registry at " + root, e);
        }
        return registry;
    }

    private static ModelRegistry connect(String root, Configuration hadoop) {
        if (root == null || root.isBlank()) {
            throw new IllegalArgumentException("the registry path (augflow.registry.path) must be set, got \""
                    + root + "\"");
        }
        Path path = new Path(root);
        try {
            return new ModelRegistry(path.toString(), path, hadoop, path.getFileSystem(hadoop));
        } catch (IOException e) {
            throw new UncheckedIOException("no filesystem for the model registry at " + root, e);
        }
    }

    public String root() {
        return root;
    }

    /** The complete versions, oldest first. */
    public List<ModelVersion> list() {
        Optional<Integer> champion = pointers.current();
        List<ModelVersion> complete = new ArrayList<>();
        for (int v : versionNumbers()) {
            readMetadata(v).ifPresent(m -> complete.add(new ModelVersion(v, versionDir(v).toString(), m,
                    champion.isPresent() && champion.get() == v)));
        }
        return complete;
    }

    /** Numbers taken by registrations that never wrote {@code version.json} (crashed or still running). */
    public List<Integer> incomplete() {
        return versionNumbers().stream().filter(v -> readMetadata(v).isEmpty()).toList();
    }

    /** The version the champion pointer names; empty when nothing was promoted yet. */
    public Optional<ModelVersion> champion() {
        return pointers.current().map(v -> {
            VersionMetadata m = readMetadata(v).orElseThrow(() -> new DataException("the champion pointer of "
                    + root + " names " + ModelVersion.label(v) + ", which is missing or incomplete"));
            return new ModelVersion(v, versionDir(v).toString(), m, true);
        });
    }

    /** @throws IllegalArgumentException when {@code version} is not a complete version of this registry */
    public ModelVersion get(int version) {
        if (version < 1) {
            throw new IllegalArgumentException("a version number must be >= 1, got " + version);
        }
        Optional<VersionMetadata> metadata = readMetadata(version);
        if (metadata.isEmpty()) {
            boolean taken = versionNumbers().contains(version);
            throw new IllegalArgumentException("model registry " + root + (taken
                    ? " holds " + ModelVersion.label(version) + " only incomplete (no " + METADATA
                            + ": its registration did not finish)"
                    : " has no version " + ModelVersion.label(version) + " (" + describeVersions() + ")"));
        }
        boolean champion = pointers.current().map(c -> c == version).orElse(false);
        return new ModelVersion(version, versionDir(version).toString(), metadata.get(), champion);
    }

    /**
     * {@code <root>/versions/vNNNN/model.zip} of a complete version; {@code .../vNNNN/ensemble.json} when the version
     * is an ensemble.
     */
    public String modelPath(int version) {
        Path dir = new Path(get(version).path());
        Path ensemble = new Path(dir, ENSEMBLE);
        return (exists(files.fs(), ensemble) ? ensemble : new Path(dir, MODEL)).toString();
    }

    /**
     * Registers the model of a finished training run as a new version: takes the next number, copies
     * {@code model.zip} and {@code model.json} from {@code trainingOutputDir} (any Hadoop filesystem) and
     * writes {@code version.json} last. Does not promote it. An ensemble's model folder (it holds
     * {@code ensemble.json}) is copied with its {@code ensemble.json}, {@code model.json} and {@code members/}.
     */
    public ModelVersion register(String trainingOutputDir, VersionMetadata metadata) {
        if (metadata == null) {
            throw new IllegalArgumentException("metadata must be set to register a version, got null");
        }
        if (metadata.parentVersion() != null) {
            get(metadata.parentVersion());
        }
        if (!metadata.trainedFrom().equals(VersionMetadata.SCRATCH)) {
            get(ModelVersion.parse(metadata.trainedFrom()));
        }
        Path source = new Path(trainingOutputDir);
        FileSystem sourceFs = sourceFileSystem(source);
        List<String> copied = exists(sourceFs, new Path(source, ENSEMBLE))
                ? List.of(ENSEMBLE, RESULT, ENSEMBLE_MEMBERS) : List.of(MODEL, RESULT);
        for (String name : copied) {
            if (!exists(sourceFs, new Path(source, name))) {
                throw new IllegalArgumentException("training output " + trainingOutputDir + " has no " + name
                        + ": only a finished training run can be registered");
            }
        }
        int version = claimNextVersion();
        Path dir = versionDir(version);
        try {
            for (String name : copied) {
                if (!FileUtil.copy(sourceFs, new Path(source, name), files.fs(), new Path(dir, name), false, false,
                        hadoop)) {
                    throw new IOException("copy of " + new Path(source, name) + " reported failure");
                }
            }
            if (!files.createNew(new Path(dir, METADATA), RegistryJson.write(metadata))) {
                throw new IllegalStateException(new Path(dir, METADATA) + " appeared while registering "
                        + ModelVersion.label(version) + ": another process writes into this registry's versions");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot register " + trainingOutputDir + " as " + ModelVersion.label(version)
                    + " in " + root + " (the version stays incomplete and is ignored)", e);
        }
        LOG.info("registered {} as {} in {}", trainingOutputDir, ModelVersion.label(version), root);
        return new ModelVersion(version, dir.toString(), metadata, false);
    }

    /** Makes {@code version} the champion by appending a pointer. */
    public ChampionChange promote(int version, String reason) {
        get(version);
        return pointers.promote(version, reason, root).change();
    }

    /**
     * Points back to the champion before the current one (undoing promotions in order).
     *
     * @throws IllegalStateException when nothing was promoted or no earlier champion is left
     */
    public ChampionChange rollback(String reason) {
        return pointers.rollback(reason, root).change();
    }

    /** Every champion change, oldest first. */
    public List<ChampionChange> championHistory() {
        return pointers.history().stream().map(ChampionPointer::change).toList();
    }

    /** Takes the run lock, failing at once with {@link RegistryLockedException} when another holder has it. */
    public RegistryLock lock(String purpose) {
        return RegistryLock.acquire(files, new Path(rootPath, LOCK), purpose, root);
    }

    private int claimNextVersion() {
        for (int attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; attempt++) {
            List<Integer> taken = versionNumbers();
            int next = taken.isEmpty() ? 1 : taken.get(taken.size() - 1) + 1;
            try {
                if (files.createNew(new Path(versionDir(next), CLAIM),
                        RegistryJson.write(LockHolder.ofThisProcess("register")))) {
                    return next;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot claim " + ModelVersion.label(next) + " in " + root, e);
            }
        }
        throw new IllegalStateException("could not claim a version number in " + root + " after "
                + MAX_CLAIM_ATTEMPTS + " attempts");
    }

    private Optional<VersionMetadata> readMetadata(int version) {
        Path file = new Path(versionDir(version), METADATA);
        try {
            return Optional.of(RegistryJson.read(files.read(file), VersionMetadata.class));
        } catch (FileNotFoundException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("{} is unreadable; {} is treated as incomplete: {}", file, ModelVersion.label(version), e.toString());
            return Optional.empty();
        }
    }

    /** Every taken version number, complete or not, ascending. */
    private List<Integer> versionNumbers() {
        Path dir = new Path(rootPath, VERSIONS);
        try {
            if (!files.fs().exists(dir)) {
                return List.of();
            }
            List<Integer> numbers = new ArrayList<>();
            for (FileStatus s : files.fs().listStatus(dir)) {
                Matcher m = VERSION_DIR.matcher(s.getPath().getName());
                if (s.isDirectory() && m.matches()) {
                    numbers.add(Integer.parseInt(m.group(1)));
                }
            }
            numbers.sort(Comparator.naturalOrder());
            return numbers;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the versions of " + root, e);
        }
    }

    private String describeVersions() {
        List<ModelVersion> all = list();
        if (all.isEmpty()) {
            return "it holds no complete version";
        }
        return "it holds " + all.size() + " versions, " + all.get(0).label() + " to " + all.get(all.size() - 1).label();
    }

    private Path versionDir(int version) {
        return new Path(new Path(rootPath, VERSIONS), ModelVersion.label(version));
    }

    private FileSystem sourceFileSystem(Path source) {
        try {
            return source.getFileSystem(hadoop);
        } catch (IOException e) {
            throw new UncheckedIOException("no filesystem for the training output " + source, e);
        }
    }

    private static boolean exists(FileSystem fs, Path p) {
        try {
            return fs.exists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }

    @Override
    public String toString() {
        return "ModelRegistry[" + root + "]";
    }
}
