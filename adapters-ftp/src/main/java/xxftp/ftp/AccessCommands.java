package xxftp.ftp;

import static xxftp.ftp.Command.Arity.NONE;
import static xxftp.ftp.Command.Arity.OPTIONAL;

import java.util.List;
import java.util.Optional;
import xxftp.domain.model.Account;
import xxftp.domain.port.Accounts;
import xxftp.domain.tree.UserTree;

/** Logging in and out: USER, PASS, QUIT (RFC 959 4.1.1). */
final class AccessCommands {

    /** Slows password guessing; a virtual thread sleeping costs nothing. */
    private static final long FAILED_LOGIN_DELAY_MILLIS = 500;

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
            logIn(session, account.get());
            return Reply.of(230, "Login successful.");
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
        Optional<Account> account = session.login().pendingAccount();
        if (account.isPresent() && session.services().accounts().passwordMatches(account.get(), password)) {
            logIn(session, account.get());
            return Reply.of(230, "Login successful.");
        }
        boolean exhausted = session.login().failed();
        try {
            Thread.sleep(FAILED_LOGIN_DELAY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (exhausted) {
            session.quit();
            return Reply.of(421, "Too many failed logins; closing control connection.");
        }
        return Reply.of(530, "Login incorrect.");
    }

    /** With TLS required, no user name or password may cross an unprotected connection. */
    private static boolean tlsRequired(Session session) {
        return !session.protection().controlProtected() && session.services().config().tls().map(FtpTls::requiredForLogin).orElse(false);
    }

    private static void logIn(Session session, Account account) {
        session.login().loggedIn(new UserTree(account, session.services().namespace(), session.services().quota()));
    }

    private static Reply quit(Session session, String unused) {
        session.quit();
        List<String> goodbye = session.services().greetings().goodbye()
                .map(text -> text.lines().toList()).filter(lines -> !lines.isEmpty()).orElse(List.of("Goodbye."));
        return new Reply(221, goodbye);
    }
}
