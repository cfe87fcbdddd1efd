package io.augflow.pipeline.stream;

import java.io.Serializable;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * What the stream did, counted with Spark accumulators so the driver sees the executors' totals: rows
 * read from Parquet, rows decoded, samples emitted (after repeats). Lets a test check that an epoch
 * decodes exactly the rows its plan names, and no more.
 */
public final class StreamCounters implements Serializable {
    /** Counts nothing: for callers outside Spark. */
    public static final StreamCounters NONE = new StreamCounters(null, null, null);

    private final LongAccumulator read;
    private final LongAccumulator decoded;
    private final LongAccumulator emitted;

    private StreamCounters(LongAccumulator read, LongAccumulator decoded, LongAccumulator emitted) {
        this.read = read;
        this.decoded = decoded;
        this.emitted = emitted;
    }

    public static StreamCounters register(SparkContext sc, String name) {
        return new StreamCounters(sc.longAccumulator(name + ".rowsRead"), sc.longAccumulator(name + ".rowsDecoded"),
                sc.longAccumulator(name + ".samplesEmitted"));
    }

    void rowsRead(long n) {
        if (read != null) {
            read.add(n);
        }
    }

    void rowsDecoded(long n) {
        if (decoded != null) {
            decoded.add(n);
        }
    }

    void samplesEmitted(long n) {
        if (emitted != null) {
            emitted.add(n);
        }
    }

    public long rowsRead() {
        return read == null ? 0 : read.value();
    }

    public long rowsDecoded() {
        return decoded == null ? 0 : decoded.value();
    }

    public long samplesEmitted() {
        return emitted == null ? 0 : emitted.value();
    }
}
