package io.augflow.train.averaging;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Loads up to {@code depth} items ahead of the consumer on a background thread (decoding and augmenting the next
 * minibatches while the current one is fitted), and, unlike DL4J's {@code AsyncDataSetIterator}, never leaves the
 * consumer waiting for an item that will not come: an exception of the loader ends the queue and is rethrown by
 * {@link #next()} in the consumer's thread, and a loader thread that dies any other way is noticed within
 * {@link #LIVENESS_CHECK_MILLIS}. With {@code depth = 0} items are loaded on the consumer's thread.
 *
 * <p>Not thread-safe on the consumer side: one consumer per instance. {@link #close()} stops the loader (it is
 * interrupted and its queue is dropped); the consumer's thread being interrupted (Spark killing the task) does too.
 */
public final class Prefetcher<T> implements Iterator<T>, AutoCloseable {
    /** How often a waiting consumer checks that the loader thread is still alive. */
    static final long LIVENESS_CHECK_MILLIS = 500;

    private final Iterator<T> source;
    private final Runnable threadSetup;
    private final BlockingQueue<Object> queue;
    private final Thread loader;
    private volatile boolean closed;
    private Object next;
    private boolean ended;

    /** Marks the end of the source in the queue. */
    private static final Object END = new Object();

    /** A loader failure travelling through the queue. */
    private record Failure(Throwable error) {}

    public Prefetcher(Iterator<T> source, int depth, String name) {
        this(source, depth, name, () -> { });
    }

    /**
     * @param threadSetup run first on the loader thread (with {@code depth = 0}: not at all, the consumer's thread
     *                    loads), e.g. to bind it to the consumer's ND4J device; a failure of it is passed on as a
     *                    loader failure
     */
    public Prefetcher(Iterator<T> source, int depth, String name, Runnable threadSetup) {
        if (depth < 0) {
            throw new IllegalArgumentException("prefetch depth must be >= 0, got " + depth);
        }
        this.source = source;
        this.threadSetup = threadSetup;
        if (depth == 0) {
            this.queue = null;
            this.loader = null;
            return;
        }
        this.queue = new ArrayBlockingQueue<>(depth + 1); // + 1: room for END or a failure behind full batches
        this.loader = new Thread(this::load, name);
        this.loader.setDaemon(true);
        this.loader.start();
    }

    private void load() {
        try {
            threadSetup.run();
            while (!closed && source.hasNext()) {
                put(source.next());
            }
            put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closed: the consumer is gone
        } catch (Throwable t) {
            try {
                put(new Failure(t));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void put(Object item) throws InterruptedException {
        while (!closed) {
            if (queue.offer(item, LIVENESS_CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
                return;
            }
        }
    }

    @Override
    public boolean hasNext() {
        if (ended) {
            return false;
        }
        if (next == null) {
            next = take();
        }
        if (next == END) {
            ended = true;
            return false;
        }
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Object item = next;
        next = null;
        return (T) item;
    }

    private Object take() {
        if (queue == null) {
            return source.hasNext() ? source.next() : END;
        }
        try {
            while (true) {
                Object item = queue.poll(LIVENESS_CHECK_MILLIS, TimeUnit.MILLISECONDS);
                if (item instanceof Failure failure) {
                    ended = true;
                    throw rethrowable(failure.error());
                }
                if (item != null) {
                    return item;
                }
                if (!loader.isAlive() && queue.isEmpty()) {
                    ended = true;
                    throw new IllegalStateException("the prefetch thread " + loader.getName()
                            + " ended without passing on a result or an error");
                }
            }
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the next minibatch", e);
        }
    }

    private static RuntimeException rethrowable(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t.getMessage(), t);
    }

    @Override
    public void close() {
        closed = true;
        if (loader != null) {
            loader.interrupt();
            queue.clear();
        }
    }
}
