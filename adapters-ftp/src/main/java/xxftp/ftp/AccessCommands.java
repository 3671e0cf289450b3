package xxftp.ftp;

import static xxftp.ftp.Command.Arity.NONE;
import static xxftp.ftp.Command.Arity.OPTIONAL;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import xxftp.domain.model.Account;
import xxftp.domain.model.Failure;
import xxftp.domain.port.Accounts;
import xxftp.domain.tree.UserTree;
import xxftp.ftp.events.FtpEvent;
import xxftp.ftp.guard.Defender;
import xxftp.ftp.guard.Guard;

/** Logging in and out: USER, PASS, QUIT (RFC 959 4.1.1). */
final class AccessCommands {

    /**
     * Every failed PASS is answered this long after it arrived, whatever failed (no such user,
     * a wrong password, an unreadable password file), so names can't be told apart by timing;
     * it also slows guessing. A virtual thread sleeping costs nothing.
     */
    static final Duration FAILED_LOGIN_REPLY_AFTER = Duration.ofMillis(500);

    private AccessCommands() {}

    static List<Command> rows() {
        Command quit = Command.anytime("QUIT", NONE, AccessCommands::quit, "(end the session)");
        return List.of(
                Command.anytime("USER", OPTIONAL, AccessCommands::user, "<sp> username"),
                Command.anytime("PASS", OPTIONAL, AccessCommands::pass, "<sp> password").after("USER"),
                quit,
                quit.alias("BYE"));
    }

    private static Reply user(Session session, String name) {
        if (session.login().isLoggedIn()) {
            return Reply.of(530, "Can't change to another user.");
        }
        if (tlsRequired(session)) {
            return Reply.of(530, "This server requires TLS: use AUTH TLS before logging in.");
        }
        Accounts accounts = session.services().accounts();
        String trimmed = name.strip();
        if (!accounts.isValidName(trimmed)) {
            return Reply.of(530, "Invalid user name.");
        }
        Optional<Account> account = accounts.find(trimmed);
        if (account.isPresent() && !accounts.needsPassword(account.get())) {
            return logIn(session, account.get());
        }
        // an unknown user is asked for a password like a known one, so names can't be probed
        session.login().expectPassword(trimmed, account);
        return Reply.of(331, "Password required for " + trimmed + ".");
    }

    private static Reply pass(Session session, String password) {
        if (session.login().isLoggedIn()) {
            // USER was enough (no password file); clients that send PASS anyway must not be
            // counted as failing. RFC 959 4.2: 202 "Command not implemented, superfluous at this site"
            return Reply.of(202, "Already logged in; no password needed.");
        }
        if (tlsRequired(session)) {
            return Reply.of(530, "This server requires TLS: use AUTH TLS before logging in.");
        }
        long started = System.nanoTime();
        Guard guard = session.services().guard();
        if (guard.defender().isBanned(session.peerAddress())) {
            // banned meanwhile, from another session: no more guesses, and no hash spent on them
            session.events().login(session.login().pendingUser(), FtpEvent.LoginOutcome.BANNED);
            return Reply.of(421, "Too many failed logins from your address; try again later.");
        }
        Optional<Account> account = session.login().pendingAccount();
        boolean matches;
        try {
            matches = account.isPresent() && session.services().accounts().passwordMatches(account.get(), password);
        } catch (Failure.Busy busy) {
            // no turn for a hash (a flood): an attempt that failed all the same, for the defender
            failed(session, FtpEvent.LoginOutcome.BUSY);
            throw busy;
        }
        if (matches) {
            return logIn(session, account.get());
        }
        boolean exhausted = session.login().failed();
        failed(session, account.isPresent() ? FtpEvent.LoginOutcome.BAD_PASSWORD : FtpEvent.LoginOutcome.UNKNOWN_USER);
        waitUntil(started + FAILED_LOGIN_REPLY_AFTER.toNanos());
        if (exhausted) {
            return Reply.of(421, "Too many failed logins; closing control connection.");
        }
        return Reply.of(530, "Login incorrect.");
    }

    /** A failed login counts for the defender; the one that bans the address is an event of its own. */
    private static void failed(Session session, FtpEvent.LoginOutcome outcome) {
        Defender defender = session.services().guard().defender();
        defender.loginFailed(session.peerAddress());
        session.events().login(session.login().pendingUser(), outcome);
        if (defender.isBanned(session.peerAddress())) {
            session.events().banned();
        }
    }

    private static void waitUntil(long nanoTime) {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            LockSupport.parkNanos(left);
        }
    }

    /** With TLS required, no user name or password may cross an unprotected connection. */
    private static boolean tlsRequired(Session session) {
        return !session.protection().controlProtected() && session.services().config().tls().map(FtpTls::requiredForLogin).orElse(false);
    }

    private static Reply logIn(Session session, Account account) {
        if (!session.services().guard().loggedIn(account.name())) {
            session.login().expectPassword(null, Optional.empty());
            session.events().login(account.name(), FtpEvent.LoginOutcome.TOO_MANY_SESSIONS);
            return Reply.of(530, "Too many sessions for this user; try again later.");
        }
        session.login().loggedIn(new UserTree(account, session.services().namespace(), session.services().quota()));
        session.events().login(account.name(), FtpEvent.LoginOutcome.OK);
        return Reply.of(230, "Login successful.");
    }

    private static Reply quit(Session session, String unused) {
        session.quit();
        List<String> goodbye = session.services().greetings().goodbye()
                .map(text -> text.lines().toList()).filter(lines -> !lines.isEmpty()).orElse(List.of("Goodbye."));
        return new Reply(221, goodbye);
    }
}
