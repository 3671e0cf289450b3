package xxftp.localfs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xxftp.domain.model.ControlFiles;
import xxftp.domain.model.Entry;
import xxftp.domain.model.Failure;
import xxftp.domain.model.StorageKey;
import xxftp.domain.model.WriteMode;
import xxftp.domain.port.Storage;
import xxftp.domain.port.Upload;

/**
 * The storage port on a local folder. A key is the folder's path plus its segments; every
 * existing component on the way is checked, and a symbolic link is followed only when its real
 * path stays inside the root: anything else answers {@link Failure.NotFound}, as if it were not
 * there. (java.nio can't open relative to a directory without following links, so a link
 * swapped in between the check and the use still wins: only someone with a shell on the
 * server can do that.)
 * <p>
 * REPLACE and CREATE_NEW uploads go to a temporary sibling under a control name, which no
 * client can address or see, and are published on commit by one atomic step.
 */
public final class LocalStorage implements Storage {

    private static final Logger log = LoggerFactory.getLogger(LocalStorage.class);
    /** Upload temporaries; {@code .xxftp} makes them control names (see {@code Names.isControl}). */
    static final String TEMPORARY_PREFIX = ControlFiles.TEMPORARY_PREFIX;
    /** The JDK reports ENOTDIR only as this text (strerror); it means a parent is a file. */
    private static final String NOT_A_DIRECTORY = "Not a directory";

