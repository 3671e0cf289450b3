package xxftp.ftp;

import java.io.IOException;
import java.util.Optional;

/**
 * One row of the command table. The dispatcher enforces the row's arity (501), login (530)
 * and order (503) before the handler runs, so handlers only do their own work.
 *
 * @param mustFollow the verb that must come just before this one (RNTO after RNFR, PASS after USER)
 * @param transfer   uses the data connection: runs on a thread of its own while the control
 *                   connection keeps reading, so ABOR and STAT are heard during it
 * @param help       the argument synopsis shown by HELP
 */
record Command(String verb, Arity arity, boolean needsLogin, Optional<String> mustFollow, boolean transfer,
               Handler handler, String help) {

    enum Arity { NONE, OPTIONAL, REQUIRED }

    /** Runs a command; the returned reply is the final one (preliminary ones are sent by the session). */
    @FunctionalInterface
    interface Handler {
        Reply handle(Session session, String argument) throws IOException;
    }

    static Command loggedIn(String verb, Arity arity, Handler handler, String help) {
        return new Command(verb, arity, true, Optional.empty(), false, handler, help);
    }

    /** A logged-in command that moves data (RETR, STOR, LIST, ...). */
    static Command transfer(String verb, Arity arity, Handler handler, String help) {
        return new Command(verb, arity, true, Optional.empty(), true, handler, help);
    }

    static Command anytime(String verb, Arity arity, Handler handler, String help) {
        return new Command(verb, arity, false, Optional.empty(), false, handler, help);
    }

    /** The same row under another verb (XMKD for MKD, BYE for QUIT). */
    Command alias(String otherVerb) {
        return new Command(otherVerb, arity, needsLogin, mustFollow, transfer, handler, help);
    }

    Command after(String previousVerb) {
        return new Command(verb, arity, needsLogin, Optional.of(previousVerb), transfer, handler, help);
    }
}
