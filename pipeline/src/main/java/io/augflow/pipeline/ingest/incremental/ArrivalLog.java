package io.augflow.pipeline.ingest.incremental;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.read.streaming.Offset;
import org.apache.spark.sql.execution.streaming.FileStreamSource;
import org.apache.spark.sql.execution.streaming.FileStreamSourceLog;
import org.apache.spark.sql.execution.streaming.OffsetSeq;
import org.apache.spark.sql.execution.streaming.OffsetSeqLog;
import scala.Option;
import scala.Tuple2;

/**
 * Which landed files Spark's file source assigned to a streaming batch, read from the query's checkpoint: the
 * batch's source offsets ({@code offsets/<id>} and the previous batch's) and the file source's own log
 * ({@code sources/0}), the same lookup the source makes to build the batch's DataFrame.
 *
 * <p>Why not the batch's DataFrame: its scan skips zero-byte files (Spark's file index keeps only files with
 * length &gt; 0), so an empty landed file would vanish without a row. The source's log lists every file it took,
 * empty ones too; reading those files ourselves gives each one a row, and so a verdict.
 *
 * <p>This reads Spark-internal checkpoint classes (stable across the 3.x line; the tests run it against the
 * pinned version).
 */
final class ArrivalLog {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ArrivalLog() {}

    /** The batch's files as qualified paths (as {@code FileStatus.getPath().toString()} gives them), in log order. */
    static List<String> filesOf(SparkSession spark, String checkpoint, long batchId) {
        OffsetSeqLog offsets = new OffsetSeqLog(spark, new Path(checkpoint, "offsets").toString());
        long end = logOffset(offsets, batchId).orElseThrow(() -> new IllegalStateException("checkpoint " + checkpoint
                + " has no file-source offset for batch " + batchId));
        long start = batchId == 0 ? -1 : logOffset(offsets, batchId - 1).orElse(-1L);
        FileStreamSourceLog sourceLog = new FileStreamSourceLog(FileStreamSourceLog.VERSION(), spark,
                new Path(checkpoint, "sources/0").toString());
        List<String> files = new ArrayList<>();
        if (end <= start) {
            return files;
        }
        Tuple2<Object, FileStreamSource.FileEntry[]>[] batches = sourceLog.get(Option.<Object>apply(start + 1),
                Option.<Object>apply(end));
        for (Tuple2<Object, FileStreamSource.FileEntry[]> b : batches) {
            for (FileStreamSource.FileEntry e : b._2()) {
                files.add(e.sparkPath().toPath().toString());
            }
        }
        return files;
    }

    private static Optional<Long> logOffset(OffsetSeqLog log, long batchId) {
        Option<OffsetSeq> seq = log.get(batchId);
        if (seq.isEmpty() || seq.get().offsets().isEmpty() || seq.get().offsets().head().isEmpty()) {
            return Optional.empty();
        }
        Offset offset = seq.get().offsets().head().get();
        try {
            return Optional.of(JSON.readTree(offset.json()).path("logOffset").asLong());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the file-source offset " + offset.json(), e);
        }
    }

    /**
     * The streaming query's id, kept in the checkpoint's {@code metadata} file from its first start on; empty for a
     * checkpoint that has not been started yet.
     */
    static Optional<String> queryId(String checkpoint, Configuration hadoop) {
        Path metadata = new Path(checkpoint, "metadata");
        try {
            FileSystem fs = metadata.getFileSystem(hadoop);
            if (!fs.exists(metadata)) {
                return Optional.empty();
            }
            try (InputStream in = fs.open(metadata)) {
                JsonNode id = JSON.readTree(in).path("id");
                if (!id.isTextual()) {
                    throw new IllegalStateException(metadata + " holds no query id; is " + checkpoint
                            + " a streaming checkpoint?");
                }
                return Optional.of(id.asText());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + metadata, e);
        }
    }
}
