package xxftp.ftp;

import xxftp.domain.model.Failure;


/**
 * The one place where domain failures become replies. The switch is exhaustive over the sealed
 * {@link Failure}, so a new failure can't go unmapped. Texts are ours; details go to the log.
 */
final class FailureReplies {

    private FailureReplies() {}

    static Reply of(Failure failure) {
        return switch (failure) {
            case Failure.NotFound f -> Reply.of(550, "No such file or directory.");
            case Failure.AlreadyExists f -> Reply.of(550, "File exists.");
            case Failure.AccessDenied f -> Reply.of(550, "Permission denied.");
            // RFC 959: 552 "Requested file action aborted. Exceeded storage allocation"
            case Failure.QuotaExceeded f -> Reply.of(552, "Quota exceeded.");
            case Failure.NotEmpty f -> Reply.of(550, "Directory not empty.");
            case Failure.MountPointProtected f -> Reply.of(550, "A mount point can't be changed.");
            case Failure.NotADirectory f -> Reply.of(550, "Not a directory.");
            case Failure.NotAFile f -> Reply.of(550, "Not a plain file.");
            // RFC 959: 553 "Requested action not taken. File name not allowed"
            case Failure.InvalidName f -> Reply.of(553, "File name not allowed.");
            case Failure.CrossStorage f -> Reply.of(553, "Can't move between different storages.");
            // RFC 959: 450 "Requested file action not taken. File unavailable (e.g., file busy)"
            case Failure.ChangedMeanwhile f -> Reply.of(450, "File changed meanwhile; nothing was written, try again.");
            case Failure.StorageDenied f -> Reply.of(550, "Permission denied by the storage.");
            // RFC 959: 421 "Service not available, closing control connection"
            case Failure.Busy f -> Reply.of(421, "Too busy right now; try again later.");
            // RFC 959: 451 "Requested action aborted: local error in processing"
            case Failure.StorageUnavailable f -> Reply.of(451, "Storage unavailable; try again later.");
        };
    }
}
