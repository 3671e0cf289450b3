package xxftp.bootstrap.observe;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xxftp.domain.tree.TreeAccounts;
import xxftp.ftp.events.FtpEvent;
import xxftp.ftp.events.FtpListener;

/**
 * The transfer log of wu-ftpd, vsftpd and ProFTPD (xferlog(5)): one line per file transfer that
 * completed or was cut, so existing parsers and reports read it unchanged. Lines are queued and
 * written by a thread of their own, so a slow disk never holds up a transfer; a full queue drops
 * lines (counted). {@link #reopen()} starts a new file after logrotate moved the old one.
 */
public final class XferLog implements FtpListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(XferLog.class);
    private static final int QUEUE_LINES = 10_000;
    /** ctime(3), as wu-ftpd writes it: "Mon Jan  8 14:12:02 2024". */
    private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT);
    /** Marks a reopen in the queue, between lines. */
    private static final Optional<String> REOPEN = Optional.empty();

    private final Path file;
    private final ZoneId zone;
    private final Runnable dropped;
    private final BlockingQueue<Optional<String>> queue = new ArrayBlockingQueue<>(QUEUE_LINES);
    private final Thread writer;
    private volatile boolean closing;

    /** Opens (creates or appends to) {@code file}; times are in {@code zone}, local time as those servers write. */
    public XferLog(Path file, ZoneId zone, Runnable dropped) throws IOException {
        this.file = file;
        this.zone = zone;
        this.dropped = dropped;
        Writer first = open();
        this.writer = Thread.ofPlatform().name("xferlog").daemon().start(() -> write(first));
    }

    @Override
    public void on(FtpEvent event) {
        if (event instanceof FtpEvent.TransferDone transfer && transfer.direction() != FtpEvent.Direction.LISTING
                && !queue.offer(Optional.of(line(transfer, ZonedDateTime.now(zone))))) {
            dropped.run();
        }
    }

    /**
     * One xferlog line: current-time transfer-time remote-host file-size filename transfer-type
     * special-action direction access-mode username service-name authentication-method
     * authenticated-user-id completion-status. As ProFTPD does, white space and control
     * characters in the file name become "_", so the line keeps its fields; the transfer time is
     * whole seconds, at least 1 (wu-ftpd's rule, so that rates can be computed).
     */
    static String line(FtpEvent.TransferDone transfer, ZonedDateTime now) {
        long seconds = Math.max(1, Math.round(transfer.nanos() / 1e9));
        String user = transfer.client().user().orElse("*");
        boolean anonymous = user.equals(TreeAccounts.ANONYMOUS);
        return String.join(" ", CTIME.format(now), Long.toString(seconds), transfer.client().remote().getHostAddress(),
                Long.toString(transfer.bytes()), fileName(transfer.path().toString()), transfer.ascii() ? "a" : "b", "_",
                transfer.direction() == FtpEvent.Direction.UPLOAD ? "i" : "o", anonymous ? "a" : "r", user, "ftp", "0", "*",
                transfer.outcome() == FtpEvent.Outcome.COMPLETE ? "c" : "i");
    }

    private static String fileName(String path) {
        StringBuilder name = new StringBuilder(path.length());
        path.codePoints().forEach(c -> name.appendCodePoint(Character.isWhitespace(c) || Character.isISOControl(c)
                || Character.isSpaceChar(c) ? '_' : c));
        return name.toString();
    }

    /** logrotate's postrotate (SIGHUP): lines from now on go to a new file at the same path. */
    public void reopen() {
        if (!queue.offer(REOPEN)) {
            log.warn("Transfer log queue full: reopen of {} skipped", file);
        }
    }

    private Writer open() throws IOException {
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private void write(Writer first) {
        Writer out = first;
        while (!closing || !queue.isEmpty()) {
            try {
                Optional<String> next = queue.poll(100, TimeUnit.MILLISECONDS);
                if (next == null) {
                    continue;
                }
                if (next.isEmpty()) {
                    out.close();
                    out = open();
                    log.info("Transfer log reopened: {}", file);
                    continue;
                }
                out.write(next.get());
                out.write('\n');
                if (queue.isEmpty()) {
                    out.flush();
                }
            } catch (IOException e) {
                log.warn("Transfer log {}: {}", file, e.toString());
            } catch (InterruptedException e) {
                break;
            }
        }
        try {
            out.close();
        } catch (IOException e) {
            log.warn("Transfer log {}: {}", file, e.toString());
        }
    }

    /** Writes what is queued, then closes the file. */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
