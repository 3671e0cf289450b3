package xxftp.localfs;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xxftp.domain.model.Entry;
import xxftp.domain.model.Failure;
import xxftp.domain.model.StorageKey;
import xxftp.domain.model.WriteMode;
import xxftp.domain.port.Storage;
import xxftp.domain.port.Upload;

/**
 * The storage port on a local folder. Every key is resolved by {@link Confinement}, relative to
 * directories it opened without following links, and used relative to them too: no link can lead
 * out of the root or to configuration, even one swapped in after a check.
 * <p>
 * REPLACE and CREATE_NEW uploads go to an {@link UploadTemporary}, published on commit by one
 * atomic step.
 */
public final class LocalStorage implements Storage {

    private static final Logger log = LoggerFactory.getLogger(LocalStorage.class);

    private final Confinement confinement;

    /** @param root an existing directory; links in its own path are resolved once, here */
    public LocalStorage(Path root) {
        this(root, false);
    }

    /**
     * The storage of a whole xxftp tree, whose top-level folders are homes and mount targets:
     * a link inside one of them may not lead out of it (into another user's home, say), only
     * within it. A link at the top level itself may lead anywhere inside the root.
     */
    public static LocalStorage ofTree(Path root) {
        return new LocalStorage(root, true);
    }

    private LocalStorage(Path root, boolean topFoldersApart) {
        this.confinement = new Confinement(root, topFoldersApart);
    }

    /**
     * Where a key's file is on disk, for reports on files (event hooks); for reading and writing
     * use this storage, which guards against links.
     */
    public Path file(StorageKey key) {
        Path file = confinement.root();
        for (String segment : key.segments()) {
            file = file.resolve(segment);
        }
        return file;
    }

    @Override
    public Entry stat(StorageKey key) {
        try (Located located = confinement.locate(key)) {
            return Listing.entry(key.name(), located.existing());
        } catch (IOException e) {
            throw DiskFailures.of(e, key);
        }
    }

    @Override
    public Stream<Entry> list(StorageKey directory) {
        try (Located located = confinement.locate(directory)) {
            if (!located.existing().isDirectory()) {
                throw new Failure.NotADirectory(directory.toString());
            }
            return Listing.of(located.target().openDirectory(), directory, confinement);
        } catch (IOException e) {
            throw DiskFailures.of(e, directory);
        }
    }

