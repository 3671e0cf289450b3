package xxftp.localfs;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xxftp.domain.model.Failure;
import xxftp.domain.model.StorageKey;

/**
 * Where a key leads, as {@link Confinement} found it, with the directories it opened on the way;
 * closing it closes them. {@code entry} is the key's last name in the directory holding it: what
 * delete, rename and publishing an upload act on. {@code target} is what the entry leads to, the
 * same place unless the entry is an allowed link: what reading, appending and dating act on.
 * {@code attributes} are the target's, null when nothing is there; {@code parentFound} says
 * whether the key's parent is a directory, so that something can be created. Without a parent,
 * {@code entry} and {@code target} mean nothing.
 */
record Located(StorageKey key, Place entry, Place target, BasicFileAttributes attributes, boolean parentFound,
               boolean entryIsLink, List<SecureDirectoryStream<Path>> opened) implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Located.class);

    /** A name in an opened directory; {@code path} is for the log and the calls Java has only by path. */
    record Place(SecureDirectoryStream<Path> directory, Path name, Path path) {

        /** The attributes of the name itself, a link not followed. */
        BasicFileAttributeView attributes() {
            return directory.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        }

        /** The directory under this name, opened; the caller closes it. */
        SecureDirectoryStream<Path> openDirectory() throws IOException {
            return directory.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
        }

        /**
         * The file under this name, opened without following a link. On the default file system
         * the channel is a {@link java.nio.channels.FileChannel}, which the FTP adapter sends
         * with {@code transferTo}: the kernel copies from disk to socket directly.
         */
        SeekableByteChannel open(OpenOption... options) throws IOException {
            Set<OpenOption> all = new HashSet<>(List.of(options));
            all.add(LinkOption.NOFOLLOW_LINKS);
            return directory.newByteChannel(name, all);
        }
    }

    BasicFileAttributes existing() {
        if (attributes == null) {
            throw new Failure.NotFound(key.toString());
        }
        return attributes;
    }

    /** Closing a directory loses nothing, so a failure to is only logged. */
    @Override
    public void close() {
        opened.forEach(Located::closeQuietly);
    }

    static void closeQuietly(SecureDirectoryStream<Path> directory) {
        try {
            directory.close();
        } catch (IOException e) {
            log.warn("Could not close a directory: {}", e.toString());
        }
    }
}
