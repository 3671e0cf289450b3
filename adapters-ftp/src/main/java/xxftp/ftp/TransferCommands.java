package xxftp.ftp;

import static xxftp.ftp.Command.Arity.NONE;
import static xxftp.ftp.Command.Arity.OPTIONAL;
import static xxftp.ftp.Command.Arity.REQUIRED;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import xxftp.domain.model.Failure;
import xxftp.domain.model.VirtualPath;
import xxftp.domain.port.Upload;
import xxftp.domain.tree.UserTree;
import xxftp.ftp.events.FtpEvent;

/** Everything that uses the data connection: RETR, STOR, APPE, STOU, LIST, NLST, and ABOR. */
final class TransferCommands {

    /** A clash of two random STOU names is next to impossible; a few tries settle it. */
    private static final int STOU_ATTEMPTS = 5;

    private TransferCommands() {}

    static List<Command> rows() {
        return List.of(
                Command.transfer("RETR", REQUIRED, TransferCommands::retr, "<sp> pathname"),
                Command.transfer("STOR", REQUIRED, (session, arg) -> store(session, arg, false), "<sp> pathname"),
                Command.transfer("APPE", REQUIRED, (session, arg) -> store(session, arg, true), "<sp> pathname"),
                Command.transfer("STOU", OPTIONAL, TransferCommands::stou, "[<sp> directory]"),
                Command.transfer("LIST", OPTIONAL, (session, arg) -> list(session, arg, false), "[<sp> pathname]"),
                Command.transfer("NLST", OPTIONAL, (session, arg) -> list(session, arg, true), "[<sp> pathname]"),
                Command.loggedIn("ABOR", NONE, TransferCommands::abor, "(abort the transfer)")
                        .heardDuringTransfer(Command.When.ALWAYS));
    }

    /**
     * RFC 959 4.1.3 ABOR: a running transfer is cut (it answers 426, see {@link TransferControl#abort}),
     * and ABOR itself 226; a data connection set up but not used yet is dropped.
     */
    private static Reply abor(Session session, String unused) {
        boolean wasRunning = session.transfers().abort();
        return Reply.of(226, wasRunning ? "Abort successful." : "Abort successful; no transfer in progress.");
    }

    private static Reply retr(Session session, String spelling) throws IOException {
        VirtualPath path = session.path(spelling);
        try (ReadableByteChannel stored = session.tree().read(path, session.parameters().takeRestartOffset())) {
            ReadableByteChannel source = session.parameters().asciiType() ? AsciiText.toNetwork(stored) : stored;
            return DataTransfer.run(session, new TransferSubject("RETR", FtpEvent.Direction.DOWNLOAD, path),
                    (data, progress) -> DataTransfer.send(source, data, progress));
        }
    }

    /** STOR (with a REST offset: resume) and APPE. */
    private static Reply store(Session session, String spelling, boolean append) throws IOException {
        VirtualPath path = session.path(spelling);
        long offset = session.parameters().takeRestartOffset();
        OptionalLong announced = session.parameters().takeAnnouncedBytes();
        try (Upload upload = append ? session.tree().append(path, announced) : session.tree().store(path, offset, announced)) {
            return DataTransfer.run(session, new TransferSubject(append ? "APPE" : "STOR", FtpEvent.Direction.UPLOAD, path),
                    receiveAndCommit(session, upload, !append && offset == 0));
        }
    }

    /**
     * RFC 959 4.1.3 STOU: a new file under a name of ours, in the working directory or the one
     * given, never replacing anything. RFC 1123 4.1.2.9: the name comes in the 150. A name
     * found taken before any data flows is traded for another.
     */
    private static Reply stou(Session session, String argument) throws IOException {
        VirtualPath directory = argument.isBlank() ? session.cwd() : session.path(argument);
        OptionalLong announced = session.parameters().takeAnnouncedBytes();
        // a REST applies to the next transfer only, and means nothing for a new file
        session.parameters().takeRestartOffset();
        for (int attempt = 1; ; attempt++) {
            String name = "stou-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
            VirtualPath path = MachineListing.child(directory, name);
            Upload upload;
            try {
                upload = session.tree().create(path, announced);
            } catch (Failure.AlreadyExists taken) {
                if (attempt == STOU_ATTEMPTS) {
                    throw taken;
                }
                continue;
            }
            try (upload) {
                String shown = directory.equals(session.cwd()) ? name : path.toString();
                return DataTransfer.run(session, new TransferSubject("STOU", FtpEvent.Direction.UPLOAD, path), "FILE: " + shown,
                        receiveAndCommit(session, upload, true));
            }
        }
    }

    /**
     * The upload is committed only when the data connection ended cleanly and the client is
     * still there; otherwise it is aborted and whatever was stored before stays as it was.
     * In ASCII type, CRLF is stored as LF. An upload of a {@code wholeFile} is hashed as stored
     * when the events want details.
     */
    private static DataTransfer.Work receiveAndCommit(Session session, Upload opened, boolean wholeFile) {
        Optional<DigestedUpload> digested = wholeFile && session.events().detailed()
                ? Optional.of(new DigestedUpload(opened)) : Optional.empty();
        Upload stored = digested.isPresent() ? digested.get() : opened;
        Upload upload = session.parameters().asciiType() ? AsciiText.toStored(stored) : stored;
        return (data, progress) -> {
            DataTransfer.receive(data, upload, progress);
            // a cut connection (ABOR, a stall) reads as a clean end: it must not publish what arrived
            if (session.transfers().aborting()) {
                throw new DataConnectionLost(new EOFException("cut during upload"));
            }
            if (session.transfers().clientLeft()) {
                throw new DataConnectionLost(new EOFException("client left during upload"));
            }
            upload.commit();
            digested.ifPresent(hashed -> progress.stored(hashed.sha256()));
        };
    }

    private static Reply list(Session session, String argument, boolean namesOnly) throws IOException {
        VirtualPath path = session.path(ListingFormat.withoutLsOptions(argument));
        Instant now = Instant.now();
        try (Stream<UserTree.Listed> entries = session.tree().list(path)) {
            Stream<String> lines = entries.map(listed -> namesOnly ? listed.entry().name() : ListingFormat.longLine(listed, now));
            return DataTransfer.run(session, new TransferSubject(namesOnly ? "NLST" : "LIST", FtpEvent.Direction.LISTING, path),
                    (data, progress) -> DataTransfer.sendLines(lines, data, progress));
        }
    }
}
