package xxftp.ftp.guard;

import java.time.Duration;

/**
 * The abuse limits, each default beside it.
 *
 * @param maxConnectionsPerIp control connections one client (an address, an IPv6 /64) may hold;
 *                            one more is answered 421. 0: no limit
 * @param maxSessionsPerUser  logged-in sessions one user may hold; one more login is answered 530. 0: no limit
 * @param loginTimeout        a connection not logged in by then is answered 421 and closed
 * @param sharedBans          bans go through the bucket to the other servers on it ({@link SharedBans}); limits stay per server
 */
public record GuardSettings(Defender.Settings bans, int maxConnectionsPerIp, int maxSessionsPerUser, Duration loginTimeout,
                            boolean sharedBans) {

    /** As many as a browser or a sync tool opens, far fewer than a flood. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_IP = 32;
    public static final int DEFAULT_MAX_SESSIONS_PER_USER = 0;
    /** Enough for a person typing a password, short enough that idle connections don't pile up. */
    public static final Duration DEFAULT_LOGIN_TIMEOUT = Duration.ofSeconds(30);
    public static final GuardSettings DEFAULTS = new GuardSettings(Defender.Settings.DEFAULTS,
            DEFAULT_MAX_CONNECTIONS_PER_IP, DEFAULT_MAX_SESSIONS_PER_USER, DEFAULT_LOGIN_TIMEOUT);

    /** Bans of this server's own. */
    public GuardSettings(Defender.Settings bans, int maxConnectionsPerIp, int maxSessionsPerUser, Duration loginTimeout) {
        this(bans, maxConnectionsPerIp, maxSessionsPerUser, loginTimeout, false);
    }

    public GuardSettings {
        if (maxConnectionsPerIp < 0 || maxSessionsPerUser < 0) {
            throw new IllegalArgumentException("limits are 0 (none) or more");
        }
        if (!loginTimeout.isPositive()) {
            throw new IllegalArgumentException("the login timeout must be positive");
        }
    }
}
