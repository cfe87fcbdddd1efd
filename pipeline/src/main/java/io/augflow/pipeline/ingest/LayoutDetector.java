package io.augflow.pipeline.ingest;

import io.augflow.augment.DataException;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.sql.SparkSession;

/**
 * Picks the layout of an input from its top-level listing (driver side, no file contents): a JSON file or a
 * folder with one (or {@code annotations/*.json}) is COCO; IDX image files mean IDX; {@code images/} beside
 * {@code labels/}, {@code classes.txt} or {@code data.yaml} means YOLO; sub-folders mean image-folder.
 */
public final class LayoutDetector {
    private LayoutDetector() {}

    public static IngestLayout detect(SparkSession spark, String input) {
        if (!InputFiles.isDirectory(spark, input)) {
            if (input.endsWith(".json")) {
                return IngestLayout.COCO;
            }
            throw new DataException("cannot detect the layout of the file " + input
                    + ": only a COCO .json may be given as a file; set layout explicitly");
        }
        List<FileStatus> children = InputFiles.children(spark, input);
        List<String> files = children.stream().filter(FileStatus::isFile).map(s -> s.getPath().getName()).toList();
        List<String> dirs = children.stream().filter(FileStatus::isDirectory).map(s -> s.getPath().getName()).toList();
        if (files.stream().anyMatch(f -> IdxImporter.IMAGES.matcher(f).matches())) {
            return IngestLayout.IDX;
        }
        if (dirs.contains("images") && (dirs.contains("labels") || files.contains("classes.txt")
                || files.contains("data.yaml") || files.contains("data.yml"))) {
            return IngestLayout.YOLO;
        }
        if (files.stream().anyMatch(f -> f.endsWith(".json")) || dirs.contains("annotations")) {
            return IngestLayout.COCO;
        }
        if (!dirs.isEmpty()) {
            return IngestLayout.IMAGE_FOLDER;
        }
        throw new DataException("cannot detect the layout of " + input + " (files " + files
                + ", no sub-folders); expected class folders, IDX files, images/ + labels/ or a COCO JSON");
    }

    static Importer importer(IngestLayout layout) {
        return switch (layout) {
            case IMAGE_FOLDER -> new ImageFolderImporter();
            case IDX -> new IdxImporter();
            case YOLO -> new YoloImporter();
            case COCO -> new CocoImporter();
            case AUTO -> throw new IllegalArgumentException("detect the layout first");
        };
    }
}
