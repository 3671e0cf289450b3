package xxftp.ftp;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The times of listings, written straight into the line: a listing of 10,000 entries formats
 * 10,000 times, and a {@link DateTimeFormatter} spent more time on that than the directory read.
 * Years outside 1000-9999 go through the formatters, which know how to spell them.
 */
final class Timestamps {

    /** RFC 3659 2.3: the time-val of MDTM and MLSx "modify", UTC. */
    static final DateTimeFormatter MDTM = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter LS_RECENT = DateTimeFormatter.ofPattern("MMM dd HH:mm", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter LS_OLD = DateTimeFormatter.ofPattern("MMM dd  yyyy", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    private Timestamps() {}

    /** {@code yyyyMMddHHmmss}, as {@link #MDTM} writes it. */
    static void appendMdtm(StringBuilder line, Instant time) {
        LocalDateTime utc = LocalDateTime.ofEpochSecond(time.getEpochSecond(), 0, ZoneOffset.UTC);
        if (!fourDigits(utc.getYear())) {
            line.append(MDTM.format(time));
            return;
        }
        line.append(utc.getYear());
        two(line, utc.getMonthValue());
        two(line, utc.getDayOfMonth());
        two(line, utc.getHour());
        two(line, utc.getMinute());
        two(line, utc.getSecond());
    }

    /** ls's time column: {@code MMM dd HH:mm} when recent, else {@code MMM dd  yyyy}, UTC. */
    static void appendLs(StringBuilder line, Instant time, boolean recent) {
        LocalDateTime utc = LocalDateTime.ofEpochSecond(time.getEpochSecond(), 0, ZoneOffset.UTC);
        if (!fourDigits(utc.getYear())) {
            line.append((recent ? LS_RECENT : LS_OLD).format(time));
            return;
        }
        line.append(MONTHS[utc.getMonthValue() - 1]).append(' ');
        two(line, utc.getDayOfMonth());
        if (recent) {
            line.append(' ');
            two(line, utc.getHour());
            line.append(':');
            two(line, utc.getMinute());
        } else {
            line.append("  ").append(utc.getYear());
        }
    }

    private static boolean fourDigits(int year) {
        return year >= 1000 && year <= 9999;
    }

    private static void two(StringBuilder line, int value) {
        line.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }
}
