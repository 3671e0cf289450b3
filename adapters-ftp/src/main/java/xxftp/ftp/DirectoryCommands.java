package xxftp.ftp;

import static xxftp.ftp.Command.Arity.NONE;
import static xxftp.ftp.Command.Arity.REQUIRED;

import java.util.List;
import xxftp.domain.model.VirtualPath;
import xxftp.ftp.events.FtpEvent;

/** The working directory and directories themselves: PWD, CWD, CDUP, MKD, RMD and their X-aliases. */
final class DirectoryCommands {

    private DirectoryCommands() {}

    static List<Command> rows() {
        Command pwd = Command.loggedIn("PWD", NONE, DirectoryCommands::pwd, "(print working directory)");
        Command cwd = Command.loggedIn("CWD", REQUIRED, DirectoryCommands::cwd, "<sp> pathname");
        Command cdup = Command.loggedIn("CDUP", NONE, DirectoryCommands::cdup, "(change to parent directory)");
        Command mkd = Command.loggedIn("MKD", REQUIRED, DirectoryCommands::mkd, "<sp> pathname");
        Command rmd = Command.loggedIn("RMD", REQUIRED, DirectoryCommands::rmd, "<sp> pathname");
        return List.of(pwd, pwd.alias("XPWD"), cwd, cwd.alias("XCWD"), cdup, cdup.alias("XCUP"),
                mkd, mkd.alias("XMKD"), rmd, rmd.alias("XRMD"));
    }

    /** RFC 959 257: the name is quoted, an embedded quote doubled. */
    static String quoted(VirtualPath path) {
        return "\"" + path.toString().replace("\"", "\"\"") + "\"";
    }

    private static Reply pwd(Session session, String unused) {
        return Reply.of(257, quoted(session.cwd()) + " is the current directory.");
    }

    private static Reply cwd(Session session, String spelling) {
        return changeTo(session, session.path(spelling));
    }

    private static Reply cdup(Session session, String unused) {
        return changeTo(session, session.cwd().parent());
    }

    private static Reply changeTo(Session session, VirtualPath path) {
        session.tree().directory(path);
        session.changeDirectory(path);
        return Reply.of(250, "Directory changed to " + path + ".");
    }

    private static Reply mkd(Session session, String spelling) {
        VirtualPath path = session.path(spelling);
        session.tree().makeDirectory(path);
        session.events().changed(FtpEvent.Change.MKDIR, path);
        return Reply.of(257, quoted(path) + " created.");
    }

    private static Reply rmd(Session session, String spelling) {
        VirtualPath path = session.path(spelling);
        session.tree().removeDirectory(path);
        session.events().changed(FtpEvent.Change.RMDIR, path);
        return Reply.of(250, "Directory removed.");
    }
}
