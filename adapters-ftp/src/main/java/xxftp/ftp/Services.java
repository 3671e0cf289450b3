package xxftp.ftp;

import java.util.concurrent.ScheduledExecutorService;
import xxftp.domain.port.Accounts;
import xxftp.domain.port.Greetings;
import xxftp.domain.port.Namespace;
import xxftp.domain.port.Quota;
import xxftp.ftp.events.FtpListener;
import xxftp.ftp.guard.Guard;

/**
 * What every session shares: the domain's ports, the settings, the command table, the guard
 * against abuse, one timer thread for deadlines (unused passive listeners, stalled data), and
 * the listener told of what sessions do.
 * The settings can be replaced while the server runs (SIGHUP): what reads them next gets the new.
 */
final class Services {

    private volatile FtpConfig config;
    private final Accounts accounts;
    private final Greetings greetings;
    private final Namespace namespace;
    private final Quota quota;
    private final CommandTable commands;
    private final PassivePorts passivePorts;
    private final Guard guard;
    private final ScheduledExecutorService timers;
    private final FtpListener listener;

    Services(FtpConfig config, Accounts accounts, Greetings greetings, Namespace namespace, Quota quota,
             CommandTable commands, PassivePorts passivePorts, Guard guard, ScheduledExecutorService timers,
             FtpListener listener) {
        this.config = config;
        this.accounts = accounts;
        this.greetings = greetings;
        this.namespace = namespace;
        this.quota = quota;
        this.commands = commands;
        this.passivePorts = passivePorts;
        this.guard = guard;
        this.timers = timers;
        this.listener = listener;
    }

    FtpConfig config() {
        return config;
    }

    /** New settings for what comes next (new connections, the next TLS handshake); the guard takes its part. */
    void reconfigure(FtpConfig next) {
        config = next;
        guard.update(next.guard());
    }

    Accounts accounts() {
        return accounts;
    }

    Greetings greetings() {
        return greetings;
    }

    Namespace namespace() {
        return namespace;
    }

    Quota quota() {
        return quota;
    }

    CommandTable commands() {
        return commands;
    }

    PassivePorts passivePorts() {
        return passivePorts;
    }

    Guard guard() {
        return guard;
    }

    ScheduledExecutorService timers() {
        return timers;
    }

    FtpListener listener() {
        return listener;
    }
}
