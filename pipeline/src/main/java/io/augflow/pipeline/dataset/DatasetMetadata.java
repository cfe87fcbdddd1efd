package io.augflow.pipeline.dataset;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.augflow.augment.DataException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The {@code _classes.json} that sits among a dataset's Parquet files: class names by id (the id is
 * the index) and the dataset's provenance.
 */
public record DatasetMetadata(
        @JsonProperty("format") String format,
        @JsonProperty("classes") List<String> classes,
        @JsonProperty("provenance") Map<String, Object> provenance) {

    public static final String FILE_NAME = "_classes.json";
    public static final String FORMAT = "augflow-dataset/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public DatasetMetadata {
        classes = List.copyOf(classes);
        provenance = provenance == null ? Map.of() : Map.copyOf(provenance);
    }

    public static DatasetMetadata of(List<String> classes, Map<String, Object> provenance) {
        return new DatasetMetadata(FORMAT, classes, provenance);
    }

    public int classCount() {
        return classes.size();
    }

    public void write(String datasetDir, Configuration hadoop) {
        Path path = new Path(datasetDir, FILE_NAME);
        try (FSDataOutputStream out = path.getFileSystem(hadoop).create(path, true)) {
            JSON.writeValue((java.io.OutputStream) out, this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    public static DatasetMetadata read(String datasetDir, Configuration hadoop) {
        Path path = new Path(datasetDir, FILE_NAME);
        try {
            FileSystem fs = path.getFileSystem(hadoop);
            if (!fs.exists(path.getParent())) {
                throw new DataException("dataset " + datasetDir + " does not exist");
            }
            if (!fs.exists(path)) {
                throw new DataException(datasetDir + " has no " + FILE_NAME + ": is it an augflow dataset?");
            }
            try (FSDataInputStream in = fs.open(path)) {
                return JSON.readValue((java.io.InputStream) in, DatasetMetadata.class);
            }
        } catch (JsonProcessingException e) {
            throw new DataException(path + " is not a valid " + FILE_NAME + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new DataException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
