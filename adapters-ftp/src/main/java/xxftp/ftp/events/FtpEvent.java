package xxftp.ftp.events;

import java.net.InetAddress;
import java.util.Optional;
import xxftp.domain.model.Location;
import xxftp.domain.model.VirtualPath;

/**
 * What the FTP adapter did, as it tells an {@link FtpListener}: a session came or went, a login,
 * a command and its reply, a transfer, a change to the tree, a refusal. Every event names the
 * session it belongs to. Values only: user names and paths are data for logs and hooks, never
 * metric labels.
 */
public sealed interface FtpEvent {

    /**
     * The session of an event.
     *
     * @param session the session's number since the server started (also the log's MDC "session")
     * @param user    the logged-in user, empty before a login
     */
    record Client(long session, InetAddress remote, Optional<String> user) {}

    Client client();

    record SessionStarted(Client client) implements FtpEvent {}

    /** The control connection ended; with a user in the client, that user logged out. */
    record SessionEnded(Client client) implements FtpEvent {}

    enum LoginOutcome { OK, BAD_PASSWORD, UNKNOWN_USER, BANNED, TOO_MANY_SESSIONS, BUSY }

    /** A USER that logged in by itself (no password needed), or a PASS; {@code user} as the client gave it. */
    record LoginAttempt(Client client, String user, LoginOutcome outcome) implements FtpEvent {}

    /**
     * A command and its final reply; a transfer's ends with the transfer.
     *
     * @param verb the table's verb ({@code XMKD} stays {@code XMKD}), or {@link #UNKNOWN_VERB}: what a
     *             client typed is never passed on as a verb
     */
    record CommandDone(Client client, String verb, int replyCode, long nanos) implements FtpEvent {
        public static final String UNKNOWN_VERB = "unknown";
    }

    enum Direction { UPLOAD, DOWNLOAD, LISTING }

    /** COMPLETE: 226; ABORTED: ABOR or the client left; LOST: the data connection broke; FAILED: the storage refused. */
    enum Outcome { COMPLETE, ABORTED, LOST, FAILED }

    /**
     * A transfer over a data connection that was opened.
     *
     * @param bytes    what crossed the data connection
     * @param ascii    TYPE A (CRLF on the wire) rather than TYPE I
     * @param location where the file is stored, when the listener asked for details
     * @param sha256   the SHA-256 of the whole stored file, hex, when the server computed it: a
     *                 complete upload of a whole file (STOR without REST, STOU) to a listener
     *                 that asked for details
     */
    record TransferDone(Client client, Direction direction, String verb, VirtualPath path, long bytes, long nanos,
                        boolean ascii, Outcome outcome, Optional<Location> location, Optional<String> sha256)
            implements FtpEvent {}

    enum Change { DELETE, RENAME, MKDIR, RMDIR }

    /**
     * A change to the tree that succeeded.
     *
     * @param from     a rename's source
     * @param location where {@code path} is stored, when the listener asked for details
     */
    record Changed(Client client, Change change, VirtualPath path, Optional<VirtualPath> from,
                   Optional<Location> location) implements FtpEvent {}

    /** A command refused with 552 because a quota is full; {@code path} is the one the command named. */
    record QuotaRefused(Client client, String verb, VirtualPath path) implements FtpEvent {}

    /** This failed login banned the client's address (an IPv6 /64). */
    record Banned(Client client) implements FtpEvent {}
}
