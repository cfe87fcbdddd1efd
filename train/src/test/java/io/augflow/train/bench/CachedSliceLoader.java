package io.augflow.train.bench;

import java.util.Map;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.core.loader.DataSetLoader;
import org.nd4j.common.loader.Source;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A loader for augflow's averaging workers that hands out pre-built {@code DataSet}s instead of reading a slice:
 * the "path" is the slice's key in a broadcast map. On a local master the executors read the driver's own map (a
 * broadcast's value is not copied within its JVM), so a load is a lookup; elsewhere each executor deserialises the
 * map once. Counts the samples it hands out, so a bench can check that every sample was trained on.
 */
final class CachedSliceLoader implements DataSetLoader {
    private static final long serialVersionUID = 1L;

    private final Broadcast<? extends Map<String, DataSet>> slices;
    private final LongAccumulator served;

    CachedSliceLoader(Broadcast<? extends Map<String, DataSet>> slices, LongAccumulator served) {
        this.slices = slices;
        this.served = served;
    }

    @Override
    public DataSet load(Source source) {
        DataSet ds = slices.value().get(source.getPath());
        if (ds == null) {
            throw new IllegalStateException("no in-memory DataSet for slice " + source.getPath());
        }
        served.add(ds.numExamples());
        return ds;
    }
}
