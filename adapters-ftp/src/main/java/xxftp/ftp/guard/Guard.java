package xxftp.ftp.guard;

import java.net.InetAddress;
import java.time.Clock;
import java.util.Optional;

/** What every session shares to hold up against abuse: the defender and the per-client and per-user limits. */
public final class Guard {

    private volatile GuardSettings settings;
    private final Defender defender;
    private final ClientLimits<ClientKey> connections;
    private final ClientLimits<String> users;

    public Guard(GuardSettings settings, Clock clock) {
        this.settings = settings;
        this.defender = new Defender(settings.bans(), clock);
        this.connections = new ClientLimits<>(settings.maxConnectionsPerIp());
        this.users = new ClientLimits<>(settings.maxSessionsPerUser());
    }

    public GuardSettings settings() {
        return settings;
    }

    /** New limits (a reload): counts and bans held so far stay, the new limits apply from now on. */
    public void update(GuardSettings next) {
        settings = next;
        defender.update(next.bans());
        connections.limit(next.maxConnectionsPerIp());
        users.limit(next.maxSessionsPerUser());
    }

    public Defender defender() {
        return defender;
    }

    /**
     * A new control connection from {@code address}: empty when it may go on (call
     * {@link #left} when it ends), or the text of the 421 that turns it away, before any work.
     */
    public Optional<String> admit(InetAddress address) {
        if (defender.isBanned(address)) {
            return Optional.of("Too many failed logins from your address; try again later.");
        }
        if (!connections.tryTake(ClientKey.of(address))) {
            return Optional.of("Too many connections from your address; try again later.");
        }
        return Optional.empty();
    }

    public void left(InetAddress address) {
        connections.giveBack(ClientKey.of(address));
    }

    /** A login of {@code user}: false when the user holds its limit of sessions (call {@link #loggedOut} later otherwise). */
    public boolean loggedIn(String user) {
        return users.tryTake(user);
    }

    public void loggedOut(String user) {
        users.giveBack(user);
    }
}
