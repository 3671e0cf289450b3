package xxftp.ftp;

import java.io.IOException;
import java.util.Optional;

/**
 * One row of the command table. The {@link Dispatcher} enforces the row's login (530), order
 * (503) and arity (501) before the handler runs, so handlers only do their own work.
 *
 * @param needsLogin          when a login is needed (STAT: only for its listing form, with a path)
 * @param mustFollow          the verb that must come just before this one (RNTO after RNFR, PASS after USER)
 * @param transfer            uses the data connection: runs on a thread of its own while the control
 *                            connection keeps reading, so ABOR and STAT are heard during it
 * @param heardDuringTransfer when the row runs at once during a transfer instead of waiting for its
 *                            reply (RFC 959 5.4; ABOR, and STAT's status of the transfer, 4.1.3)
 * @param help                the argument synopsis shown by HELP
 */
record Command(String verb, Arity arity, When needsLogin, Optional<String> mustFollow, boolean transfer,
               When heardDuringTransfer, Handler handler, String help) {

    enum Arity { NONE, OPTIONAL, REQUIRED }

    /** When a rule of a row holds, which may depend on whether the command came with an argument. */
    enum When {
        NEVER, ALWAYS, WITH_ARGUMENT, WITHOUT_ARGUMENT;

        boolean holdsFor(String argument) {
            return switch (this) {
                case NEVER -> false;
                case ALWAYS -> true;
                case WITH_ARGUMENT -> !argument.isBlank();
                case WITHOUT_ARGUMENT -> argument.isBlank();
            };
        }
    }

    /** Runs a command; the returned reply is the final one (preliminary ones the handler sends itself). */
    @FunctionalInterface
    interface Handler {
        Reply handle(Session session, String argument) throws IOException;
    }

    static Command loggedIn(String verb, Arity arity, Handler handler, String help) {
        return new Command(verb, arity, When.ALWAYS, Optional.empty(), false, When.NEVER, handler, help);
    }

    /** A logged-in command that moves data (RETR, STOR, LIST, ...). */
    static Command transfer(String verb, Arity arity, Handler handler, String help) {
        return new Command(verb, arity, When.ALWAYS, Optional.empty(), true, When.NEVER, handler, help);
    }

    static Command anytime(String verb, Arity arity, Handler handler, String help) {
        return new Command(verb, arity, When.NEVER, Optional.empty(), false, When.NEVER, handler, help);
    }

    /** The same row under another verb (XMKD for MKD, BYE for QUIT). */
    Command alias(String otherVerb) {
        return new Command(otherVerb, arity, needsLogin, mustFollow, transfer, heardDuringTransfer, handler, help);
    }

    Command after(String previousVerb) {
        return new Command(verb, arity, needsLogin, Optional.of(previousVerb), transfer, heardDuringTransfer, handler, help);
    }

    Command loginNeeded(When when) {
        return new Command(verb, arity, when, mustFollow, transfer, heardDuringTransfer, handler, help);
    }

    Command heardDuringTransfer(When when) {
        return new Command(verb, arity, needsLogin, mustFollow, transfer, when, handler, help);
    }
}
