package xxftp.ftp;

import java.io.IOException;
import java.util.Optional;

/**
 * One row of the command table. The dispatcher enforces the row's arity (501), login (530)
 * and order (503) before the handler runs, so handlers only do their own work.
 *
 * @param mustFollow the verb that must come just before this one (RNTO after RNFR, PASS after USER)
 * @param help       the argument synopsis shown by HELP
 */
record Command(String verb, Arity arity, boolean needsLogin, Optional<String> mustFollow, Handler handler, String help) {

    enum Arity { NONE, OPTIONAL, REQUIRED }

    /** Runs a command; the returned reply is the final one (preliminary ones are sent by the session). */
    @FunctionalInterface
    interface Handler {
        Reply handle(Session session, String argument) throws IOException;
    }

    static Command loggedIn(String verb, Arity arity, Handler handler, String help) {
        return new Command(verb, arity, true, Optional.empty(), handler, help);
    }

    static Command anytime(String verb, Arity arity, Handler handler, String help) {
        return new Command(verb, arity, false, Optional.empty(), handler, help);
    }

    /** The same row under another verb (XMKD for MKD, BYE for QUIT). */
    Command alias(String otherVerb) {
        return new Command(otherVerb, arity, needsLogin, mustFollow, handler, help);
    }

    Command after(String previousVerb) {
        return new Command(verb, arity, needsLogin, Optional.of(previousVerb), handler, help);
    }
}
