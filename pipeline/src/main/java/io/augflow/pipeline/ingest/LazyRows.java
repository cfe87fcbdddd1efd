package io.augflow.pipeline.ingest;

import java.util.Iterator;
import java.util.function.Function;

/** Maps a partition's iterator one row at a time, so a partition's images are never all in memory at once. */
final class LazyRows {
    private LazyRows() {}

    static <A, B> Iterator<B> map(Iterator<A> in, Function<A, B> f) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return in.hasNext();
            }

            @Override
            public B next() {
                return f.apply(in.next());
            }
        };
    }
}
