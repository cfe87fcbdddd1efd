package io.augflow.train.predict;

import io.augflow.augment.DataException;
import io.augflow.train.registry.ModelRegistry;
import io.augflow.train.registry.ModelVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where the {@code model.zip} of a model named on the command line is, on any Hadoop filesystem. Accepted, tried in
 * this order:
 * <ul>
 *   <li>{@code path/model.zip} (any file ending in {@code .zip}): that file;</li>
 *   <li>a training output or registry version folder holding {@code model.zip}: its {@code model.zip};</li>
 *   <li>an ensemble's model folder (holding {@code ensemble.json}, no {@code model.zip}): its {@code ensemble.json}
 *       (read it with {@code io.augflow.train.ensemble.EnsembleModel} when {@link #isEnsemble} says so);</li>
 *   <li>{@code registry:champion} or {@code registry:N} ({@code 3}, {@code v3}, {@code v0003}): the champion or that
 *       version of the model registry at {@code registry};</li>
 *   <li>a model registry folder alone: its champion.</li>
 * </ul>
 * The suffix is only split off when what precedes it is a registry, so {@code hdfs://host:8020/...} paths are safe.
 */
public final class ModelLocator {
    /** The suffix naming the registry's champion. */
    public static final String CHAMPION = "champion";
    /** The network's file in a model folder; the trainer writes it under this name. */
    public static final String MODEL_FILE = "model.zip";
    private static final String ENSEMBLE_FILE = "ensemble.json";
    private static final String REGISTRY_MARKER = "versions";
    private static final Pattern SUFFIX = Pattern.compile("^(.+):(" + CHAMPION + "|[vV]?\\d{1,9})$");

    private ModelLocator() {}

    /**
     * @throws DataException when nothing usable is at {@code spec} (a missing path, a folder without a model, a
     *                       registry without a champion, a version the registry does not hold)
     */
    public static String resolve(String spec, Configuration hadoop) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("--model must name a model folder, a model.zip or a model registry,"
                    + " got \"" + spec + "\"");
        }
        Matcher m = SUFFIX.matcher(spec.strip());
        if (m.matches() && isRegistry(m.group(1), hadoop)) {
            return fromRegistry(m.group(1), m.group(2), hadoop);
        }
        Path path = new Path(spec.strip());
        FileSystem fs = fs(path, hadoop);
        try {
            if (!fs.exists(path)) {
                throw new DataException("model " + spec + " does not exist: give a training output folder, its "
                        + MODEL_FILE + ", or a model registry (optionally :champion or :<version>)");
            }
            if (fs.getFileStatus(path).isFile()) {
                return path.toString();
            }
            Path zip = new Path(path, MODEL_FILE);
            if (fs.exists(zip)) {
                return zip.toString();
            }
            Path ensemble = new Path(path, ENSEMBLE_FILE);
            if (fs.exists(ensemble)) {
                return ensemble.toString();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + spec, e);
        }
        if (isRegistry(spec.strip(), hadoop)) {
            return fromRegistry(spec.strip(), CHAMPION, hadoop);
        }
        throw new DataException("model " + spec + " is a folder with no " + MODEL_FILE + " and not a model registry"
                + " (no " + REGISTRY_MARKER + "/ folder)");
    }

    /** True when {@code resolved} (what {@link #resolve} returned) is an ensemble's {@code ensemble.json}. */
    public static boolean isEnsemble(String resolved) {
        return new Path(resolved).getName().equals(ENSEMBLE_FILE);
    }

    private static String fromRegistry(String root, String which, Configuration hadoop) {
        ModelRegistry registry = ModelRegistry.openExisting(root, hadoop);
        if (which.equals(CHAMPION)) {
            ModelVersion champion = registry.champion().orElseThrow(() -> new DataException("model registry " + root
                    + " has no champion yet (nothing was promoted): name a version, e.g. " + root + ":1"));
            return registry.modelPath(champion.version());
        }
        try {
            return registry.modelPath(ModelVersion.parse(which));
        } catch (IllegalArgumentException e) { // a version the registry does not hold: the input is wrong
            throw new DataException(e.getMessage(), e);
        }
    }

    private static boolean isRegistry(String root, Configuration hadoop) {
        Path path = new Path(root);
        try {
            return fs(path, hadoop).exists(new Path(path, REGISTRY_MARKER));
        } catch (IOException | IllegalArgumentException e) {
            return false; // not a path this filesystem understands: not a registry
        }
    }

    private static FileSystem fs(Path path, Configuration hadoop) {
        try {
            return path.getFileSystem(hadoop);
        } catch (IOException e) {
            throw new UncheckedIOException("no filesystem for " + path, e);
        }
    }
}
