package io.augflow.pipeline.ingest;

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
public final class ImageFolderImporter implements Importer {
    private static final Logger LOG = LoggerFactory.getLogger(ImageFolderImporter.class);

    @Override
    public ImportedCandidates load(SparkSession spark, IngestConf conf) {
        String root = conf.input();
        List<String> top = InputFiles.childDirNames(spark, root);
        boolean splitFolders = !top.isEmpty() && DatasetSchema.SPLITS.containsAll(top);
        List<String> classes = conf.classes();
        if (classes.isEmpty()) {
            TreeSet<String> found = new TreeSet<>();
            if (splitFolders) {
                for (String split : top) {
                    found.addAll(InputFiles.childDirNames(spark, root + "/" + split));
                }
            } else {
                found.addAll(top);
            }
            classes = List.copyOf(found);
        }
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("image-folder input " + root + " has no class folders");
        }
        LOG.info("image-folder {}: {} classes {}{}", root, classes.size(), classes,
                splitFolders ? ", split folders " + top : ", split " + conf.defaultSplit());
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            ids.put(classes.get(i), i);
        }
        Map<String, Integer> classIds = Map.copyOf(ids);
        String defaultSplit = conf.defaultSplit();
        String rootPath = InputFiles.pathPart(root);
        MapPartitionsFunction<Row, Row> toCandidates = files -> LazyRows.map(files, f -> candidate(rootPath,
                f.getString(0), (byte[]) f.get(1), splitFolders, defaultSplit, classIds).toRow());
        var candidates = InputFiles.binaryFiles(spark, root, conf.partitions())
                .mapPartitions(toCandidates, Encoders.row(Candidate.SCHEMA));
        return new ImportedCandidates(candidates, classes, IngestLayout.IMAGE_FOLDER);
    }

    static Candidate candidate(String root, String path, byte[] bytes, boolean splitFolders, String defaultSplit,
            Map<String, Integer> classIds) {
        String rel = InputFiles.relative(root, path);
        String id = InputFiles.stripExtension(rel);
        String[] parts = rel.split("/");
        int classAt = splitFolders ? 1 : 0;
        String split = splitFolders ? parts[0] : defaultSplit;
        if (parts.length < classAt + 2) {
            return Candidate.rejected(id, path, split, QuarantineReason.UNKNOWN_LABEL,
                    "file is not inside a class folder");
        }
        Integer label = classIds.get(parts[classAt]);
        if (label == null) {
            return Candidate.rejected(id, path, split, QuarantineReason.UNKNOWN_LABEL,
                    "folder '" + parts[classAt] + "' is not one of the classes " + new TreeSet<>(classIds.keySet()));
        }
        return new Candidate(id, path, split, label, List.of(), RawBox.Units.PIXELS_XYWH, bytes, 0, null, null);
    }
}
