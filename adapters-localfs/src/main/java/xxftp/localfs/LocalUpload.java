package xxftp.localfs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xxftp.domain.model.StorageKey;
import xxftp.domain.port.Upload;

/**
 * An upload: to a temporary published on commit (REPLACE, CREATE_NEW), or in place (APPEND,
 * RESUME) with {@code temporary} null.
 */
final class LocalUpload implements Upload {

    private static final Logger log = LoggerFactory.getLogger(LocalUpload.class);

    private enum State { OPEN, COMMITTED, ABORTED }

    private final StorageKey key;
    private final SeekableByteChannel channel;
    private final long previousSize;
    private final UploadTemporary temporary;
    private final boolean createNew;
    private State state = State.OPEN;

    private LocalUpload(StorageKey key, SeekableByteChannel channel, long previousSize, UploadTemporary temporary,
                        boolean createNew) {
        this.key = key;
        this.channel = channel;
        this.previousSize = previousSize;
        this.temporary = temporary;
        this.createNew = createNew;
    }

    static LocalUpload inPlace(StorageKey key, SeekableByteChannel channel, long previousSize) {
        return new LocalUpload(key, channel, previousSize, null, false);
    }

    /** {@code createNew}: published only if nothing holds the key by then. */
    static LocalUpload staged(StorageKey key, UploadTemporary temporary, long previousSize, boolean createNew) {
        return new LocalUpload(key, temporary.channel(), previousSize, temporary, createNew);
    }

    @Override
    public int write(ByteBuffer source) {
        try {
            return channel.write(source);
        } catch (IOException e) {
            throw DiskFailures.of(e, key);
        }
    }

    @Override
    public synchronized void commit() {
        if (state == State.COMMITTED) {
            return;
        }
        if (state == State.ABORTED) {
            throw new IllegalStateException("upload of " + key + " was aborted");
        }
        try {
            // not forced to disk: the kernel writes it soon enough, and fsync per upload is slow
            channel.close();
            if (temporary != null && createNew) {
                temporary.publishNew();
            } else if (temporary != null) {
                temporary.publish();
            }
            state = State.COMMITTED;
        } catch (IOException e) {
            abort();
            throw DiskFailures.of(e, key);
        }
    }

    @Override
    public synchronized void abort() {
        if (state != State.OPEN) {
            return;
        }
        state = State.ABORTED;
        try {
            channel.close();
            if (temporary != null) {
                temporary.discard();
            }
        } catch (IOException e) {
            // usage() skips temporaries, so a leftover costs disk space only
            log.warn("Could not clean up the upload of {}", key, e);
        }
    }

    @Override
    public long previousSize() {
        return previousSize;
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() {
        abort();
    }
}
