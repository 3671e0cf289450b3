package xxftp.localfs;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import xxftp.domain.model.Entry;
import xxftp.domain.model.Failure;
import xxftp.domain.model.StorageKey;

/**
 * A directory's entries, read lazily from its opened stream and stat'ed ahead ({@link Prefetched}).
 * A link among them is listed as what it leads to when {@link Confinement} follows it, and left
 * out when it refuses it; so are special files and entries that vanish while listed. Errors are
 * translated like every other.
 */
final class Listing {

    private final SecureDirectoryStream<Path> children;
    private final StorageKey directory;
    private final Confinement confinement;

    private Listing(SecureDirectoryStream<Path> children, StorageKey directory, Confinement confinement) {
        this.children = children;
        this.directory = directory;
        this.confinement = confinement;
    }

    /** The entries of {@code children}, the opened directory at {@code directory}; closing the stream closes it. */
    static Stream<Entry> of(SecureDirectoryStream<Path> children, StorageKey directory, Confinement confinement) {
        Listing listing = new Listing(children, directory, confinement);
        return Prefetched.of(listing.names(), listing::entry);
    }

    private Stream<Path> names() {
        Iterator<Path> paths = children.iterator();
        Iterator<Path> names = new Iterator<>() {
            @Override
            public boolean hasNext() {
                try {
                    return paths.hasNext();
                } catch (DirectoryIteratorException e) {
                    throw DiskFailures.of(e.getCause(), directory);
                }
            }

            @Override
            public Path next() {
                return paths.next().getFileName();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(names, Spliterator.NONNULL | Spliterator.DISTINCT), false)
                .onClose(() -> {
                    try {
                        children.close();
                    } catch (IOException e) {
                        throw DiskFailures.of(e, directory);
                    }
                });
    }

    /** The entry of the child {@code name}; null for what is left out. */
    private Entry entry(Path name) {
        try {
            BasicFileAttributes attributes = attributes(name);
            return attributes == null ? null : entry(name.toString(), attributes);
        } catch (IOException e) {
            throw DiskFailures.of(e, directory);
        }
    }

    static Entry entry(String name, BasicFileAttributes attributes) {
        Instant modified = attributes.lastModifiedTime().toInstant();
        return attributes.isDirectory()
                ? new Entry(name, Entry.Kind.DIRECTORY, 0, modified)
                : new Entry(name, Entry.Kind.FILE, attributes.size(), modified);
    }

    /** What a child is as listed; null for what is left out. */
    private BasicFileAttributes attributes(Path name) throws IOException {
        BasicFileAttributes own;
        try {
            own = children.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
        } catch (NoSuchFileException vanished) {
            return null;
        }
        if (own.isSymbolicLink()) {
            return followed(name.toString());
        }
        return own.isDirectory() || own.isRegularFile() ? own : null;
    }

    /** A link walked again from the root, with every check: rare enough in a listing to afford. */
    private BasicFileAttributes followed(String name) throws IOException {
        try (Located located = confinement.locate(directory.child(name))) {
            return located.attributes();
        } catch (Failure.NotFound | Failure.InvalidName refused) {
            return null;
        }
    }
}
