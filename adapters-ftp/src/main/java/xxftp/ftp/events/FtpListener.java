package xxftp.ftp.events;

/**
 * Told of every {@link FtpEvent}, on the thread of the session that caused it: it must return
 * at once (queue slow work) and never throw; a listener that throws is logged and ignored.
 */
@FunctionalInterface
public interface FtpListener {

    FtpListener NONE = event -> { };

    void on(FtpEvent event);

    /**
     * Whether events should carry what costs work to find: where a file is stored and the
     * SHA-256 of an upload (a hash of every byte). False: those stay empty.
     */
    default boolean wantsDetails() {
        return false;
    }
}
