package xxftp.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    private static final DateTimeFormatter RECENT = DateTimeFormatter.ofPattern("MMM dd HH:mm", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter OLD = DateTimeFormatter.ofPattern("MMM dd  yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    @Test
    void writesWhatTheFormattersWriteForAnyTime() {
        Random random = new Random(7);
        // from year 1 to year 20000: the edges of four digits included
        long low = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
        long high = Instant.parse("+20000-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 20_000; i++) {
            Instant time = Instant.ofEpochSecond(low + (long) (random.nextDouble() * (high - low)), random.nextInt(1_000_000_000));
            assertSame(time);
        }
        for (String edge : new String[] {"0999-12-31T23:59:59Z", "1000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z",
                "+10000-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "2026-02-28T09:05:07Z"}) {
            assertSame(Instant.parse(edge));
        }
    }

    private static void assertSame(Instant time) {
        StringBuilder mdtm = new StringBuilder("x");
        Timestamps.appendMdtm(mdtm, time);
        assertThat(mdtm.toString()).isEqualTo("x" + Timestamps.MDTM.format(time));
        StringBuilder recent = new StringBuilder();
        Timestamps.appendLs(recent, time, true);
        assertThat(recent.toString()).isEqualTo(RECENT.format(time));
        StringBuilder old = new StringBuilder();
        Timestamps.appendLs(old, time, false);
        assertThat(old.toString()).isEqualTo(OLD.format(time));
    }
}
