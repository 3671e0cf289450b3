package xxftp.ftp;

import static xxftp.ftp.Command.Arity.NONE;
import static xxftp.ftp.Command.Arity.OPTIONAL;
import static xxftp.ftp.Command.Arity.REQUIRED;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import xxftp.domain.Upload;
import xxftp.domain.UserTree;
import xxftp.domain.VirtualPath;

/** Everything that uses the data connection: RETR, STOR, APPE, LIST, NLST, and ABOR. */
final class TransferCommands {

    /** "LIST -la dir": ls options that clients put before the path; they change nothing here. */
    private static final Pattern LS_OPTIONS = Pattern.compile("^(-[A-Za-z]+\\s*)+");

    private TransferCommands() {}

    static List<Command> rows() {
        return List.of(
                Command.transfer("RETR", REQUIRED, TransferCommands::retr, "<sp> pathname"),
                Command.transfer("STOR", REQUIRED, (session, arg) -> store(session, arg, false), "<sp> pathname"),
                Command.transfer("APPE", REQUIRED, (session, arg) -> store(session, arg, true), "<sp> pathname"),
                Command.transfer("LIST", OPTIONAL, (session, arg) -> list(session, arg, false), "[<sp> pathname]"),
                Command.transfer("NLST", OPTIONAL, (session, arg) -> list(session, arg, true), "[<sp> pathname]"),
                Command.loggedIn("ABOR", NONE, TransferCommands::abor, "(abort the transfer)"));
    }

    /**
     * RFC 959 4.1.3 ABOR: a running transfer is cut (it answers 426, see {@link Session#abort}),
     * and ABOR itself 226; a data connection set up but not used yet is dropped.
     */
    private static Reply abor(Session session, String unused) {
        boolean wasRunning = session.abort();
        return Reply.of(226, wasRunning ? "Abort successful." : "Abort successful; no transfer in progress.");
    }

    private static Reply retr(Session session, String spelling) throws IOException {
        VirtualPath path = session.path(spelling);
        try (ReadableByteChannel source = session.tree().read(path, session.takeRestartOffset())) {
            return DataTransfer.run(session, "RETR " + path, (data, progress) -> DataTransfer.send(source, data, progress));
        }
    }

    /**
     * STOR (with a REST offset: resume) and APPE. The upload is committed only when the data
     * connection ended cleanly and the client is still there; otherwise it is aborted and
     * whatever was stored before stays as it was.
     */
    private static Reply store(Session session, String spelling, boolean append) throws IOException {
        VirtualPath path = session.path(spelling);
        long offset = session.takeRestartOffset();
        OptionalLong announced = session.takeAnnouncedBytes();
        try (Upload upload = append ? session.tree().append(path, announced) : session.tree().store(path, offset, announced)) {
            return DataTransfer.run(session, (append ? "APPE " : "STOR ") + path, (data, progress) -> {
                DataTransfer.receive(data, upload, progress);
                if (session.clientLeft()) {
                    throw new DataConnectionLost(new EOFException("client left during upload"));
                }
                upload.commit();
            });
        }
    }

    private static Reply list(Session session, String argument, boolean namesOnly) throws IOException {
        VirtualPath path = session.path(LS_OPTIONS.matcher(argument.strip()).replaceFirst(""));
        Instant now = Instant.now();
        try (Stream<UserTree.Listed> entries = session.tree().list(path)) {
            Stream<String> lines = entries.map(listed -> namesOnly ? listed.entry().name() : ListingFormat.longLine(listed, now));
            return DataTransfer.run(session, (namesOnly ? "NLST " : "LIST ") + path,
                    (data, progress) -> DataTransfer.sendLines(lines::iterator, data, progress));
        }
    }
}
