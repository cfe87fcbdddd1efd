package io.augflow.jobs.report;

import io.augflow.jobs.report.ReportModel.SampleTile;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Where the report's sample grid comes from: the hook through which another renderer (e.g. a grid of
 * augmented samples from the preview command) replaces the default {@link OriginalSamplesGrid}.
 * Implementations collect only the few rows they draw, never the dataset.
 */
@FunctionalInterface
public interface SampleGridSource {
    /**
     * Tiles for the grid.
     *
     * @param rows the rows the report counts (dataset schema)
     * @param request how many rows to draw, and the context to draw them with
     */
    List<SampleTile> tiles(Dataset<Row> rows, Request request);

    /**
     * @param count rows to draw (0 = none)
     * @param seed which rows are picked, and the draws of any augmentation
     * @param smallArea box area below which an object is small
     * @param classNames names by class id, for captions
     */
    record Request(int count, long seed, double smallArea, List<String> classNames) {
        public Request {
            classNames = List.copyOf(classNames);
        }
    }
}
