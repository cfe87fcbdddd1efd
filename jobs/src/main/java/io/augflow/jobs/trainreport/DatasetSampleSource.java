package io.augflow.jobs.trainreport;

import static org.apache.spark.sql.functions.col;

import io.augflow.augment.OpenCv;
import io.augflow.augment.Sample;
import io.augflow.pipeline.dataset.DatasetReader;
import io.augflow.pipeline.dataset.DatasetSchema;
import io.augflow.pipeline.dataset.SampleRows;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The samples of an augflow dataset, read through Spark: only the rows whose id is asked for are collected (the
 * filter on {@code id} runs on the executors, and Parquet can skip row groups by it), then decoded on the driver.
 */
final class DatasetSampleSource implements SampleSource {
    private final SparkSession spark;
    private final String datasetPath;

    DatasetSampleSource(SparkSession spark, String datasetPath) {
        this.spark = spark;
        this.datasetPath = datasetPath;
    }

    @Override
    public Map<String, Sample> samples(Set<String> ids) {
        Map<String, Sample> found = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        OpenCv.load();
        for (Row row : DatasetReader.read(spark, datasetPath).filter(col(DatasetSchema.ID).isin(ids.toArray()))
                .collectAsList()) {
            Sample sample = SampleRows.decode(row);
            found.putIfAbsent(sample.id(), sample); // a duplicated id shows one of its rows
        }
        return found;
    }

    @Override
    public String toString() {
        return "dataset " + datasetPath;
    }
}
