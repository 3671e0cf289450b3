package xxftp.domain.model;

/**
 * The one failure type of the domain. Every adapter translates its own exceptions into one of
 * these at its edge; the FTP adapter maps them to replies in a single exhaustive switch.
 * The message is for the log, never for a client.
 */
public abstract sealed class Failure extends RuntimeException {

    private Failure(String detail, Throwable cause) {
        super(detail, cause);
    }

    /** Missing, or hidden (a control file answers exactly like a missing one). */
    public static final class NotFound extends Failure {
        public NotFound(String detail) { super(detail, null); }
    }

    public static final class AlreadyExists extends Failure {
        public AlreadyExists(String detail) { super(detail, null); }
    }

    /** The effective permission does not allow the operation. */
    public static final class AccessDenied extends Failure {
        public AccessDenied(String detail) { super(detail, null); }
    }

    public static final class QuotaExceeded extends Failure {
        public QuotaExceeded(String detail) { super(detail, null); }
    }

    public static final class NotEmpty extends Failure {
        public NotEmpty(String detail) { super(detail, null); }
    }

    /** A mount point itself can't be deleted, renamed or overwritten. */
    public static final class MountPointProtected extends Failure {
        public MountPointProtected(String detail) { super(detail, null); }
    }

    public static final class NotADirectory extends Failure {
        public NotADirectory(String detail) { super(detail, null); }
    }

    public static final class NotAFile extends Failure {
        public NotAFile(String detail) { super(detail, null); }
    }

    /** A name the tree can't hold (control characters, too long, reserved). */
    public static final class InvalidName extends Failure {
        public InvalidName(String detail) { super(detail, null); }
    }

    /** A rename whose ends lie in different storages (e.g. a disk and a bucket). */
    public static final class CrossStorage extends Failure {
        public CrossStorage(String detail) { super(detail, null); }
    }

    /**
     * The stored file changed between the start of an operation and its end (a conditional
     * write lost a race): nothing was changed, and trying again may work.
     */
    public static final class ChangedMeanwhile extends Failure {
        public ChangedMeanwhile(String detail) { super(detail, null); }
    }

    /**
     * The store refused this server's own credentials or policy (S3 403): a configuration
     * error, not something a client can fix by waiting.
     */
    public static final class StorageDenied extends Failure {
        public StorageDenied(String detail, Throwable cause) { super(detail, cause); }
    }

    /** The server is too busy for this now (say, every slot for a password hash is taken): try later. */
    public static final class Busy extends Failure {
        public Busy(String detail) { super(detail, null); }
    }

    /** The store failed (I/O error, network): a transient or local error. */
    public static final class StorageUnavailable extends Failure {
        public StorageUnavailable(String detail, Throwable cause) { super(detail, cause); }
    }
}
