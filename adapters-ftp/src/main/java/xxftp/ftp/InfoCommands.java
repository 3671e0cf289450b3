package xxftp.ftp;

import static xxftp.ftp.Command.Arity.NONE;
import static xxftp.ftp.Command.Arity.OPTIONAL;
import static xxftp.ftp.Command.Arity.REQUIRED;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What the server is and can do: SYST, FEAT, OPTS, HELP, NOOP. All work before login. */
final class InfoCommands {

    /** RFC 2389: FEAT lists exactly the extensions implemented, each line starting with a space. */
    static final List<String> FEATURES = List.of("EPRT", "EPSV", "MDTM", "PASV", "REST STREAM", "SIZE", "UTF8");

    private InfoCommands() {}

    static List<Command> rows() {
        return List.of(
                Command.anytime("SYST", NONE, (session, arg) -> Reply.of(215, "UNIX Type: L8"), "(system type)"),
                Command.anytime("FEAT", NONE, InfoCommands::feat, "(list extensions)"),
                Command.anytime("OPTS", REQUIRED, InfoCommands::opts, "<sp> UTF8 ON"),
                Command.anytime("HELP", OPTIONAL, InfoCommands::help, "[<sp> command]"),
                Command.anytime("NOOP", NONE, (session, arg) -> Reply.of(200, "NOOP ok."), "(no operation)"));
    }

    private static Reply feat(Session session, String unused) {
        List<String> lines = new ArrayList<>();
        lines.add("Extensions supported:");
        FEATURES.forEach(feature -> lines.add(" " + feature));
        lines.add("End");
        return new Reply(211, lines);
    }

    /** RFC 2640: names are always UTF-8; OPTS UTF8 ON (or OFF, which some clients send) is accepted. */
    private static Reply opts(Session session, String argument) {
        String option = argument.strip().toUpperCase(Locale.ROOT);
        if (option.equals("UTF8 ON") || option.equals("UTF8") || option.equals("UTF-8 ON")) {
            return Reply.of(200, "Always in UTF8 mode.");
        }
        return Reply.of(501, "Option not understood.");
    }

    private static Reply help(Session session, String argument) {
        CommandTable commands = session.services().commands();
        if (!argument.isBlank()) {
            return commands.find(argument.strip())
                    .map(command -> Reply.of(214, "Syntax: " + command.verb() + " " + command.help()))
                    .orElse(Reply.of(502, "Unknown command " + argument.strip() + "."));
        }
        List<String> lines = new ArrayList<>();
        lines.add("The following commands are recognized:");
        StringBuilder row = new StringBuilder();
        for (Command command : commands.all()) {
            row.append(' ').append(String.format("%-5s", command.verb()));
            if (row.length() > 60) {
                lines.add(row.toString());
                row.setLength(0);
            }
        }
        if (!row.isEmpty()) {
            lines.add(row.toString());
        }
        lines.add("Help OK.");
        return new Reply(214, lines);
    }
}
