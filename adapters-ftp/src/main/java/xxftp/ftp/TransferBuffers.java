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
     * A read's most, so a write's most. Measured with STOR of 1 GiB page cache to page cache here,
     * 2 cores: 64 KiB gave 1.8-2.0 GB/s in five runs of six (1.3 the sixth); 256 KiB 1.7-2.2, and
     * 0.55 once; 1 MiB 2.0-2.5, and 0.4 one run in four, when reads came back full and the
     * kernel's copy of the writes into the page cache (copy_folio_from_iter_atomic) took 87% of
     * the time. The small buffer's copy stays in the cache. 200 transfers at once hold 12.5 MiB.
     */
    static final int BYTES = 64 * 1024;
    /** At most this many are kept between transfers (1 MiB). */
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
                // once: this one goes through the heap (a copy more) rather than failing
                return ByteBuffer.allocate(BYTES);
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
