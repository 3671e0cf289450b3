package xxftp.s3;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import xxftp.domain.model.Failure;

/**
 * A large object read ahead: the bytes from an offset to the end as parts, up to
 * {@code parallelism} of them fetched at once by ranged GETs into buffers, and handed over in
 * order. One connection to S3 carries far less than a region does, so a single GET would
 * leave most of it unused.
 * <ul>
 * <li>The first part comes from the GET that found the object large. Every later GET asks
 * If-Match its ETag, so a download never mixes two versions: an object replaced meanwhile
 * fails the read with ChangedMeanwhile.
 * <li>Buffers come from the process's download budget, without waiting: when it has no room,
 * fewer parts are read ahead, and a part with no buffer is read straight from its own GET, so
 * a download never waits for memory.
 * <li>Closing early aborts the GETs on their way; their buffers go back to the budget when
 * their requests have ended.
 * </ul>
 */
final class S3ReadAhead implements ReadableByteChannel {

    private final S3Bucket bucket;
    private final String objectKey;
    private final String etag;
    private final long end;
    private final int partBytes;
    private final int parallelism;
    private final S3Budget budget;
    private final ArrayDeque<Part> ahead = new ArrayDeque<>();
    /** For the parts read straight from their GETs, one after another. */
    private final S3BodyReader reader = new S3BodyReader();
    private Part current;
    /** The next byte handed over. */
    private long position;
    /** Where the first part neither read nor on its way begins. */
    private long nextStart;
    private boolean open = true;

    private S3ReadAhead(S3Bucket bucket, String objectKey, ResponseInputStream<GetObjectResponse> first, long offset,
                        S3Transfers transfers) {
        this.bucket = bucket;
        this.objectKey = objectKey;
        this.etag = first.response().eTag();
        this.end = offset + first.response().contentLength();
        this.partBytes = transfers.downloadPartBytes();
        this.parallelism = transfers.downloadParallelism();
        this.budget = transfers.downloadMemory();
        this.position = offset;
        int length = partLength(offset);
        this.current = new Streamed(first, length, true);
        this.nextStart = offset + length;
        fill();
    }

    /** The body of a GET from {@code offset} to the end, read ahead when it is large. */
    static ReadableByteChannel of(S3Bucket bucket, String objectKey, ResponseInputStream<GetObjectResponse> body, long offset,
                                  S3Transfers transfers) {
        if (transfers.downloadParallelism() < 2 || body.response().contentLength() <= transfers.readAheadAbove()) {
            return new S3ReadChannel(body);
        }
        return new S3ReadAhead(bucket, objectKey, body, offset, transfers);
    }

    @Override
    public int read(ByteBuffer target) throws IOException {
        if (!open) {
            throw new ClosedChannelException();
        }
        if (!target.hasRemaining()) {
            return 0;
        }
        while (current.exhausted()) {
            current.retire();
            if (position == end) {
                return -1;
            }
            current = ahead.isEmpty() ? streamed() : ahead.poll();
            fill();
        }
        int read = current.read(target);
        position += read;
        return read;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        if (!open) {
            return;
        }
        open = false;
        current.retire();
        ahead.forEach(Part::retire);
        ahead.clear();
    }

    /** Parts on their way behind the current one, as far as the budget has room: at most {@code parallelism} in all. */
    private void fill() {
        while (ahead.size() < parallelism - 1 && nextStart < end) {
            int length = partLength(nextStart);
            if (!budget.tryTake(length)) {
                return;
            }
            ahead.add(new Fetched(nextStart, length));
            nextStart += length;
        }
    }

    /** The next part without a buffer: its own GET, read as the client reads. */
    private Part streamed() {
        int length = partLength(nextStart);
        Part part = new Streamed(get(nextStart, length), length, false);
        nextStart += length;
        return part;
    }

    private int partLength(long first) {
        return (int) Math.min(partBytes, end - first);
    }

