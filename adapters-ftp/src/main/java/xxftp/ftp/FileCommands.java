package xxftp.ftp;

import static xxftp.ftp.Command.Arity.REQUIRED;

import java.util.List;
import xxftp.domain.model.Entry;
import xxftp.domain.model.Failure;
import xxftp.domain.model.VirtualPath;
import xxftp.ftp.events.FtpEvent;

/** Single files: DELE, RNFR/RNTO, SIZE, MDTM. */
final class FileCommands {

    private FileCommands() {}

    static List<Command> rows() {
        return List.of(
                Command.loggedIn("DELE", REQUIRED, FileCommands::dele, "<sp> pathname"),
                Command.loggedIn("RNFR", REQUIRED, FileCommands::rnfr, "<sp> pathname"),
                Command.loggedIn("RNTO", REQUIRED, FileCommands::rnto, "<sp> pathname").after("RNFR"),
                Command.loggedIn("SIZE", REQUIRED, FileCommands::size, "<sp> pathname"),
                Command.loggedIn("MDTM", REQUIRED, FileCommands::mdtm, "<sp> pathname"));
    }

    private static Reply dele(Session session, String spelling) {
        VirtualPath path = session.path(spelling);
        session.tree().delete(path);
        session.events().changed(FtpEvent.Change.DELETE, path);
        return Reply.of(250, "File deleted.");
    }

    private static Reply rnfr(Session session, String spelling) {
        VirtualPath from = session.path(spelling);
        session.tree().renameSource(from);
        session.renameFrom(from);
        return Reply.of(350, "Ready for RNTO.");
    }

    private static Reply rnto(Session session, String spelling) {
        VirtualPath from = session.takeRenameFrom();
        VirtualPath to = session.path(spelling);
        session.tree().rename(from, to);
        session.events().renamed(from, to);
        return Reply.of(250, "Rename successful.");
    }

    /** RFC 3659 4: the size of a file; a directory has none. */
    private static Reply size(Session session, String spelling) {
        Entry entry = session.tree().stat(session.path(spelling));
        if (entry.isDirectory()) {
            throw new Failure.NotAFile(spelling);
        }
        return Reply.of(213, Long.toString(entry.size()));
    }

    private static Reply mdtm(Session session, String spelling) {
        Entry entry = session.tree().stat(session.path(spelling));
        return Reply.of(213, Timestamps.MDTM.format(entry.modified()));
    }
}
