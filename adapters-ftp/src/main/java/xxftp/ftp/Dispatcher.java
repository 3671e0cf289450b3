package xxftp.ftp;

import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xxftp.domain.model.Failure;
import xxftp.ftp.events.FtpEvent;

/**
 * Runs one command line of a session through the command table: the checks every row shares
 * (login 530, order 503, arity 501; an unknown verb is a 500), then the handler, on the
 * control loop or, for a transfer, on a thread of its own. Replies go through the session's
 * writer.
 */
final class Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final CommandTable commands;
    private final Session session;
    /** The verb of the last command that succeeded, for the order checks (RNFR before RNTO). */
    private String lastVerb;

    Dispatcher(CommandTable commands, Session session) {
        this.commands = commands;
        this.session = session;
    }

    void dispatch(String line) throws IOException {
        long started = System.nanoTime();
        int space = line.indexOf(' ');
        String verb = space < 0 ? line : line.substring(0, space);
        String argument = space < 0 ? "" : line.substring(space + 1);
        Optional<Command> found = commands.find(verb.strip());
        if (found.isEmpty()) {
            lastVerb = null;
            session.replies().send(Reply.of(500, "Unknown command."));
            session.events().command(FtpEvent.CommandDone.UNKNOWN_VERB, 500, started);
            return;
        }
        Command command = found.get();
        if (!command.heardDuringTransfer().holdsFor(argument)) {
            // RFC 959 5.4: a command waits for the running transfer's reply
            session.transfers().await();
        }
        Optional<Reply> refused = check(command, argument);
        if (refused.isEmpty() && command.transfer()) {
            lastVerb = command.verb();
            session.transfers().start(() -> {
                Reply transferred = run(command, argument);
                session.events().command(command.verb(), transferred.code(), started);
                return transferred;
            });
            return;
        }
        Reply reply = refused.orElseGet(() -> run(command, argument));
        lastVerb = reply.code() < 400 ? command.verb() : null;
        if (reply.code() == 421) {
            // RFC 959: 421 "Service not available, closing control connection"
            session.quit();
        }
        session.replies().send(reply);
        session.events().command(command.verb(), reply.code(), started);
    }

    private Optional<Reply> check(Command command, String argument) {
        if (command.needsLogin().holdsFor(argument) && !session.login().isLoggedIn()) {
            return Optional.of(Reply.of(530, "Please log in with USER and PASS."));
        }
        if (command.mustFollow().isPresent() && !command.mustFollow().get().equals(lastVerb)) {
            return Optional.of(Reply.of(503, "Bad sequence of commands: " + command.mustFollow().get() + " first."));
        }
        boolean hasArgument = !argument.isBlank();
        if (command.arity() == Command.Arity.REQUIRED && !hasArgument
                || command.arity() == Command.Arity.NONE && hasArgument) {
            return Optional.of(Reply.of(501, "Syntax error in parameters or arguments."));
        }
        return Optional.empty();
    }

    /** The handler's reply; a domain failure becomes its reply, anything else a 451 and a log entry. */
    private Reply run(Command command, String argument) {
        try {
            return command.handler().handle(session, argument);
        } catch (Failure failure) {
            log.info("{} refused: {}", command.verb(), failure.toString());
            if (failure instanceof Failure.QuotaExceeded) {
                session.events().quotaRefused(command.verb(), session.path(argument));
            }
            return FailureReplies.of(failure);
        } catch (IOException | RuntimeException bug) {
            log.error("{} failed", command.verb(), bug);
            return Reply.of(451, "Local error in processing.");
        }
    }
}
