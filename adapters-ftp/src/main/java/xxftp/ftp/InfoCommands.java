package xxftp.ftp;

import static xxftp.ftp.Command.Arity.NONE;
import static xxftp.ftp.Command.Arity.OPTIONAL;
import static xxftp.ftp.Command.Arity.REQUIRED;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/** What the server is and can do: SYST, FEAT, OPTS, HELP, SITE HELP, NOOP. All but SITE work before login. */
final class InfoCommands {

    /**
     * RFC 2389: FEAT lists exactly the extensions implemented, each line starting with a space.
     * These never change; MLST and HASH show the session's selection (see {@link #feat}).
     */
    static final List<String> FEATURES = List.of("EPRT", "EPSV", "MDTM", "MFMT", "PASV", "REST STREAM", "SIZE", "TVFS",
            "UTF8");

    /** The SITE subcommands (RFC 959 4.1.3), rows like the command table's: HELP alone, which lists them. */
    private static final List<Command> SITE_ROWS = List.of(
            Command.loggedIn("HELP", OPTIONAL, (session, arg) -> siteHelp(), "(list SITE commands)"));

    private InfoCommands() {}

    static List<Command> rows() {
        return List.of(
                Command.anytime("SYST", NONE, (session, arg) -> Reply.of(215, "UNIX Type: L8"), "(system type)"),
                Command.anytime("FEAT", NONE, InfoCommands::feat, "(list extensions)"),
                Command.anytime("OPTS", REQUIRED, InfoCommands::opts, "<sp> UTF8 ON | MLST facts | HASH [algorithm]"),
                Command.anytime("HELP", OPTIONAL, InfoCommands::help, "[<sp> command]"),
                Command.loggedIn("SITE", REQUIRED, InfoCommands::site, "<sp> HELP"),
                Command.anytime("NOOP", NONE, (session, arg) -> Reply.of(200, "NOOP ok."), "(no operation)"));
    }

    private static Reply feat(Session session, String unused) {
        List<String> lines = new ArrayList<>();
        lines.add("Extensions supported:");
        Stream.of(FEATURES.stream(), Stream.of(ListingCommands.feature(session), IntegrityCommands.feature(session)),
                        SecurityCommands.features(session).stream())
                .flatMap(features -> features)
                .sorted().forEach(feature -> lines.add(" " + feature));
        lines.add("End");
        return new Reply(211, lines);
    }

    /** RFC 2389 OPTS: a command's name, then options for that command. */
    private static Reply opts(Session session, String argument) {
        String[] words = argument.strip().split("\\s+", 2);
        String options = words.length > 1 ? words[1] : "";
        return switch (words[0].toUpperCase(Locale.ROOT)) {
            case "MLST" -> ListingCommands.optsMlst(session, options);
            case "HASH" -> IntegrityCommands.optsHash(session, options);
            default -> utf8(argument);
        };
    }

    /** RFC 2640: names are always UTF-8; OPTS UTF8 ON (or UTF8 alone, which some clients send) is accepted, OFF is not. */
    private static Reply utf8(String argument) {
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

    private static Reply site(Session session, String argument) throws IOException {
        String[] words = argument.strip().split("\\s+", 2);
        Optional<Command> row = SITE_ROWS.stream().filter(command -> command.verb().equalsIgnoreCase(words[0])).findFirst();
        if (row.isEmpty()) {
            // RFC 959: 504 "Command not implemented for that parameter"
            return Reply.of(504, "Unknown SITE command " + words[0] + ".");
        }
        return row.get().handler().handle(session, words.length > 1 ? words[1] : "");
    }

    private static Reply siteHelp() {
        List<String> lines = new ArrayList<>();
        lines.add("The following SITE commands are recognized:");
        SITE_ROWS.forEach(command -> lines.add(" " + command.verb() + " " + command.help()));
        lines.add("Help OK.");
        return new Reply(214, lines);
    }
}