    private final Path root;
    private final boolean topFoldersApart;

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
        this.topFoldersApart = topFoldersApart;
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("storage root is not a directory: " + root);
        }
        try {
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("storage root can't be resolved: " + root, e);
        }
    }

    @Override
    public Entry stat(StorageKey key) {
        try {
            return entry(key.name(), locate(key).existing());
        } catch (IOException e) {
            throw failure(e, key);
        }
    }

    @Override
    public Stream<Entry> list(StorageKey directory) {
        try {
            Located located = locate(directory);
            if (!located.existing().isDirectory()) {
                throw new Failure.NotADirectory(directory.toString());
            }
            DirectoryStream<Path> children = Files.newDirectoryStream(located.path());
            return StreamSupport.stream(new Children(children.iterator(), directory), false)
                    .onClose(() -> {
                        try {
                            children.close();
                        } catch (IOException e) {
                            throw failure(e, directory);
                        }
                    })
                    .<Entry>mapMulti((child, out) -> listed(child, directory).ifPresent(out));
        } catch (IOException e) {
            throw failure(e, directory);
        }
    }

    /**
     * A {@link FileChannel} positioned at {@code offset}: the FTP adapter can send it with
     * {@link FileChannel#transferTo}, which lets the kernel copy from disk to socket directly.
     * An offset at or beyond the end reads nothing.
     */
    @Override
    public ReadableByteChannel read(StorageKey key, long offset) {
        requireOffset(offset);
        try {
            Located located = locate(key);
            if (located.existing().isDirectory()) {
                throw new Failure.NotAFile(key.toString());
            }
            FileChannel channel = FileChannel.open(located.path(), StandardOpenOption.READ);
            try {
                return channel.position(offset);
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw failure(e, key);
        }
    }

    @Override
    public Upload write(StorageKey key, WriteMode mode, long offset) {
        requireOffset(offset);
        try {
            Located located = locate(key);
            if (!located.parentFound()) {
                throw new Failure.NotFound("no parent directory for " + key);
            }
            BasicFileAttributes existing = located.attributes();
            if (existing != null && existing.isDirectory()) {
                throw new Failure.NotAFile(key.toString());
            }
            long previousSize = existing == null ? 0 : existing.size();
            Path path = located.path();
            return switch (mode) {
                case REPLACE -> staged(key, path, previousSize, false);
                case CREATE_NEW -> {
                    // an early refusal, before the client sends anything; commit checks again atomically
                    if (existing != null) {
                        throw new Failure.AlreadyExists(key.toString());
                    }
                    yield staged(key, path, 0, true);
                }
                case APPEND -> new LocalUpload(key, FileChannel.open(path, StandardOpenOption.WRITE,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND), previousSize, null, null, false);
                case RESUME -> resumed(key, path, existing, offset);
            };
        } catch (IOException e) {
            throw failure(e, key);
        }
    }

    @Override
    public void makeDirectory(StorageKey key) {
        try {
            Located located = locate(key);
            if (!located.parentFound()) {
                throw new Failure.NotFound("no parent directory for " + key);
            }
            if (located.attributes() != null) {
                throw new Failure.AlreadyExists(key.toString());
            }
            Files.createDirectory(located.path());
        } catch (IOException e) {
            throw failure(e, key);
        }
    }

    @Override
    public void removeDirectory(StorageKey key) {
        if (key.isRoot()) {
            throw new Failure.AccessDenied("the storage root can't be removed");
        }
        try {
            Located located = locate(key);
            if (!located.existing().isDirectory()) {
                throw new Failure.NotADirectory(key.toString());
            }
            Files.delete(located.path());
        } catch (IOException e) {
            throw failure(e, key);
        }
    }

    @Override
    public void delete(StorageKey key) {
        try {
            Located located = locate(key);
            if (located.existing().isDirectory()) {
                throw new Failure.NotAFile(key.toString());
            }
            Files.delete(located.path());
        } catch (IOException e) {
            throw failure(e, key);
        }
    }

    @Override
    public void rename(StorageKey from, StorageKey to) {
        if (from.isRoot()) {
            throw new Failure.AccessDenied("the storage root can't be renamed");
        }
        try {
            Located source = locate(from);
            boolean directory = source.existing().isDirectory();
            Located target = locate(to);
            if (!target.parentFound()) {
                throw new Failure.NotFound("no parent directory for " + to);
            }
            // only a file replaces a file (rename(2) would also let a directory replace an empty one)
            if (target.attributes() != null && (directory || target.attributes().isDirectory())) {
                throw new Failure.AlreadyExists(to.toString());
            }
            move(source.path(), target.path());
        } catch (IOException e) {
            throw failure(e, from + " -> " + to);
        }
    }

    /** Regular files only, links not followed, upload temporaries left out. */
    @Override
    public long usage(StorageKey key) {
        try {
            Located located = locate(key);
            if (!located.existing().isDirectory()) {
                return located.existing().size();
            }
            Usage usage = new Usage();
            // the real path, so that a directory reached through an allowed link is walked too
            Files.walkFileTree(located.path().toRealPath(), usage);
            return usage.bytes;
        } catch (IOException e) {
            throw failure(e, key);
        }
    }

    @Override
    public void setModified(StorageKey key, Instant modified) {
        try {
            Located located = locate(key);
            located.existing();
            Files.setLastModifiedTime(located.path(), FileTime.from(modified));
        } catch (IOException e) {
            throw failure(e, key);
        }
    }

    /**
     * Where a key leads. {@code attributes} are those of the file or directory there (through
     * an allowed link), null when nothing is there; {@code parentFound} says whether the
     * key's parent is a directory, so that something can be created.
     */
    private record Located(StorageKey key, Path path, BasicFileAttributes attributes, boolean parentFound) {

        BasicFileAttributes existing() {
            if (attributes == null) {
                throw new Failure.NotFound(key.toString());
            }
            return attributes;
        }
    }

    private Located locate(StorageKey key) throws IOException {
        Path path = root;
        BasicFileAttributes attributes = Files.readAttributes(root, BasicFileAttributes.class);
        for (String segment : key.segments()) {
            if (attributes == null || !attributes.isDirectory()) {
                // a missing component, or a file used as a directory: nothing lies below
                return new Located(key, path, null, false);
            }
            try {
                path = path.resolve(segment);
            } catch (InvalidPathException e) {
                throw new Failure.InvalidName("segment not valid on this disk: " + segment);
            }
            attributes = confined(path);
        }
        return new Located(key, path, attributes, true);
    }

    /**
     * The attributes of what {@code path} leads to, or null when nothing is there. A link is
     * followed only to a file or directory inside the root; a link leading out, a dangling
     * link (writing through it would create its target) and special files (a FIFO would block
     * a reader) answer {@link Failure.NotFound}.
     */
    private BasicFileAttributes confined(Path path) throws IOException {
        BasicFileAttributes own;
        try {
            own = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException missing) {
            return null;
        }
        BasicFileAttributes attributes = own;
        if (own.isSymbolicLink()) {
            Path target;
            try {
                target = path.toRealPath();
            } catch (IOException unresolvable) {
                log.debug("Not following link {}: {}", path, unresolvable.toString());
                throw new Failure.NotFound("unresolvable link " + root.relativize(path));
            }
            Path boundary = boundary(path);
            if (!target.startsWith(boundary)) {
                log.debug("Not following link {} out of {} to {}", path, boundary, target);
                throw new Failure.NotFound("link out of " + root.relativize(path));
            }
            attributes = Files.readAttributes(target, BasicFileAttributes.class);
        }
        if (!attributes.isDirectory() && !attributes.isRegularFile()) {
            throw new Failure.NotFound("neither a file nor a directory " + root.relativize(path));
        }
        return attributes;
    }

    /** What a link at {@code path} must stay within: the root, or its top-level folder. */
    private Path boundary(Path path) throws IOException {
        Path relative = root.relativize(path);
        if (!topFoldersApart || relative.getNameCount() < 2) {
            return root;
        }
        try {
            return root.resolve(relative.getName(0)).toRealPath();
        } catch (IOException unresolvable) {
            throw new Failure.NotFound("unresolvable top folder of " + relative);
        }
    }

    /** A directory's child as listed; empty for what {@link #confined} refuses or what vanished. */
    private Optional<Entry> listed(Path child, StorageKey directory) {
        try {
            return Optional.ofNullable(confined(child)).map(attributes -> entry(child.getFileName().toString(), attributes));
        } catch (Failure.NotFound refused) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure(e, directory);
        }
    }

    private static Entry entry(String name, BasicFileAttributes attributes) {
        Instant modified = attributes.lastModifiedTime().toInstant();
        return attributes.isDirectory()
                ? new Entry(name, Entry.Kind.DIRECTORY, 0, modified)
                : new Entry(name, Entry.Kind.FILE, attributes.size(), modified);
    }

    private LocalUpload staged(StorageKey key, Path target, long previousSize, boolean createNew) throws IOException {
        Path temporary = target.resolveSibling(TEMPORARY_PREFIX + UUID.randomUUID());
        FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
        return new LocalUpload(key, channel, previousSize, temporary, target, createNew);
    }

    private LocalUpload resumed(StorageKey key, Path path, BasicFileAttributes existing, long offset) throws IOException {
        if (existing == null) {
            throw new Failure.NotFound(key.toString());
        }
        if (offset > existing.size()) {
            throw new Failure.InvalidName("resume offset " + offset + " beyond the end of " + key);
        }
        FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE);
        try {
            channel.truncate(offset).position(offset);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new LocalUpload(key, channel, existing.size(), null, null, false);
    }

    private static void move(Path source, Path target) throws IOException {
        try {
            // rename(2): replaces a file at the target in one step
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException otherDisk) {
            // another file system mounted inside the root: copied, then deleted
            log.debug("Moving {} to {} across file systems", source, target);
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void requireOffset(long offset) {
        if (offset < 0) {
            throw new Failure.InvalidName("negative offset " + offset);
        }
    }

    /** The one place where this adapter's I/O exceptions become the domain's failures. */
    private static Failure failure(IOException e, Object subject) {
        String detail = subject + ": " + e;
        return switch (e) {
            case NoSuchFileException missing -> new Failure.NotFound(detail);
            case NotDirectoryException parentIsAFile -> new Failure.NotFound(detail);
            case FileAlreadyExistsException exists -> new Failure.AlreadyExists(detail);
            case DirectoryNotEmptyException notEmpty -> new Failure.NotEmpty(detail);
            case AccessDeniedException denied -> new Failure.AccessDenied(detail);
            case FileSystemException other when NOT_A_DIRECTORY.equals(other.getReason()) -> new Failure.NotFound(detail);
            default -> new Failure.StorageUnavailable(detail, e);
        };
    }

    /**
     * Deletes upload temporaries last written before {@code before}: what a crash or a kill
     * left behind. They are hidden and not counted, but would keep a folder from being removed.
     * Links are not followed. Returns how many were deleted.
     */
    public int sweepTemporaries(Instant before) {
        int[] deleted = {0};
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    if (attributes.isRegularFile() && isTemporary(file)
                            && attributes.lastModifiedTime().toInstant().isBefore(before)) {
                        Files.deleteIfExists(file);
                        deleted[0]++;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            log.warn("Sweeping upload temporaries stopped: {}", e.toString());
        }
        return deleted[0];
    }

    private static boolean isTemporary(Path path) {
        return path.getFileName().toString().startsWith(TEMPORARY_PREFIX);
    }

    /** A directory stream's paths, its iteration errors translated like every other. */
    private static final class Children extends Spliterators.AbstractSpliterator<Path> {
        private final Iterator<Path> iterator;
        private final StorageKey directory;

        Children(Iterator<Path> iterator, StorageKey directory) {
            super(Long.MAX_VALUE, Spliterator.NONNULL | Spliterator.DISTINCT);
            this.iterator = iterator;
            this.directory = directory;
        }

        @Override
        public boolean tryAdvance(Consumer<? super Path> action) {
            try {
                if (!iterator.hasNext()) {
                    return false;
                }
                action.accept(iterator.next());
                return true;
            } catch (DirectoryIteratorException e) {
                throw failure(e.getCause(), directory);
            }
        }
    }

    private static final class Usage extends SimpleFileVisitor<Path> {
        long bytes;

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            if (attributes.isRegularFile() && !isTemporary(file)) {
                bytes += attributes.size();
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
                // deleted while we walked: it holds nothing any more
                return FileVisitResult.CONTINUE;
            }
            throw e;
        }
    }

    /**
     * An upload: to a temporary published on commit (REPLACE, CREATE_NEW), or in place
     * (APPEND, RESUME) with {@code temporary} null.
     */
    private static final class LocalUpload implements Upload {
        private enum State { OPEN, COMMITTED, ABORTED }

        private final StorageKey key;
        private final FileChannel channel;
        private final long previousSize;
        private final Path temporary;
        private final Path target;
        private final boolean createNew;
        private State state = State.OPEN;

        LocalUpload(StorageKey key, FileChannel channel, long previousSize, Path temporary, Path target, boolean createNew) {
            this.key = key;
            this.channel = channel;
            this.previousSize = previousSize;
            this.temporary = temporary;
            this.target = target;
            this.createNew = createNew;
        }

        @Override
        public int write(ByteBuffer source) {
            try {
                return channel.write(source);
            } catch (IOException e) {
                throw failure(e, key);
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
                if (temporary != null) {
                    publish();
                }
                state = State.COMMITTED;
            } catch (IOException e) {
                abort();
                throw failure(e, key);
            }
        }

        private void publish() throws IOException {
            if (createNew) {
                // link(2) fails if the target exists: the atomic "never overwrite"
                try {
                    Files.createLink(target, temporary);
                } finally {
                    Files.deleteIfExists(temporary);
                }
            } else {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
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
                    Files.deleteIfExists(temporary);
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
}
