package xxftp.ftp;

import static xxftp.ftp.Command.Arity.REQUIRED;

import java.util.List;
import java.util.Locale;

/** How the next transfer is made: TYPE, MODE, STRU, REST, ALLO (the data connection: {@link DataPortCommands}). */
final class ParameterCommands {

    private ParameterCommands() {}

    static List<Command> rows() {
        return List.of(
                Command.loggedIn("TYPE", REQUIRED, ParameterCommands::type, "<sp> A | I | L 8"),
                Command.loggedIn("MODE", REQUIRED, ParameterCommands::mode, "<sp> S"),
                Command.loggedIn("STRU", REQUIRED, ParameterCommands::stru, "<sp> F"),
                Command.loggedIn("REST", REQUIRED, ParameterCommands::rest, "<sp> byte-offset"),
                Command.loggedIn("ALLO", REQUIRED, ParameterCommands::allo, "<sp> bytes [<sp> R <sp> record-size]"));
    }

    /** RFC 959 3.1.1: A converts line ends in RETR and STOR (see {@link AsciiText}); I and L 8 move bytes as they are. */
    private static Reply type(Session session, String argument) {
        String type = argument.strip().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
        return switch (type) {
            case "I", "L 8", "L8" -> {
                session.parameters().useAsciiType(false);
                yield Reply.of(200, "Type set to I.");
            }
            case "A", "A N" -> {
                session.parameters().useAsciiType(true);
                yield Reply.of(200, "Type set to A.");
            }
            case "E", "A T", "A C", "E N", "L" -> Reply.of(504, "Type not implemented for that parameter.");
            default -> Reply.of(501, "Unknown type " + argument.strip() + ".");
        };
    }

    private static Reply mode(Session session, String argument) {
        return switch (argument.strip().toUpperCase(Locale.ROOT)) {
            case "S" -> Reply.of(200, "Mode set to S.");
            case "B", "C", "Z" -> Reply.of(504, "Only stream mode is supported.");
            default -> Reply.of(501, "Unknown mode.");
        };
    }

    private static Reply stru(Session session, String argument) {
        return switch (argument.strip().toUpperCase(Locale.ROOT)) {
            case "F" -> Reply.of(200, "Structure set to F.");
            case "R", "P" -> Reply.of(504, "Only file structure is supported.");
            default -> Reply.of(501, "Unknown structure.");
        };
    }

    /** RFC 3659 REST STREAM: the byte offset for the next RETR or STOR. */
    private static Reply rest(Session session, String argument) {
        try {
            long offset = Long.parseLong(argument.strip());
            if (offset < 0) {
                return Reply.of(501, "Offset must not be negative.");
            }
            session.parameters().restartAt(offset);
            return Reply.of(350, "Restarting at " + offset + ". Send RETR or STOR to continue.");
        } catch (NumberFormatException e) {
            return Reply.of(501, "Offset must be a number.");
        }
    }

    /** RFC 959 ALLO: the size of the next upload, which lets the S3 backend pick its part size. */
    private static Reply allo(Session session, String argument) {
        String[] words = argument.strip().split("\\s+");
        try {
            long bytes = Long.parseLong(words[0]);
            if (bytes < 0) {
                return Reply.of(501, "Size must not be negative.");
            }
            session.parameters().announce(bytes);
            return Reply.of(200, "ALLO noted: " + bytes + " bytes.");
        } catch (NumberFormatException e) {
            return Reply.of(501, "ALLO needs a size in bytes.");
        }
    }
}
