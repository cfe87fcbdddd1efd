package io.augflow.train.predict;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.augflow.augment.DataException;
import io.augflow.pipeline.dataset.DatasetMetadata;
import io.augflow.pipeline.dataset.DatasetSchema;
import io.augflow.pipeline.ingest.UnlabelledImageFolder;
import io.augflow.pipeline.ingest.Validation;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * What a prediction run reads, as rows of {@code id, source, image, channels, reason, detail} (reason null for an
 * image to predict). An augflow dataset (a folder with {@code _classes.json}) gives every row of every split, as
 * stored; any other folder is read as an image folder by ingest's own checks ({@link UnlabelledImageFolder}), its bad
 * files arriving here already with their quarantine reason.
 */
public final class PredictInput {
    public static final String ID = DatasetSchema.ID;
    public static final String SOURCE = DatasetSchema.SOURCE;
    public static final String IMAGE = DatasetSchema.IMAGE;
    public static final String CHANNELS = DatasetSchema.CHANNELS;

    private PredictInput() {}

    /** The rows at {@code path}. */
    public static Dataset<Row> read(SparkSession spark, String path, PredictConf conf) {
        if (isDataset(spark, path)) {
            return spark.read().parquet(path).select(col(ID), col(SOURCE), col(IMAGE), col(CHANNELS),
                    lit(null).cast(DataTypes.StringType).as(Validation.REASON),
                    lit(null).cast(DataTypes.StringType).as(Validation.DETAIL));
        }
        return UnlabelledImageFolder.read(spark, path, conf.maxPixels(), conf.partitions())
                .select(ID, SOURCE, IMAGE, CHANNELS, Validation.REASON, Validation.DETAIL);
    }

    /** True when {@code path} is an augflow dataset (it holds {@link DatasetMetadata#FILE_NAME}). */
    public static boolean isDataset(SparkSession spark, String path) {
        Path p = new Path(path);
        try {
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(p)) {
                throw new DataException("input " + path + " does not exist: give an augflow dataset or a folder of"
                        + " images");
            }
            return fs.exists(new Path(p, DatasetMetadata.FILE_NAME));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
