package io.augflow.pipeline.ingest;

import io.augflow.augment.DataException;
import io.augflow.pipeline.dataset.DatasetSchema;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classification folders: {@code root/<class>/<image>}, or {@code root/<split>/<class>/<image>} when the top
 * folders are exactly train/val/test names. Class ids are the sorted class folder names (or the {@code classes}
 * option; other folders are then UNKNOWN_LABEL). Row ids are the path under root without its extension, so
 * {@code cat/001.png} and {@code cat/001.jpg} collide and one is quarantined as DUPLICATE_ID. Files not inside
 * a class folder are quarantined as UNKNOWN_LABEL rather than skipped.
 */
public final class ImageFolderImporter implements Importer, FileSetImporter {
    private static final Logger LOG = LoggerFactory.getLogger(ImageFolderImporter.class);

    @Override
    public ImportedCandidates load(SparkSession spark, IngestConf conf) {
        String root = conf.input();
        boolean splitFolders = hasSplitFolders(spark, root);
        List<String> classes = classNames(spark, conf, List.of());
        LOG.info("image-folder {}: {} classes {}{}", root, classes.size(), classes,
                splitFolders ? ", split folders " + InputFiles.childDirNames(spark, root) : ", " + describe(conf));
        Map<String, Integer> classIds = classIds(classes);
        SplitAssigner unsplit = conf.unsplitRows();
        String rootPath = InputFiles.pathPart(root);
        MapPartitionsFunction<Row, Row> toCandidates = files -> LazyRows.map(files, f -> candidate(rootPath,
                f.getString(0), (byte[]) f.get(1), splitFolders, unsplit, classIds).toRow());
        var candidates = InputFiles.binaryFiles(spark, root, conf.partitions())
                .mapPartitions(toCandidates, Encoders.row(Candidate.SCHEMA));
        return new ImportedCandidates(candidates, classes, IngestLayout.IMAGE_FOLDER);
    }

    /** The whole landing folder is watched: every file is an image (or is quarantined as one). */
    @Override
    public String arrivalFolder(IngestConf conf) {
        return conf.input();
    }

    /** The {@code classes} option, else the class folder names under the root (under its split folders), sorted. */
    @Override
    public List<String> classNames(SparkSession spark, IngestConf conf, List<String> arrivals) {
        if (!conf.classes().isEmpty()) {
            return conf.classes();
        }
        String root = conf.input();
        TreeSet<String> found = new TreeSet<>();
        if (hasSplitFolders(spark, root)) {
            for (String split : InputFiles.childDirNames(spark, root)) {
                found.addAll(InputFiles.childDirNames(spark, root + "/" + split));
            }
        } else {
            found.addAll(InputFiles.childDirNames(spark, root));
        }
        if (found.isEmpty()) {
            throw new DataException("image-folder input " + root + " has no class folders");
        }
        return List.copyOf(found);
    }

    /**
     * Whether a file sits under a split folder is decided per file here (its first folder is train/val/test, is not
     * a class name, and holds a class folder), not from the whole root as {@link #load} does, because a landing
     * folder's top level changes between runs. For a root whose top folders are all split names both agree.
     */
    @Override
    public FileSetCandidates loadFiles(SparkSession spark, IngestConf conf, List<String> arrivals,
            List<String> classes) {
        Map<String, Integer> classIds = classIds(classes);
        SplitAssigner unsplit = conf.unsplitRows();
        String rootPath = InputFiles.pathPart(conf.input());
        MapPartitionsFunction<Row, Row> toCandidates = files -> LazyRows.map(files, f -> {
            String[] parts = InputFiles.relative(rootPath, f.getString(0)).split("/");
            boolean splitFolder = parts.length >= 3 && DatasetSchema.SPLITS.contains(parts[0])
                    && !classIds.containsKey(parts[0]);
            return candidate(rootPath, f.getString(0), (byte[]) f.get(1), splitFolder, unsplit, classIds).toRow();
        });
        var candidates = InputFiles.readFiles(spark, arrivals, InputFiles.totalBytes(spark, arrivals), conf.partitions())
                .mapPartitions(toCandidates, Encoders.row(Candidate.SCHEMA));
        return new FileSetCandidates(new ImportedCandidates(candidates, classes, IngestLayout.IMAGE_FOLDER),
                arrivals.size());
    }

    private static boolean hasSplitFolders(SparkSession spark, String root) {
        List<String> top = InputFiles.childDirNames(spark, root);
        return !top.isEmpty() && DatasetSchema.SPLITS.containsAll(top);
    }

    private static Map<String, Integer> classIds(List<String> classes) {
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            ids.put(classes.get(i), i);
        }
        return Map.copyOf(ids);
    }

    /** The split rows get when the layout names none, for the log. */
    static String describe(IngestConf conf) {
        return conf.split().isEmpty() ? "split " + conf.defaultSplit()
                : "split " + conf.split() + " (seed " + conf.splitSeed() + ")";
    }

    /**
     * @param bytes the file's content, null when it was gone by the time it was read (MISSING_FILE)
     * @param unsplit the split of a file outside split folders
     */
    static Candidate candidate(String root, String path, byte[] bytes, boolean splitFolders, SplitAssigner unsplit,
            Map<String, Integer> classIds) {
        String rel = InputFiles.relative(root, path);
        String id = InputFiles.stripExtension(rel);
        String[] parts = rel.split("/");
        int classAt = splitFolders ? 1 : 0;
        RowSplit split = splitFolders ? RowSplit.fromLayout(parts[0]) : unsplit.of(id);
        if (bytes == null) {
            return Candidate.rejected(id, path, split, QuarantineReason.MISSING_FILE,
                    "the file was gone by the time it was read");
        }
        if (parts.length < classAt + 2) {
            return Candidate.rejected(id, path, split, QuarantineReason.UNKNOWN_LABEL,
                    "file is not inside a class folder");
        }
        Integer label = classIds.get(parts[classAt]);
        if (label == null) {
            return Candidate.rejected(id, path, split, QuarantineReason.UNKNOWN_LABEL,
                    "folder '" + parts[classAt] + "' is not one of the classes " + new TreeSet<>(classIds.keySet()));
        }
        return Candidate.of(id, path, split, label, List.of(), RawBox.Units.PIXELS_XYWH, bytes, 0);
    }
}
