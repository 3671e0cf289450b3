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
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import xxftp.domain.model.Entry;
import xxftp.domain.model.Failure;
import xxftp.domain.model.StorageKey;

/**
 * A directory's entries, read lazily from its opened stream. A link among them is listed as what
 * it leads to when {@link Confinement} follows it, and left out when it refuses it; so are
 * special files and entries that vanish while listed. Errors are translated like every other.
 */
final class Listing extends Spliterators.AbstractSpliterator<Entry> {

    private final SecureDirectoryStream<Path> children;
    private final Iterator<Path> iterator;
    private final StorageKey directory;
    private final Confinement confinement;

    private Listing(SecureDirectoryStream<Path> children, StorageKey directory, Confinement confinement) {
        super(Long.MAX_VALUE, Spliterator.NONNULL | Spliterator.DISTINCT);
        this.children = children;
        this.iterator = children.iterator();
        this.directory = directory;
        this.confinement = confinement;
    }

    /** The entries of {@code children}, the opened directory at {@code directory}; closing the stream closes it. */
    static Stream<Entry> of(SecureDirectoryStream<Path> children, StorageKey directory, Confinement confinement) {
        return StreamSupport.stream(new Listing(children, directory, confinement), false).onClose(() -> {
            try {
                children.close();
            } catch (IOException e) {
                throw DiskFailures.of(e, directory);
            }
        });
    }

    static Entry entry(String name, BasicFileAttributes attributes) {
        Instant modified = attributes.lastModifiedTime().toInstant();
        return attributes.isDirectory()
                ? new Entry(name, Entry.Kind.DIRECTORY, 0, modified)
                : new Entry(name, Entry.Kind.FILE, attributes.size(), modified);
    }

    @Override
    public boolean tryAdvance(Consumer<? super Entry> action) {
        try {
            while (iterator.hasNext()) {
                Path name = iterator.next().getFileName();
                BasicFileAttributes attributes = attributes(name);
                if (attributes != null) {
                    action.accept(entry(name.toString(), attributes));
                    return true;
                }
            }
            return false;
        } catch (DirectoryIteratorException e) {
            throw DiskFailures.of(e.getCause(), directory);
        } catch (IOException e) {
            throw DiskFailures.of(e, directory);
        }
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
