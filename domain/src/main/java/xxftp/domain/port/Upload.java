package xxftp.domain.port;

import java.nio.channels.WritableByteChannel;

/**
 * Bytes on their way into a storage. Nothing is published until {@link #commit()};
 * {@link #abort()} (or {@link #close()} without commit) discards what a REPLACE or CREATE_NEW
 * upload wrote. APPEND and RESUME write in place, so what arrived before an abort stays,
 * which is what lets a client resume.
 */
public interface Upload extends WritableByteChannel {

    /** Publishes the upload. */
    void commit();

    /** Discards the upload; harmless after commit or a previous abort. */
    void abort();

    /** Size of the file that this upload replaces or extends, as it was when the upload began. */
    long previousSize();

    /** Aborts unless committed. */
    @Override
    void close();
}
