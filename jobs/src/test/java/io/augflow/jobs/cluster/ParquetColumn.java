package io.augflow.jobs.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;

/**
 * Reads one string column of a Parquet folder written by Spark, with the Parquet library alone: the test JVM only
 * checks what the cluster wrote, and a local Spark session would cost it more time than the reading.
 */
final class ParquetColumn {
    private ParquetColumn() {}

    /** Every value of {@code column} in the folder's part files, {@code null} for a null. */
    static List<String> strings(Path dir, String column) {
        List<String> values = new ArrayList<>();
        Configuration hadoop = new Configuration();
        try (var files = Files.list(dir)) {
            for (Path part : files.filter(f -> f.getFileName().toString().startsWith("part-")
                    && f.getFileName().toString().endsWith(".parquet")).sorted().toList()) {
                org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(part.toUri());
                MessageType schema;
                try (ParquetFileReader footer = ParquetFileReader.open(HadoopInputFile.fromPath(path, hadoop))) {
                    schema = footer.getFooter().getFileMetaData().getSchema();
                }
                Configuration projected = new Configuration(hadoop);
                projected.set(ReadSupport.PARQUET_READ_SCHEMA, new MessageType(schema.getName(),
                        schema.getType(column)).toString());
                try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), path)
                        .withConf(projected).build()) {
                    for (Group row = reader.read(); row != null; row = reader.read()) {
                        values.add(row.getFieldRepetitionCount(0) == 0 ? null : row.getString(0, 0));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read column " + column + " of " + dir, e);
        }
        return values;
    }
}
