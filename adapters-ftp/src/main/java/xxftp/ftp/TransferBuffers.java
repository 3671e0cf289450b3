package xxftp.ftp;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Direct buffers for the bytes of uploads, and of downloads that are not a file, taken when a
 * transfer starts and given back when it ends, so no session holds one while it idles. A few
 * are kept for the next transfers: a direct buffer costs a system call to make and is freed only
 * by the garbage collector.
 */
final class TransferBuffers {

    /**
     * A read's most, so a write's most. Measured with STOR of 1 GiB here: 256 KiB gave 1.96-2.25
     * GB/s in every run; 1 MiB 2.0-2.5, but one run in four at 0.4, when reads came back full and
     * the kernel's copy of 1 MiB writes into the page cache took 87% of the time (perf). 128 KiB:
     * 2.0-2.2. 200 transfers at once hold 50 MiB.
     */
    static final int BYTES = 256 * 1024;
    /** A heap buffer's size, when no direct memory is left. */
    private static final int FALLBACK_BYTES = 64 * 1024;
    /** At most this many are kept between transfers (4 MiB). */
    private static final int KEPT = 16;

    private static final ConcurrentLinkedQueue<ByteBuffer> kept = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger keptCount = new AtomicInteger();

    private TransferBuffers() {}

    static ByteBuffer take() {
        ByteBuffer buffer = kept.poll();
        if (buffer == null) {
            try {
                return ByteBuffer.allocateDirect(BYTES);
            } catch (OutOfMemoryError directMemoryUsedUp) {
                // -XX:MaxDirectMemorySize (the heap's size by default) reached by many transfers at
                // once: this one goes slower through the heap rather than failing
                return ByteBuffer.allocate(FALLBACK_BYTES);
            }
        }
        keptCount.decrementAndGet();
        return buffer.clear();
    }

    static void give(ByteBuffer buffer) {
        if (!buffer.isDirect()) {
            return;
        }
        if (keptCount.incrementAndGet() <= KEPT) {
            kept.offer(buffer);
        } else {
            keptCount.decrementAndGet();
        }
    }
}
