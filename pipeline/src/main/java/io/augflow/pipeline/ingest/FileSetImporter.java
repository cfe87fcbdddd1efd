package io.augflow.pipeline.ingest;

import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * An importer that can also take a given set of newly arrived files instead of a whole folder, for incremental
 * ingest. The rows it builds are the ones its folder import builds for the same files (same ids, splits, boxes and
 * preset reasons), so a file gets the same verdict whichever way it is ingested.
 *
 * <p>Each layout names its <em>arrival files</em>: the files whose arrival makes rows (image files; COCO's
 * annotation JSONs). Everything else a row needs (a YOLO label file, the images a COCO JSON names) is read when its
 * arrival file is processed, so it must have landed before (or with) that file.
 */
public interface FileSetImporter {
    /** The folder watched for arrival files, under {@code conf.input()}. */
    String arrivalFolder(IngestConf conf);

    /** The file-name glob arrival files match ({@code *} for any). */
    default String arrivalGlob() {
        return "*";
    }

    /**
     * The class names of a new dataset created from these first files: the {@code classes} option when set, else
     * what the layout says (class folders, {@code classes.txt}/{@code data.yaml}, the first JSON's categories).
     */
    List<String> classNames(SparkSession spark, IngestConf conf, List<String> arrivals);

    /**
     * Candidate rows for exactly these arrival files (qualified paths under {@link #arrivalFolder}), with the class
     * list fixed (a name it does not hold is UNKNOWN_LABEL). Metadata is read on the driver; image bytes on the
     * executors.
     */
    FileSetCandidates loadFiles(SparkSession spark, IngestConf conf, List<String> arrivals, List<String> classes);

    /**
     * @param imported the lazy candidate rows
     * @param rowsIn how many rows they must be, known on the driver (one per image file; one per COCO images entry
     *     and per unreadable JSON), so the caller can check that no row was lost or doubled on the way
     */
    record FileSetCandidates(ImportedCandidates imported, long rowsIn) {}
}
