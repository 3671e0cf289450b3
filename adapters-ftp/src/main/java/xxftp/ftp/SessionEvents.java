package xxftp.ftp;

import java.net.InetAddress;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xxftp.domain.model.Failure;
import xxftp.domain.model.Location;
import xxftp.domain.model.VirtualPath;
import xxftp.ftp.events.FtpEvent;
import xxftp.ftp.events.FtpListener;

/**
 * One session's line to the {@link FtpListener}: fills in who the session is, finds where a
 * file is stored when the listener wants details, and keeps a failing listener from the session.
 */
final class SessionEvents {

    private static final Logger log = LoggerFactory.getLogger(SessionEvents.class);

    private final FtpListener listener;
    private final long number;
    private final InetAddress peer;
    private final Login login;

    SessionEvents(FtpListener listener, long number, InetAddress peer, Login login) {
        this.listener = listener;
        this.number = number;
        this.peer = peer;
        this.login = login;
    }

    /** Whether to spend work on locations and upload digests. */
    boolean detailed() {
        return listener.wantsDetails();
    }

    void started() {
        send(new FtpEvent.SessionStarted(client()));
    }

    void ended() {
        send(new FtpEvent.SessionEnded(client()));
    }

    void login(String user, FtpEvent.LoginOutcome outcome) {
        send(new FtpEvent.LoginAttempt(client(), user, outcome));
    }

    void banned() {
        send(new FtpEvent.Banned(client()));
    }

    void command(String verb, int replyCode, long startedNanos) {
        send(new FtpEvent.CommandDone(client(), verb, replyCode, System.nanoTime() - startedNanos));
    }

    void transfer(TransferSubject subject, long bytes, long nanos, boolean ascii, FtpEvent.Outcome outcome,
                  Optional<String> sha256) {
        Optional<Location> location = subject.direction() == FtpEvent.Direction.LISTING ? Optional.empty() : locate(subject.path());
        send(new FtpEvent.TransferDone(client(), subject.direction(), subject.verb(), subject.path(), bytes, nanos, ascii,
                outcome, location, sha256));
    }

    void changed(FtpEvent.Change change, VirtualPath path) {
        send(new FtpEvent.Changed(client(), change, path, Optional.empty(), locate(path)));
    }

    void renamed(VirtualPath from, VirtualPath to) {
        send(new FtpEvent.Changed(client(), FtpEvent.Change.RENAME, to, Optional.of(from), locate(to)));
    }

    void quotaRefused(String verb, VirtualPath path) {
        send(new FtpEvent.QuotaRefused(client(), verb, path));
    }

    private FtpEvent.Client client() {
        return new FtpEvent.Client(number, peer, login.userName());
    }

    private Optional<Location> locate(VirtualPath path) {
        if (!listener.wantsDetails() || !login.isLoggedIn()) {
            return Optional.empty();
        }
        try {
            return Optional.of(login.tree().resolve(path).location());
        } catch (Failure unresolvable) {
            // the tree changed under the path meanwhile: the event goes without
            return Optional.empty();
        }
    }

    private void send(FtpEvent event) {
        try {
            listener.on(event);
        } catch (RuntimeException bug) {
            log.warn("An event listener failed on {}", event.getClass().getSimpleName(), bug);
        }
    }
}
