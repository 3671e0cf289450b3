package xxftp.localfs;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import xxftp.domain.model.ControlFiles;

/**
 * The temporary sibling a REPLACE or CREATE_NEW upload writes to, published under the entry's
 * name on commit in one atomic step. Its name starts with {@link ControlFiles#TEMPORARY_PREFIX},
 * a control name: no client can address or see it, and no link may lead to it. It is made,
 * renamed and deleted relative to its own handle on the opened directory.
 */
final class UploadTemporary {

    private final SecureDirectoryStream<Path> directory;
    private final Path directoryPath;
    private final Path name;
    private final Path target;
    private final SeekableByteChannel channel;
    private boolean finished;

    private UploadTemporary(SecureDirectoryStream<Path> directory, Path directoryPath, Path name, Path target,
                            SeekableByteChannel channel) {
        this.directory = directory;
        this.directoryPath = directoryPath;
        this.name = name;
        this.target = target;
        this.channel = channel;
    }

    static boolean isTemporary(Path name) {
        return name.getFileName().toString().startsWith(ControlFiles.TEMPORARY_PREFIX);
    }

    /** A new, empty temporary in the directory holding {@code entry}, to be published as it. */
    static UploadTemporary beside(Located.Place entry) throws IOException {
        // a handle of its own: the walk's are closed once the upload has started
        SecureDirectoryStream<Path> directory = entry.directory()
                .newDirectoryStream(entry.name().getFileSystem().getPath("."), LinkOption.NOFOLLOW_LINKS);
        try {
            Path name = entry.name().getFileSystem().getPath(ControlFiles.TEMPORARY_PREFIX + UUID.randomUUID());
            SeekableByteChannel channel = directory.newByteChannel(name,
                    Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW, LinkOption.NOFOLLOW_LINKS));
            return new UploadTemporary(directory, entry.path().getParent(), name, entry.name(), channel);
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
    }

    SeekableByteChannel channel() {
        return channel;
    }

    /** Dates the temporary, before it is published. */
    void setModified(FileTime modified) throws IOException {
        directory.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(modified, null, null);
    }

    /** Replaces whatever the entry's name holds (renameat(2): one atomic step). */
    void publish() throws IOException {
        directory.move(name, directory, target);
        finish();
    }

    /**
     * Publishes only if nothing holds the entry's name: link(2) refuses an existing target, the
     * atomic "never overwrite". Java offers no linkat(2), so this one call goes by path; if a
     * folder on that path were swapped for a link meanwhile, link(2) would find no temporary of
     * this random name there (unless the swapper moved it along) and at worst make a new name for
     * the client's own bytes in a folder the swapper can write to anyway: nothing is read,
     * replaced or shown to the client.
     */
    void publishNew() throws IOException {
        try {
            Files.createLink(directoryPath.resolve(target), directoryPath.resolve(name));
        } finally {
            discard();
        }
    }

    /** Deletes the temporary, unless published or discarded before. */
    void discard() throws IOException {
        if (finished) {
            return;
        }
        try {
            directory.deleteFile(name);
        } catch (NoSuchFileException gone) {
            // deleted by someone else: nothing to discard
        } finally {
            finish();
        }
    }

    private void finish() {
        finished = true;
        Located.closeQuietly(directory);
    }

    /**
     * Deletes the temporaries under {@code root} last written before {@code before}: what a crash
     * or a kill left behind. Unreadable folders are skipped. Returns how many were deleted.
     */
    static int sweep(SecureDirectoryStream<Path> root, Instant before) throws IOException {
        int[] deleted = {0};
        Subtree.walk(root, new Subtree.Visitor() {
            @Override
            public void file(SecureDirectoryStream<Path> directory, Path file, BasicFileAttributes attributes)
                    throws IOException {
                if (isTemporary(file) && attributes.lastModifiedTime().toInstant().isBefore(before)) {
                    directory.deleteFile(file);
                    deleted[0]++;
                }
            }

            @Override
            public void failed(IOException e) {
                // the rest is swept all the same
            }
        });
        return deleted[0];
    }
}