    private ResponseInputStream<GetObjectResponse> get(long first, int length) {
        try {
            return bucket.client().getObject(request -> request.bucket(bucket.name()).key(objectKey)
                    .range("bytes=" + first + "-" + (first + length - 1)).ifMatch(etag));
        } catch (SdkException e) {
            throw bucket.failures().translate(e, "read " + objectKey, S3Condition.unchanged(etag));
        }
    }

    private sealed interface Part permits Streamed, Fetched {

        boolean exhausted();

        int read(ByteBuffer target) throws IOException;

        /** Lets go of the part, read or not; harmless twice. */
        void retire();
    }

    /** A part read straight from a GET's body; {@code more}: the body goes on beyond the part. */
    private final class Streamed implements Part {
        private final ResponseInputStream<GetObjectResponse> body;
        private final boolean more;
        private int remaining;
        private boolean retired;

        Streamed(ResponseInputStream<GetObjectResponse> body, int length, boolean more) {
            this.body = body;
            this.remaining = length;
            this.more = more;
        }

        @Override
        public boolean exhausted() {
            return remaining == 0;
        }

        @Override
        public int read(ByteBuffer target) throws IOException {
            int read = reader.read(body, target, Math.min(target.remaining(), remaining));
            if (read < 0) {
                throw new IOException(objectKey + " ended " + remaining + " bytes early");
            }
            remaining -= read;
            return read;
        }

        @Override
        public void retire() {
            if (retired) {
                return;
            }
            retired = true;
            // the rest of a body is not drained, only cut: its connection is not reused
            if (remaining > 0 || more) {
                body.abort();
            }
            try {
                body.close();
            } catch (IOException e) {
                // aborted or done: nothing left to release
            }
        }
    }

    /** A part fetched into a buffer by a virtual thread of its own while earlier parts are read. */
    private final class Fetched implements Part {
        private final long first;
        private final int length;
        /** Never cancelled as a task (only its thread is interrupted), so its finally always runs. */
        private final FutureTask<byte[]> bytes = new FutureTask<>(() -> {
            try {
                return fetch();
            } finally {
                letGo();
            }
        });
        private final Thread fetcher;
        /** The budget goes back when both the fetch has ended and the reader has let go. */
        private final AtomicInteger holders = new AtomicInteger(2);
        private volatile ResponseInputStream<GetObjectResponse> body;
        private volatile boolean retired;
        private int taken;

        Fetched(long first, int length) {
            this.first = first;
            this.length = length;
            this.fetcher = Thread.ofVirtual().name("s3-read-ahead").start(bytes);
        }

        private byte[] fetch() throws IOException {
            ResponseInputStream<GetObjectResponse> in = get(first, length);
            body = in;
            try (in) {
                if (retired) {
                    in.abort();
                    throw new IOException("part no longer wanted");
                }
                byte[] into = new byte[length];
                if (in.readNBytes(into, 0, length) != length) {
                    throw new IOException(objectKey + " ended before byte " + (first + length));
                }
                return into;
            } finally {
                body = null;
            }
        }

        @Override
        public boolean exhausted() {
            return taken == length;
        }

        @Override
        public int read(ByteBuffer target) throws IOException {
            byte[] data = await();
            int count = Math.min(target.remaining(), length - taken);
            target.put(data, taken, count);
            taken += count;
            return count;
        }

        private byte[] await() throws IOException {
            try {
                return bytes.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Failure failure) {
                    throw failure;
                }
                throw e.getCause() instanceof IOException io ? io : new IOException("reading ahead " + objectKey, e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading " + objectKey);
            }
        }

        @Override
        public void retire() {
            if (retired) {
                return;
            }
            retired = true;
            if (!bytes.isDone()) {
                fetcher.interrupt();
                ResponseInputStream<GetObjectResponse> running = body;
                if (running != null) {
                    running.abort();
                }
            }
            letGo();
        }

        private void letGo() {
            if (holders.decrementAndGet() == 0) {
                budget.give(length);
            }
        }
    }
}
