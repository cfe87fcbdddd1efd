package io.augflow.train.feed;

import java.io.InputStream;
import org.nd4j.common.loader.Source;

/** A {@link Source} that only names an encoded shard slice: augflow's loaders never open it as a file. */
public record SlicePath(String path) implements Source {
    @Override
    public InputStream getInputStream() {
        throw new UnsupportedOperationException("augflow shard slices are not files: " + path);
    }

    @Override
    public String getPath() {
        return path;
    }
}
