package xxftp.bootstrap;

import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;
import xxftp.ftp.guard.Cidr;
import xxftp.ftp.guard.Defender;
import xxftp.ftp.guard.GuardSettings;

/** {@code serve}'s abuse limits: bans after failed logins, per-address and per-user limits, the login timeout. */
final class GuardFlags {

    @Option(names = "--ban-failures", paramLabel = "N",
            description = "failed logins from one address (an IPv6 /64) within --ban-window that ban it (default ${DEFAULT-VALUE}; 0: no bans)")
    int banFailures = Defender.Settings.DEFAULT_FAILURES;

    @Option(names = "--ban-window", paramLabel = "SECONDS", description = "how long failed logins count (default ${DEFAULT-VALUE})")
    long banWindow = Defender.Settings.DEFAULT_WINDOW.toSeconds();

    @Option(names = "--ban-time", paramLabel = "SECONDS",
            description = "how long a ban lasts (default ${DEFAULT-VALUE}); twice as long for each repeat, up to a day")
    long banTime = Defender.Settings.DEFAULT_BAN_TIME.toSeconds();

    @Option(names = "--ban-exempt", paramLabel = "CIDR[,CIDR...]", description = "addresses never banned (monitoring, your own network)")
    String banExempt = "";

    @Option(names = "--max-connections-per-ip", paramLabel = "N",
            description = "control connections one address may hold (default ${DEFAULT-VALUE}; 0: no limit); one more gets 421")
    int maxConnectionsPerIp = GuardSettings.DEFAULT_MAX_CONNECTIONS_PER_IP;

    @Option(names = "--max-sessions-per-user", paramLabel = "N",
            description = "logged-in sessions one user may hold (default ${DEFAULT-VALUE}: no limit); one more login gets 530")
    int maxSessionsPerUser = GuardSettings.DEFAULT_MAX_SESSIONS_PER_USER;

    @Option(names = "--login-timeout", paramLabel = "SECONDS",
            description = "close a connection not logged in by then with 421 (default ${DEFAULT-VALUE})")
    long loginTimeout = GuardSettings.DEFAULT_LOGIN_TIMEOUT.toSeconds();

    GuardSettings settings() {
        List<Cidr> exempt;
        try {
            exempt = Cidr.parseList(banExempt);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--ban-exempt", e.getMessage());
        }
        Duration ban = Duration.ofSeconds(atLeast("--ban-time", banTime, 1));
        // repeats double up to a day, or stay at a longer first ban
        Duration longest = ban.compareTo(Defender.Settings.MAX_BAN_TIME) > 0 ? ban : Defender.Settings.MAX_BAN_TIME;
        Defender.Settings bans = new Defender.Settings((int) atLeast("--ban-failures", banFailures, 0),
                Duration.ofSeconds(atLeast("--ban-window", banWindow, 1)), ban, longest, exempt);
        return new GuardSettings(bans, (int) atLeast("--max-connections-per-ip", maxConnectionsPerIp, 0),
                (int) atLeast("--max-sessions-per-user", maxSessionsPerUser, 0),
                Duration.ofSeconds(atLeast("--login-timeout", loginTimeout, 1)));
    }

    private static long atLeast(String option, long value, long low) {
        if (value < low) {
            throw new UsageError(option, "must be " + low + " or more, not " + value);
        }
        return value;
    }
}
