package io.augflow.pipeline.ingest;

import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A folder of images with no labels (what {@code predict} reads), checked exactly as ingest checks an image folder:
 * every non-hidden file under the root becomes a candidate whose id is its path under the root without its
 * extension, and goes through the same {@link CandidateValidator} (header, EXIF orientation, truncation, decode,
 * {@code max-pixels}) and duplicate-id rule. Valid rows carry the stored bytes ingest would keep (upright PNG or
 * JPEG) and their {@code channels}; the others carry the quarantine reason and detail.
 *
 * <p>Rows in {@link Validation#SCHEMA}: {@code id}, {@code source}, {@code image}, {@code channels},
 * {@code reason}, {@code detail} are the columns that matter; {@code reason} is null for a valid row.
 */
public final class UnlabelledImageFolder {
    /** Unlabelled rows still need a split for the validator's row format: they are all "test". */
    private static final RowSplit SPLIT = RowSplit.fromLayout("test");

    private UnlabelledImageFolder() {}

    /**
     * @param maxPixels   images whose header claims more pixels are quarantined TOO_LARGE before decoding
     * @param partitions  read tasks; 0 = sized by the files' bytes
     * @throws io.augflow.augment.DataException when {@code folder} does not exist
     */
    public static Dataset<Row> read(SparkSession spark, String folder, long maxPixels, int partitions) {
        if (!InputFiles.isDirectory(spark, folder)) { // a missing folder is a DataException from here too
            throw new io.augflow.augment.DataException("input " + folder + " is a file, not an image folder");
        }
        String rootPath = InputFiles.pathPart(folder);
        MapPartitionsFunction<Row, Row> toCandidates = files -> LazyRows.map(files,
                f -> candidate(rootPath, f.getString(0), (byte[]) f.get(1)).toRow());
        Dataset<Row> candidates = InputFiles.binaryFiles(spark, folder, partitions)
                .mapPartitions(toCandidates, Encoders.row(Candidate.SCHEMA));
        // one class: the validator checks labels and boxes against the class count, and these rows have neither
        CandidateValidator validator = new CandidateValidator(maxPixels, false, 1.0, 1);
        return ValidationStage.markDuplicates(ValidationStage.validate(candidates, validator));
    }

    static Candidate candidate(String root, String path, byte[] bytes) {
        String id = InputFiles.stripExtension(InputFiles.relative(root, path));
        if (bytes == null) {
            return Candidate.rejected(id, path, SPLIT, QuarantineReason.MISSING_FILE,
                    "the file was gone by the time it was read");
        }
        return Candidate.of(id, path, SPLIT, null, List.of(), RawBox.Units.PIXELS_XYWH, bytes, 0);
    }
}
