package xxftp.localfs;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Visits the regular files of a subtree through opened directories, never following a link:
 * a folder swapped for a link while the walk runs is not entered.
 */
final class Subtree {

    private Subtree() {}

    interface Visitor {
        void file(SecureDirectoryStream<Path> directory, Path name, BasicFileAttributes attributes) throws IOException;

        /** What could not be read; by default the walk stops, unless it vanished meanwhile (it holds nothing). */
        default void failed(IOException e) throws IOException {
            if (!(e instanceof NoSuchFileException)) {
                throw e;
            }
        }
    }

    /** Walks {@code directory}, which the caller opened and closes. */
    static void walk(SecureDirectoryStream<Path> directory, Visitor visitor) throws IOException {
        try {
            for (Path child : directory) {
                Path name = child.getFileName();
                try {
                    BasicFileAttributes attributes = directory
                            .getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                            .readAttributes();
                    if (attributes.isDirectory()) {
                        try (SecureDirectoryStream<Path> below = directory.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
                            walk(below, visitor);
                        }
                    } else if (attributes.isRegularFile()) {
                        visitor.file(directory, name, attributes);
                    }
                } catch (IOException e) {
                    visitor.failed(e);
                }
            }
        } catch (DirectoryIteratorException e) {
            visitor.failed(e.getCause());
        }
    }
}
