package xxftp.ftp.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import xxftp.domain.testkit.StorageFixtures;

class GuardTest {

    private final StorageFixtures.MutableClock clock = new StorageFixtures.MutableClock();

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @ParameterizedTest
    @CsvSource({
            "203.0.113.7, 203.0.113.7",
            "::ffff:203.0.113.7, 203.0.113.7",
            "2001:db8:1:2:aaaa:bbbb:cccc:dddd, 2001:db8:1:2:0:0:0:0/64",
            "2001:db8:1:2::1, 2001:db8:1:2:0:0:0:0/64",
            "::1, 0:0:0:0:0:0:0:0/64"})
    void clientsAreAddressesOrIpv6Slash64s(String address, String key) throws Exception {
        assertThat(ClientKey.of(ip(address)).text()).isEqualTo(key);
    }

    @ParameterizedTest
    @CsvSource({
            "10.0.0.0/8, 10.200.3.4, true",
            "10.0.0.0/8, 11.0.0.1, false",
            "192.168.1.128/25, 192.168.1.200, true",
            "192.168.1.128/25, 192.168.1.127, false",
            "127.0.0.1, 127.0.0.1, true",
            "127.0.0.1, 127.0.0.2, false",
            "0.0.0.0/0, 8.8.8.8, true",
            "2001:db8::/32, 2001:db8:ffff::1, true",
            "2001:db8::/32, 2001:db9::1, false",
            "::/0, 10.0.0.1, false"})
    void blocksContainWhatTheirPrefixSays(String block, String address, boolean inside) throws Exception {
        assertThat(Cidr.parse(block).contains(ip(address))).isEqualTo(inside);
    }

    @Test
    void badBlocksAreRefusedWithoutLookingUpNames() {
        for (String bad : List.of("", "example.com", "10.0.0.0/33", "10.0.0.0/x", "::/129", "10.0.0.0/-1")) {
            assertThatThrownBy(() -> Cidr.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(Cidr.parseList(" 10.0.0.0/8, ::1 ,")).containsExactly(Cidr.parse("10.0.0.0/8"), Cidr.parse("::1/128"));
    }

    private Defender defender(int failures) {
        return new Defender(new Defender.Settings(failures, Duration.ofMinutes(10), Duration.ofMinutes(15),
                Duration.ofDays(1), List.of(Cidr.parse("127.0.0.1"))), clock);
    }

    @Test
    void theLimitsFailureBansForTheBanTime() throws Exception {
        Defender defender = defender(3);
        InetAddress guesser = ip("127.0.0.2");
        defender.loginFailed(guesser);
        defender.loginFailed(guesser);
        assertThat(defender.isBanned(guesser)).isFalse();
        defender.loginFailed(guesser);
        assertThat(defender.isBanned(guesser)).isTrue();
        assertThat(defender.isBanned(ip("127.0.0.3"))).isFalse();
        assertThat(defender.activeBans()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(15).minusSeconds(1));
        assertThat(defender.isBanned(guesser)).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(defender.isBanned(guesser)).isFalse();
        assertThat(defender.activeBans()).isZero();
    }

    @Test
    void failuresOutsideTheWindowDoNotCount() throws Exception {
        Defender defender = defender(3);
        InetAddress slow = ip("127.0.0.2");
        for (int i = 0; i < 10; i++) {
            defender.loginFailed(slow);
            clock.advance(Duration.ofMinutes(6));
        }
        assertThat(defender.isBanned(slow)).isFalse();
    }

    @Test
    void aRepeatOffenderIsBannedTwiceAsLongEachTimeUpToADay() throws Exception {
        Defender defender = defender(1);
        InetAddress guesser = ip("127.0.0.9");
        Duration expected = Duration.ofMinutes(15);
        for (int ban = 0; ban < 10; ban++) {
            defender.loginFailed(guesser);
            clock.advance(expected.minusSeconds(1));
            assertThat(defender.isBanned(guesser)).as("ban %d", ban).isTrue();
            clock.advance(Duration.ofSeconds(1));
            assertThat(defender.isBanned(guesser)).as("ban %d", ban).isFalse();
            expected = expected.multipliedBy(2).compareTo(Duration.ofDays(1)) > 0 ? Duration.ofDays(1) : expected.multipliedBy(2);
        }
        // a day of quiet forgives: the next ban is the first one's length again
        clock.advance(Duration.ofDays(1).plusSeconds(1));
        defender.loginFailed(guesser);
        clock.advance(Duration.ofMinutes(15));
        assertThat(defender.isBanned(guesser)).isFalse();
    }

    @Test
    void ipv6ClientsAreCountedPerSlash64() throws Exception {
        Defender defender = defender(2);
        defender.loginFailed(ip("2001:db8:1:2::1"));
        defender.loginFailed(ip("2001:db8:1:2::2"));
        assertThat(defender.isBanned(ip("2001:db8:1:2::ffff"))).isTrue();
        assertThat(defender.isBanned(ip("2001:db8:1:3::1"))).isFalse();
    }

    @Test
    void exemptBlocksAndZeroFailuresNeverBan() throws Exception {
        Defender defender = defender(1);
        defender.loginFailed(ip("127.0.0.1"));
        assertThat(defender.isBanned(ip("127.0.0.1"))).isFalse();
        Defender off = new Defender(Defender.Settings.OFF, clock);
        for (int i = 0; i < 100; i++) {
            off.loginFailed(ip("127.0.0.2"));
        }
        assertThat(off.isBanned(ip("127.0.0.2"))).isFalse();
    }

    @Test
    void limitsRefuseOneMoreThanTheLimitAndZeroIsNone() {
        ClientLimits<String> two = new ClientLimits<>(2);
        assertThat(two.tryTake("a")).isTrue();
        assertThat(two.tryTake("a")).isTrue();
        assertThat(two.tryTake("a")).isFalse();
        assertThat(two.tryTake("b")).isTrue();
        assertThat(two.held("a")).isEqualTo(2);
        two.giveBack("a");
        assertThat(two.tryTake("a")).isTrue();
        two.giveBack("a");
        two.giveBack("a");
        assertThat(two.held("a")).isZero();
        ClientLimits<String> none = new ClientLimits<>(0);
        for (int i = 0; i < 1000; i++) {
            assertThat(none.tryTake("a")).isTrue();
        }
    }
}
