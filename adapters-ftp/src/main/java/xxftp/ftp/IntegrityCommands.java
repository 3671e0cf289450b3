package xxftp.ftp;

import static xxftp.ftp.Command.Arity.REQUIRED;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import xxftp.domain.model.VirtualPath;

/**
 * What a client checks a transfer by: file digests (HASH and the older XMD5, XSHA1, XSHA256,
 * XCRC) and setting a file's time (MFMT). A digest streams the file through a fixed buffer;
 * it may take a while on a big file, and the control connection simply waits for it.
 */
final class IntegrityCommands {

    /** draft-bryan-ftpext-hash-02: the algorithms offered, in the order FEAT lists them. */
    enum Algorithm {
        SHA_256("SHA-256"), SHA_1("SHA-1"), MD5("MD5"), CRC32("CRC32");

        private final String label;

        Algorithm(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }

        static Optional<Algorithm> named(String label) {
            return Arrays.stream(values()).filter(algorithm -> algorithm.label.equalsIgnoreCase(label)).findFirst();
        }

        /** A running digest: bytes in, lowercase hex out. */
        private Running start() {
            if (this == CRC32) {
                CRC32 crc = new CRC32();
                return new Running(crc::update, () -> HexFormat.of().toHexDigits((int) crc.getValue()));
            }
            try {
                MessageDigest digest = MessageDigest.getInstance(label);
                return new Running(digest::update, () -> HexFormat.of().formatHex(digest.digest()));
            } catch (NoSuchAlgorithmException impossible) {
                // every JDK has SHA-256, SHA-1 and MD5
                throw new IllegalStateException(impossible);
            }
        }
    }

    private record Running(Consumer<ByteBuffer> update, Supplier<String> hex) {}

    /** A file's digest and the bytes it covers. */
    record Sum(String hex, long bytes) {}

    /** draft-somers-ftp-mfxx: YYYYMMDDHHMMSS in UTC, optionally with fractions of a second. */
    private static final Pattern TIME_VAL = Pattern.compile("(\\d{14})(?:\\.(\\d{1,3}))?");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuuMMddHHmmss")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final int BUFFER_BYTES = 64 * 1024;

    private IntegrityCommands() {}

    static List<Command> rows() {
        return List.of(
                Command.loggedIn("HASH", REQUIRED, IntegrityCommands::hash, "<sp> pathname"),
                // the older, unspecified forms as ProFTPD's mod_digest and Serv-U answer them: 250 and the hex
                Command.loggedIn("XMD5", REQUIRED, (session, arg) -> legacy(session, arg, Algorithm.MD5), "<sp> pathname"),
                Command.loggedIn("XSHA1", REQUIRED, (session, arg) -> legacy(session, arg, Algorithm.SHA_1), "<sp> pathname"),
                Command.loggedIn("XSHA256", REQUIRED, (session, arg) -> legacy(session, arg, Algorithm.SHA_256), "<sp> pathname"),
                Command.loggedIn("XCRC", REQUIRED, (session, arg) -> legacy(session, arg, Algorithm.CRC32), "<sp> pathname"),
                Command.loggedIn("MFMT", REQUIRED, IntegrityCommands::mfmt, "<sp> YYYYMMDDHHMMSS <sp> pathname"));
    }

    /** draft-bryan-ftpext-hash-02: every algorithm, the selected one marked with "*". */
    static String feature(Session session) {
        return "HASH " + Arrays.stream(Algorithm.values())
                .map(algorithm -> algorithm.label + (algorithm == session.parameters().hashAlgorithm() ? "*" : ""))
                .collect(Collectors.joining(";"));
    }

    /**
     * draft-bryan-ftpext-hash-02: OPTS HASH answers the algorithm in use; OPTS HASH NAME
     * selects one; an unknown name is a 501 and changes nothing.
     */
    static Reply optsHash(Session session, String name) {
        if (name.isBlank()) {
            return Reply.of(200, session.parameters().hashAlgorithm().label);
        }
        Optional<Algorithm> algorithm = Algorithm.named(name.strip());
        if (algorithm.isEmpty()) {
            return Reply.of(501, "Unknown algorithm; the current one stays.");
        }
        session.parameters().selectHashAlgorithm(algorithm.get());
        return Reply.of(200, algorithm.get().label);
    }

    /**
     * draft-bryan-ftpext-hash-02: "213 ALGORITHM START-END HEX PATH" over the whole file,
     * END being its last byte (0-0 for an empty file, which has none). Needs {@code read}.
     */
    private static Reply hash(Session session, String spelling) throws IOException {
        Algorithm algorithm = session.parameters().hashAlgorithm();
        Sum sum = sum(session, session.path(spelling), algorithm);
        return Reply.of(213, algorithm.label + " 0-" + Math.max(0, sum.bytes() - 1) + " " + sum.hex() + " " + spelling);
    }

    private static Reply legacy(Session session, String spelling, Algorithm algorithm) throws IOException {
        return Reply.of(250, sum(session, session.path(spelling), algorithm).hex());
    }

    private static Sum sum(Session session, VirtualPath path, Algorithm algorithm) throws IOException {
        try (ReadableByteChannel source = session.tree().read(path, 0)) {
            return sum(source, algorithm);
        }
    }

    /** Streams a file through the algorithm, a buffer at a time: any size in constant memory. */
    static Sum sum(ReadableByteChannel source, Algorithm algorithm) {
        Running running = algorithm.start();
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
        long bytes = 0;
        while (true) {
            int read = DataTransfer.readStored(source, buffer);
            if (read < 0) {
                return new Sum(running.hex().get(), bytes);
            }
            running.update().accept(buffer);
            bytes += read;
        }
    }

    /**
     * draft-somers-ftp-mfxx: "MFMT TIME PATH" sets the file's time and answers
     * "213 Modify=TIME; PATH"; a malformed or impossible time is a 501. Needs {@code modify}.
     */
    private static Reply mfmt(Session session, String argument) {
        String text = argument.stripLeading();
        int space = text.indexOf(' ');
        Optional<Instant> time = space < 0 ? Optional.empty() : parseTime(text.substring(0, space));
        if (time.isEmpty()) {
            return Reply.of(501, "Use MFMT YYYYMMDDHHMMSS pathname, the time in UTC.");
        }
        String spelling = text.substring(space + 1);
        if (spelling.isBlank()) {
            return Reply.of(501, "Use MFMT YYYYMMDDHHMMSS pathname, the time in UTC.");
        }
        session.tree().setModified(session.path(spelling), time.get());
        return Reply.of(213, "Modify=" + Timestamps.MDTM.format(time.get()) + "; " + spelling);
    }

    /** A time-val (RFC 3659 2.3) in UTC; empty when malformed or not a real date. */
    static Optional<Instant> parseTime(String text) {
        Matcher matcher = TIME_VAL.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            Instant whole = LocalDateTime.parse(matcher.group(1), TIME).toInstant(ZoneOffset.UTC);
            String fraction = matcher.group(2) == null ? "0" : (matcher.group(2) + "00").substring(0, 3);
            return Optional.of(whole.plusMillis(Integer.parseInt(fraction)));
        } catch (DateTimeParseException impossible) {
            return Optional.empty();
        }
    }
}
