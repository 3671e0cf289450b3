package xxftp.ftp;

import static xxftp.ftp.Command.Arity.OPTIONAL;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import xxftp.domain.model.VirtualPath;
import xxftp.domain.tree.UserTree;
import xxftp.ftp.events.FtpEvent;

/** Listings in machine form (RFC 3659 MLSD, MLST) and over the control connection (STAT). */
final class ListingCommands {

    private ListingCommands() {}

    static List<Command> rows() {
        return List.of(
                Command.transfer("MLSD", OPTIONAL, ListingCommands::mlsd, "[<sp> pathname]"),
                Command.loggedIn("MLST", OPTIONAL, ListingCommands::mlst, "[<sp> pathname]"),
                // RFC 959 4.1.3: the status form works before login and during a transfer; the listing form does neither
                Command.anytime("STAT", OPTIONAL, ListingCommands::stat, "[<sp> pathname]")
                        .loginNeeded(Command.When.WITH_ARGUMENT)
                        .heardDuringTransfer(Command.When.WITHOUT_ARGUMENT));
    }

    /** RFC 3659 7.8: the FEAT line for this session's facts. */
    static String feature(Session session) {
        return MachineListing.feature(session.parameters().mlstFacts());
    }

    /** RFC 3659 7.9: OPTS MLST fact;fact; selects the facts; the reply repeats the selection. */
    static Reply optsMlst(Session session, String facts) {
        session.parameters().selectMlstFacts(MachineListing.parseSelection(facts));
        String selection = MachineListing.selection(session.parameters().mlstFacts());
        return Reply.of(200, selection.isEmpty() ? "MLST OPTS" : "MLST OPTS " + selection);
    }

    /**
     * RFC 3659 7: a directory's entries over the data connection, after a cdir entry "." for
     * the directory itself and a pdir entry ".." for its parent (7.5.1); anything but a
     * directory is a 501, MLST being the command for a file.
     */
    private static Reply mlsd(Session session, String spelling) throws IOException {
        VirtualPath path = session.path(spelling);
        Set<MachineListing.Fact> facts = session.parameters().mlstFacts();
        UserTree.Listed self = session.tree().describe(path);
        if (!self.entry().isDirectory()) {
            return Reply.of(501, "Not a directory; MLST describes a file.");
        }
        List<String> heading = new ArrayList<>();
        heading.add(MachineListing.entry(self, MachineListing.Type.CDIR, path, ".", facts));
        if (!path.isRoot()) {
            VirtualPath parent = path.parent();
            UserTree.Listed above = session.tree().describe(parent);
            heading.add(MachineListing.entry(above, MachineListing.Type.PDIR, parent, "..", facts));
        }
        String prefix = path.isRoot() ? "/" : path + "/";
        try (Stream<UserTree.Listed> entries = session.tree().list(path)) {
            Stream<String> lines = Stream.concat(heading.stream(), entries.map(listed -> inside(prefix, listed, facts)));
            return DataTransfer.run(session, new TransferSubject("MLSD", FtpEvent.Direction.LISTING, path),
                    (data, progress) -> DataTransfer.sendLines(lines, data, progress));
        }
    }

    /** An entry of a listed directory ({@code prefix}: its path and a slash), named as it is stored. */
    private static String inside(String prefix, UserTree.Listed listed, Set<MachineListing.Fact> facts) {
        String name = listed.entry().name();
        return MachineListing.entry(listed, MachineListing.typeOf(listed), prefix, name, name, facts);
    }

    /**
     * RFC 3659 7.2: one entry's facts over the control connection, a directory's as well as a
     * file's: "250-", the entry after one space with its absolute path, then "250 End".
     */
    private static Reply mlst(Session session, String spelling) {
        VirtualPath path = session.path(spelling);
        UserTree.Listed self = session.tree().describe(path);
        String entry = MachineListing.entry(self, MachineListing.typeOf(self), path, path.toString(), session.parameters().mlstFacts());
        return new Reply(250, List.of("Listing " + path, " " + entry, "End"));
    }

    /**
     * RFC 959 4.1.3 STAT: without an argument, the session's status (answered during a
     * transfer too); with a path, what LIST would send, over the control connection.
     */
    private static Reply stat(Session session, String argument) {
        if (argument.isBlank()) {
            return status(session);
        }
        VirtualPath path = session.path(ListingFormat.withoutLsOptions(argument));
        Instant now = Instant.now();
        List<String> lines = new ArrayList<>();
        lines.add("Status of " + path + ":");
        try (Stream<UserTree.Listed> entries = session.tree().list(path)) {
            entries.forEach(listed -> lines.add(ListingFormat.longLine(listed, now)));
        }
        lines.add("End of status");
        return new Reply(213, lines);
    }

    private static Reply status(Session session) {
        List<String> lines = new ArrayList<>();
        lines.add("xxftp status:");
        lines.add(" Connected from " + session.peerAddress().getHostAddress());
        lines.add(session.login().isLoggedIn() ? " Logged in as " + session.tree().account().name() : " Not logged in");
        lines.add(" TYPE: " + (session.parameters().asciiType() ? "ASCII" : "BINARY") + ", MODE: Stream, STRU: File");
        lines.add(" Data connection: " + dataConnection(session));
        lines.add(session.transfers().inProgress() ? " A transfer is in progress" : " No transfer in progress");
        lines.add("End of status");
        return new Reply(211, lines);
    }

    private static String dataConnection(Session session) {
        return session.data().prepared()
                .map(endpoint -> endpoint instanceof DataEndpoint.Passive ? "passive, waiting for the client" : "active, set up")
                .orElse("none set up");
    }
}
