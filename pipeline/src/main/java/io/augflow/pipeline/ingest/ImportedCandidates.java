package io.augflow.pipeline.ingest;

import io.augflow.augment.DataException;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** What an importer hands to validation: the (lazy) candidate rows, the class names by id and the layout used. */
public record ImportedCandidates(Dataset<Row> candidates, List<String> classes, IngestLayout layout) {
    public ImportedCandidates {
        classes = List.copyOf(classes);
        if (classes.isEmpty()) {
            throw new DataException(layout.configName() + " input has no classes");
        }
    }
}
