package xxftp.domain.port;

import java.util.Optional;
import xxftp.domain.model.Account;

/** The accounts port: who may log in, and with which password. */
public interface Accounts {

    /** Whether a USER argument is a well-formed name at all (the empty name means anonymous). */
    boolean isValidName(String userName);

    /** The account for a USER argument, or empty if the name is invalid or no such user exists. */
    Optional<Account> find(String userName);

    /** Whether the account has a password at all; without one, USER alone logs in. */
    boolean needsPassword(Account account);

    /** Whether the password is the account's; true for an account without a password. */
    boolean passwordMatches(Account account, String password);
}
