package xxftp.localfs;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import xxftp.domain.model.Failure;

/**
 * The one place where this adapter's I/O exceptions become the domain's failures, by their type
 * only: an OS error text depends on the locale and the platform. A name below a file never
 * reaches the OS ({@link Confinement} answers it), so ENOTDIR needs no text either.
 */
final class DiskFailures {

    private DiskFailures() {}

    static Failure of(IOException e, Object subject) {
        String detail = subject + ": " + e;
        return switch (e) {
            case NoSuchFileException missing -> new Failure.NotFound(detail);
            // a directory replaced by a file while we went: nothing lies below it any more
            case NotDirectoryException replaced -> new Failure.NotFound(detail);
            case FileAlreadyExistsException exists -> new Failure.AlreadyExists(detail);
            case DirectoryNotEmptyException notEmpty -> new Failure.NotEmpty(detail);
            case AccessDeniedException denied -> new Failure.AccessDenied(detail);
            default -> new Failure.StorageUnavailable(detail, e);
        };
    }
}
