package xxftp.localfs;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A stream read ahead on a virtual thread of its own, in batches: a directory's entries are read
 * and stat'ed on one core while the listing's lines are formatted and sent on the other (the two
 * took about the same time; one after the other, a listing of 10,000 files took their sum). At
 * most {@link #BATCHES} batches wait. An error of the source reaches the reader where it stands
 * in the order; closing the stream stops the reading and then closes the source.
 */
final class Prefetched<T> extends Spliterators.AbstractSpliterator<T> {

    private static final int BATCH = 256;
    private static final int BATCHES = 4;

    /** One batch of the source, its last (an empty list), or the error that ended it. */
    private record Batch<T>(List<T> items, RuntimeException failure) {}

    private final BlockingQueue<Batch<T>> ready = new ArrayBlockingQueue<>(BATCHES);
    private final Thread reader;
    private volatile boolean closed;
    private Iterator<T> current = List.<T>of().iterator();
    private boolean ended;

    private Prefetched(Stream<T> source) {
        super(Long.MAX_VALUE, Spliterator.NONNULL | Spliterator.ORDERED);
        this.reader = Thread.ofVirtual().name("listing-read-ahead").start(() -> readAll(source));
    }

    /** {@code source} read ahead; closing the stream returned closes {@code source}, after its reader has stopped. */
    static <T> Stream<T> of(Stream<T> source) {
        Prefetched<T> prefetched = new Prefetched<>(source);
        return StreamSupport.stream(prefetched, false).onClose(prefetched::close);
    }

    private void readAll(Stream<T> source) {
        List<T> batch = new ArrayList<>(BATCH);
        try (source) {
            Iterator<T> items = source.iterator();
            while (!closed && items.hasNext()) {
                batch.add(items.next());
                if (batch.size() == BATCH) {
                    ready.put(new Batch<>(batch, null));
                    batch = new ArrayList<>(BATCH);
                }
            }
            if (!batch.isEmpty()) {
                ready.put(new Batch<>(batch, null));
                // handed over: an error of the source's close comes alone
                batch = List.of();
            }
            ready.put(new Batch<>(List.of(), null));
        } catch (InterruptedException stopped) {
            // closed while waiting for room: nobody reads on
        } catch (RuntimeException failure) {
            try {
                // what was read before the error is still the listing's
                if (!batch.isEmpty()) {
                    ready.put(new Batch<>(batch, null));
                }
                ready.put(new Batch<>(List.of(), failure));
            } catch (InterruptedException stopped) {
                // closed meanwhile: nobody to tell
            }
        }
    }

    @Override
    public boolean tryAdvance(Consumer<? super T> action) {
        while (!current.hasNext()) {
            if (ended) {
                return false;
            }
            Batch<T> batch;
            try {
                batch = ready.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while listing", e);
            }
            if (batch.failure() != null) {
                ended = true;
                throw batch.failure();
            }
            ended = batch.items().isEmpty();
            current = batch.items().iterator();
        }
        action.accept(current.next());
        return true;
    }

    /** Stops the reader (it may wait for room in the queue) and waits until it has closed the source. */
    private void close() {
        closed = true;
        reader.interrupt();
        boolean interrupted = false;
        while (true) {
            try {
                reader.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
