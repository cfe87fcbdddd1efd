package io.augflow.train.feed;

import io.augflow.augment.DataException;
import io.augflow.augment.Sample;
import io.augflow.pipeline.stream.EpochStream;
import io.augflow.pipeline.stream.ShardSlice;
import io.augflow.pipeline.stream.StreamCounters;
import java.util.List;
import org.apache.spark.util.SerializableConfiguration;
import org.deeplearning4j.core.loader.DataSetLoader;
import org.nd4j.common.loader.Source;
import org.nd4j.linalg.dataset.DataSet;

/**
 * DL4J's hook into the stream: the "path" DL4J hands over is an encoded {@link ShardSlice}, and loading
 * it reads, augments and encodes ({@link BatchEncoder}) that slice for one epoch. The {@link Source}'s stream is never opened.
 * DL4J re-batches what this returns to {@code batchSizePerWorker}.
 */
public final class AugmentedShardLoader implements DataSetLoader {
    private static final long serialVersionUID = 1L;

    private final EpochStream stream;
    private final int epoch;
    private final BatchEncoder encoder;
    private final SerializableConfiguration hadoop;
    private final StreamCounters counters;

    public AugmentedShardLoader(EpochStream stream, int epoch, BatchEncoder encoder, SerializableConfiguration hadoop,
            StreamCounters counters) {
        this.stream = stream;
        this.epoch = epoch;
        this.encoder = encoder;
        this.hadoop = hadoop;
        this.counters = counters;
    }

    @Override
    public DataSet load(Source source) {
        ExecutorBackend.ensureTuned();
        ShardSlice slice = ShardSlice.parse(source.getPath());
        List<Sample> samples = stream.samples(slice, epoch, hadoop.value(), counters);
        if (samples.isEmpty()) {
            // EpochShards drops slices that yield nothing; reaching this means the data changed under us.
            throw new DataException("shard " + source.getPath() + " yields no sample in epoch " + epoch
                    + " although the epoch's plan counted some");
        }
        return encoder.encode(samples);
    }
}