    /**
     * A {@link java.nio.channels.FileChannel} positioned at {@code offset}, for zero-copy sending.
     * An offset at or beyond the end reads nothing.
     */
    @Override
    public ReadableByteChannel read(StorageKey key, long offset) {
        requireOffset(offset);
        try (Located located = confinement.locate(key)) {
            if (located.existing().isDirectory()) {
                throw new Failure.NotAFile(key.toString());
            }
            SeekableByteChannel channel = located.target().open(StandardOpenOption.READ);
            try {
                return channel.position(offset);
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw DiskFailures.of(e, key);
        }
    }

    @Override
    public Upload write(StorageKey key, WriteMode mode, long offset) {
        requireOffset(offset);
        try (Located located = confinement.locate(key)) {
            if (!located.parentFound()) {
                throw new Failure.NotFound("no parent directory for " + key);
            }
            BasicFileAttributes existing = located.attributes();
            if (existing != null && existing.isDirectory()) {
                throw new Failure.NotAFile(key.toString());
            }
            long previousSize = existing == null ? 0 : existing.size();
            return switch (mode) {
                case REPLACE -> LocalUpload.staged(key, UploadTemporary.beside(located.entry()), previousSize, false);
                case CREATE_NEW -> {
                    // an early refusal, before the client sends anything; commit checks again atomically
                    if (existing != null) {
                        throw new Failure.AlreadyExists(key.toString());
                    }
                    yield LocalUpload.staged(key, UploadTemporary.beside(located.entry()), 0, true);
                }
                case APPEND -> LocalUpload.inPlace(key, located.target().open(StandardOpenOption.WRITE,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND), previousSize);
                case RESUME -> resumed(located, offset);
            };
        } catch (IOException e) {
            throw DiskFailures.of(e, key);
        }
    }

    private static LocalUpload resumed(Located located, long offset) throws IOException {
        BasicFileAttributes existing = located.existing();
        if (offset > existing.size()) {
            throw new Failure.InvalidName("resume offset " + offset + " beyond the end of " + located.key());
        }
        SeekableByteChannel channel = located.target().open(StandardOpenOption.WRITE);
        try {
            channel.truncate(offset).position(offset);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return LocalUpload.inPlace(located.key(), channel, existing.size());
    }

    /**
     * Java offers no mkdirat(2), so the directory is made by path. If a folder on that path were
     * swapped for a link meanwhile, mkdir(2) would at worst make an empty directory (never replace
     * anything) in a folder the swapper can write to anyway.
     */
    @Override
    public void makeDirectory(StorageKey key) {
        try (Located located = confinement.locate(key)) {
            if (!located.parentFound()) {
                throw new Failure.NotFound("no parent directory for " + key);
            }
            if (located.attributes() != null) {
                throw new Failure.AlreadyExists(key.toString());
            }
            Files.createDirectory(located.entry().path());
        } catch (IOException e) {
            throw DiskFailures.of(e, key);
        }
    }

    /** Through an allowed link, the link is removed and the directory it leads to stays. */
    @Override
    public void removeDirectory(StorageKey key) {
        if (key.isRoot()) {
            throw new Failure.AccessDenied("the storage root can't be removed");
        }
        try (Located located = confinement.locate(key)) {
            if (!located.existing().isDirectory()) {
                throw new Failure.NotADirectory(key.toString());
            }
            Located.Place entry = located.entry();
            if (located.entryIsLink()) {
                entry.directory().deleteFile(entry.name());
            } else {
                entry.directory().deleteDirectory(entry.name());
            }
        } catch (IOException e) {
            throw DiskFailures.of(e, key);
        }
    }

    @Override
    public void delete(StorageKey key) {
        try (Located located = confinement.locate(key)) {
            if (located.existing().isDirectory()) {
                throw new Failure.NotAFile(key.toString());
            }
            located.entry().directory().deleteFile(located.entry().name());
        } catch (IOException e) {
            throw DiskFailures.of(e, key);
        }
    }

    @Override
    public void rename(StorageKey from, StorageKey to) {
        if (from.isRoot()) {
            throw new Failure.AccessDenied("the storage root can't be renamed");
        }
        try (Located source = confinement.locate(from); Located target = confinement.locate(to)) {
            boolean directory = source.existing().isDirectory();
            if (!target.parentFound()) {
                throw new Failure.NotFound("no parent directory for " + to);
            }
            // only a file replaces a file (rename(2) would also let a directory replace an empty one)
            if (target.attributes() != null && (directory || target.attributes().isDirectory())) {
                throw new Failure.AlreadyExists(to.toString());
            }
            move(source.entry(), target.entry(), directory);
        } catch (IOException e) {
            throw DiskFailures.of(e, from + " -> " + to);
        }
    }

    private static void move(Located.Place source, Located.Place target, boolean directory) throws IOException {
        try {
            // renameat(2): replaces a file at the target in one step
            source.directory().move(source.name(), target.directory(), target.name());
        } catch (AtomicMoveNotSupportedException otherDisk) {
            // another file system mounted inside the root
            log.debug("Moving {} to {} across file systems", source.path(), target.path());
            if (directory) {
                moveEmptyDirectory(source, target);
            } else {
                copyThenDelete(source, target);
            }
        }
    }

    /** As {@link Files#move} across file systems: only an empty directory moves (made by path, see makeDirectory). */
    private static void moveEmptyDirectory(Located.Place source, Located.Place target) throws IOException {
        Files.createDirectory(target.path());
        try {
            source.directory().deleteDirectory(source.name());
        } catch (DirectoryNotEmptyException notEmpty) {
            target.directory().deleteDirectory(target.name());
            throw notEmpty;
        }
    }

    /** The bytes and the time copied to a temporary on the target's disk, published, then the source deleted. */
    private static void copyThenDelete(Located.Place source, Located.Place target) throws IOException {
        FileTime modified = source.attributes().readAttributes().lastModifiedTime();
        UploadTemporary copy = UploadTemporary.beside(target);
        try (SeekableByteChannel in = source.open(StandardOpenOption.READ)) {
            Channels.newInputStream(in).transferTo(Channels.newOutputStream(copy.channel()));
            copy.channel().close();
            copy.setModified(modified);
            copy.publish();
        } finally {
            copy.discard();
        }
        source.directory().deleteFile(source.name());
    }

    /** Regular files only, links not followed, upload temporaries left out. */
    @Override
    public long usage(StorageKey key) {
        try (Located located = confinement.locate(key)) {
            BasicFileAttributes attributes = located.existing();
            if (!attributes.isDirectory()) {
                return attributes.size();
            }
            long[] bytes = {0};
            // the target, so that a directory reached through an allowed link is walked too
            try (SecureDirectoryStream<Path> top = located.target().openDirectory()) {
                Subtree.walk(top, (directory, name, file) -> {
                    if (!UploadTemporary.isTemporary(name)) {
                        bytes[0] += file.size();
                    }
                });
            }
            return bytes[0];
        } catch (IOException e) {
            throw DiskFailures.of(e, key);
        }
    }

    @Override
    public void setModified(StorageKey key, Instant modified) {
        try (Located located = confinement.locate(key)) {
            located.existing();
            located.target().attributes().setTimes(FileTime.from(modified), null, null);
        } catch (IOException e) {
            throw DiskFailures.of(e, key);
        }
    }

    private static void requireOffset(long offset) {
        if (offset < 0) {
            throw new Failure.InvalidName("negative offset " + offset);
        }
    }

    /**
     * Deletes upload temporaries last written before {@code before}: what a crash or a kill
     * left behind. They are hidden and not counted, but would keep a folder from being removed.
     * Links are not followed. Returns how many were deleted.
     */
    public int sweepTemporaries(Instant before) {
        try (SecureDirectoryStream<Path> root = confinement.openRoot()) {
            return UploadTemporary.sweep(root, before);
        } catch (IOException e) {
            log.warn("Sweeping upload temporaries stopped: {}", e.toString());
            return 0;
        }
    }
}
