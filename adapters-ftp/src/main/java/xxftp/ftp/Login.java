package xxftp.ftp;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import xxftp.domain.model.Account;
import xxftp.domain.tree.UserTree;

/** Who a session is: the user named by USER and waiting for PASS, then the logged-in user's tree. */
final class Login {

    private static final Logger log = LoggerFactory.getLogger(Login.class);
    /** Failed logins a connection may have; the last one closes it (421). */
    private static final int TRIES = 3;

    private String pendingUser;
    private Optional<Account> pendingAccount = Optional.empty();
    private int failures;
    private UserTree tree;

    /** USER: the name waits for its password; an unknown name waits too, with no account. */
    void expectPassword(String userName, Optional<Account> account) {
        pendingUser = userName;
        pendingAccount = account;
    }

    Optional<Account> pendingAccount() {
        return pendingAccount;
    }

    /** The name USER gave, known or not, for what a failed PASS reports. */
    String pendingUser() {
        return pendingUser == null ? "" : pendingUser;
    }

    void loggedIn(UserTree userTree) {
        tree = userTree;
        pendingAccount = Optional.empty();
        MDC.put("user", userTree.account().name());
        log.info("Login as {}", userTree.account().name());
    }

    boolean isLoggedIn() {
        return tree != null;
    }

    /** The logged-in user's name, for what ends with the session. */
    Optional<String> userName() {
        return Optional.ofNullable(tree).map(userTree -> userTree.account().name());
    }

    /** The logged-in user's tree; null before login (the dispatcher lets no such command through). */
    UserTree tree() {
        return tree;
    }

    /** Counts a failed login; true when the client has used up its tries. */
    boolean failed() {
        log.warn("Login failed for user {}", pendingUser);
        pendingAccount = Optional.empty();
        return ++failures >= TRIES;
    }
}
