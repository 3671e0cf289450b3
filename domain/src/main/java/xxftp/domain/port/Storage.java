package xxftp.domain.port;

import java.nio.channels.ReadableByteChannel;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import xxftp.domain.model.Entry;
import xxftp.domain.model.Failure;
import xxftp.domain.model.StorageKey;
import xxftp.domain.model.WriteMode;

/**
 * The storage port: a byte store addressed by {@link StorageKey}. Every method reports
 * trouble as a {@link Failure}. Implementations enforce "never overwrite" themselves
 * (CREATE_NEW, a conditional PUT) instead of being asked whether a key exists first.
 */
public interface Storage {

    /** The entry at a key; {@link Failure.NotFound} if none. The root is a directory. */
    Entry stat(StorageKey key);

    /**
     * The entries directly inside a directory, in no particular order, produced lazily so a
     * huge directory is never held in memory. The caller closes the stream.
     */
    Stream<Entry> list(StorageKey directory);

    /** A channel over the file's bytes from {@code offset} on. */
    ReadableByteChannel read(StorageKey key, long offset);

    /**
     * A channel over the whole file, or empty when the key holds none (nothing, or a directory),
     * for readers to whom both mean the same (the tree's control files): telling them apart can
     * cost a backend another request.
     */
    default Optional<ReadableByteChannel> readIfFile(StorageKey key) {
        try {
            return Optional.of(read(key, 0));
        } catch (Failure.NotFound | Failure.NotAFile none) {
            return Optional.empty();
        }
    }

    /** Starts an upload; for {@link WriteMode#RESUME}, {@code offset} is where writing starts. */
    Upload write(StorageKey key, WriteMode mode, long offset);

    /**
     * Starts an upload whose size the client announced (FTP ALLO): a store may size its
     * buffers or parts by it. The announcement is a hint, never a limit.
     */
    default Upload write(StorageKey key, WriteMode mode, long offset, long announcedBytes) {
        return write(key, mode, offset);
    }

    /** Creates one directory; its parent must exist. */
    void makeDirectory(StorageKey key);

    /** Removes an empty directory; {@link Failure.NotEmpty} otherwise. */
    void removeDirectory(StorageKey key);

    /** Deletes a file; {@link Failure.NotAFile} for a directory. */
    void delete(StorageKey key);

    /**
     * Moves a file or a directory. A file at {@code to} is replaced; a directory at {@code to}
     * is {@link Failure.AlreadyExists}. The parent of {@code to} must exist.
     */
    void rename(StorageKey from, StorageKey to);

    /** Bytes held by the files of a subtree (upload temporaries excluded). */
    long usage(StorageKey key);

    void setModified(StorageKey key, Instant modified);
}
