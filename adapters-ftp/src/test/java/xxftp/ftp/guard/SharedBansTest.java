package xxftp.ftp.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import xxftp.domain.testkit.MemoryLedger;
import xxftp.domain.testkit.StorageFixtures.MutableClock;

/** Two servers' defenders on one ledger, as two nodes on one bucket. */
class SharedBansTest {

    private static final Defender.Settings BAN_AFTER_TWO = new Defender.Settings(2, Duration.ofMinutes(1),
            Duration.ofMinutes(15), Duration.ofDays(1), List.of());

    private final MutableClock clock = new MutableClock();
    private final MemoryLedger ledger = new MemoryLedger();
    private final Defender first = new Defender(BAN_AFTER_TWO, clock);
    private final Defender second = new Defender(BAN_AFTER_TWO, clock);
    private final SharedBans firstShares = new SharedBans(ledger, first, clock);
    private final SharedBans secondShares = new SharedBans(ledger, second, clock);

    @AfterEach
    void stop() {
        firstShares.close();
        secondShares.close();
    }

    private static InetAddress address(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    /** The ban is written on a thread of its own: wait for its entry. */
    private List<String> awaitEntries(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (ledger.namesAfter(SharedBans.FOLDER, "").size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return ledger.namesAfter(SharedBans.FOLDER, "");
    }

    @Test
    void aBanOnOneServerHoldsOnTheOtherOnceItReadsTheLedger() throws Exception {
        InetAddress guesser = address("192.0.2.7");
        first.loginFailed(guesser);
        first.loginFailed(guesser);
        Instant until = clock.instant().plus(Duration.ofMinutes(15));
        assertThat(awaitEntries(1)).containsExactly("192.0.2.7@" + until.getEpochSecond());
        assertThat(second.isBanned(guesser)).isFalse();

        secondShares.poll();
        assertThat(second.isBanned(guesser)).isTrue();
        assertThat(second.isBanned(address("192.0.2.8"))).isFalse();
        assertThat(second.activeBans()).isEqualTo(1);

        // ended on both at the ban's end, and the entry gone with the next reading
        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        assertThat(second.isBanned(guesser)).isFalse();
        assertThat(first.isBanned(guesser)).isFalse();
        secondShares.poll();
        assertThat(ledger.namesAfter(SharedBans.FOLDER, "")).isEmpty();
        assertThat(second.isBanned(guesser)).isFalse();
    }

    @Test
    void aReadBanIsNotSharedAgainNorShortenedByAnEarlierOne() throws Exception {
        InetAddress guesser = address("2001:db8:1:2:3:4:5:6");
        first.loginFailed(guesser);
        first.loginFailed(guesser);
        assertThat(awaitEntries(1)).containsExactly("2001-db8-1-2-0-0-0-0_64@" + clock.instant().plus(Duration.ofMinutes(15)).getEpochSecond());
        secondShares.poll();
        // the whole /64 is banned on the second server
        assertThat(second.isBanned(address("2001:db8:1:2::99"))).isTrue();
        second.banned(ClientKey.of(guesser), clock.instant().plusSeconds(1));
        clock.advance(Duration.ofMinutes(10));
        assertThat(second.isBanned(guesser)).isTrue();
        Thread.sleep(100);
        assertThat(ledger.appends()).isEqualTo(1);
    }

    @Test
    void entryNamesRoundTrip() throws Exception {
        Instant until = Instant.ofEpochSecond(1_764_604_800L);
        for (String literal : List.of("192.0.2.7", "2001:db8::1", "::ffff:198.51.100.3", "fe80::1")) {
            ClientKey client = ClientKey.of(address(literal));
            assertThat(SharedBans.parse(SharedBans.entryName(client, until))).contains(new SharedBans.Ban(client, until));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.7", "192.0.2.7@", "@1764604800", "192.0.2.7@17646048001234", "host@1764604800",
        "2001-db8--_32@1764604800", "192.0.2.7@-5", ".xxftp-part-1"})
    void namesNoServerWritesAreSkipped(String name) {
        assertThat(SharedBans.parse(name)).isEqualTo(Optional.empty());
    }
}
