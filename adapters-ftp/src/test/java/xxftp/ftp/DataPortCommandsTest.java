package xxftp.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PORT and EPRT set up an active endpoint (no socket until a transfer opens it); PASV and EPSV replies. */
class DataPortCommandsTest {

    private final SessionHarness v4 = SessionHarness.loggedIn();

    private static SessionHarness v6() {
        SessionHarness harness = new SessionHarness(CommandTable.standard(), SessionHarness.config(Optional.empty()),
                SessionHarness.CLIENT_V6);
        harness.logIn();
        return harness;
    }

    private static Optional<InetSocketAddress> activeTarget(SessionHarness harness) {
        return harness.session.data().prepared()
                .map(endpoint -> ((DataEndpoint.Active) endpoint).target());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "PORT 127,0,0,1,4,0          | 1024",
            "PORT 127,0,0,1,255,255      | 65535",
            "PORT 127,0,0,1,195,80       | 50000",
            "PORT  127, 0 ,0,1 , 4, 1    | 1025"})
    void portSetsUpAnActiveConnectionToTheClient(String line, int port) {
        assertThat(v4.send(line)).isEqualTo("200 Active data connection set up.\r\n");
        assertThat(activeTarget(v4)).contains(new InetSocketAddress(SessionHarness.CLIENT_V4, port));
        assertThat(((DataEndpoint.Active) v4.session.data().prepared().orElseThrow()).localAddress())
                .isEqualTo(SessionHarness.CLIENT_V4);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "PORT 127,0,0,1,4               | 501 PORT needs h1,h2,h3,h4,p1,p2.",
            "PORT 127,0,0,1,4,0,0           | 501 PORT needs h1,h2,h3,h4,p1,p2.",
            "PORT 127.0.0.1,4,0             | 501 PORT needs h1,h2,h3,h4,p1,p2.",
            "PORT 127,0,0,one,4,0           | 501 PORT needs h1,h2,h3,h4,p1,p2.",
            "PORT 127,0,0,1,4,              | 501 PORT needs h1,h2,h3,h4,p1,p2.",
            "PORT 127,0,0,256,4,0           | 501 PORT numbers must be 0-255.",
            "PORT 127,0,0,1,-1,0            | 501 PORT numbers must be 0-255.",
            "PORT 127,0,0,1,3,255           | 501 Data port must be 1024-65535.",
            "PORT 127,0,0,1,0,21            | 501 Data port must be 1024-65535.",
            "PORT 10,0,0,1,4,0              | 501 Data connections go only to your own address.",
            "PORT 127,0,0,2,4,0             | 501 Data connections go only to your own address."})
    void malformedOrForeignPortsAreRefused(String line, String reply) {
        assertThat(v4.send(line)).isEqualTo(reply + "\r\n");
        assertThat(v4.session.data().prepared()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '~', value = {
            "EPRT |1|127.0.0.1|1024|       ~ 1024",
            "EPRT |1|127.0.0.1|65535|      ~ 65535",
            "EPRT !1!127.0.0.1!2000!       ~ 2000",
            "EPRT  |1|127.0.0.1|2000|      ~ 2000"})
    void eprtOneSetsUpAnIpv4Connection(String line, int port) {
        assertThat(v4.send(line)).isEqualTo("200 Active data connection set up.\r\n");
        assertThat(activeTarget(v4)).contains(new InetSocketAddress(SessionHarness.CLIENT_V4, port));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '~', value = {
            "EPRT |2|::1|2000|                          ~ 2000",
            "EPRT |2|0:0:0:0:0:0:0:1|2001|              ~ 2001",
            "EPRT #2#::1#2002#                          ~ 2002"})
    void eprtTwoSetsUpAnIpv6Connection(String line, int port) {
        SessionHarness v6 = v6();
        assertThat(v6.send(line)).isEqualTo("200 Active data connection set up.\r\n");
        assertThat(activeTarget(v6)).contains(new InetSocketAddress(SessionHarness.CLIENT_V6, port));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '~', value = {
            "EPRT |1|127.0.0.1|            ~ 501 EPRT needs |proto|address|port|.",
            "EPRT |1|                      ~ 501 EPRT needs |proto|address|port|.",
            "EPRT |1|127.0.0.1|2000        ~ 501 EPRT needs |proto|address|port|.",
            "EPRT |1|127.0.0.1|2000||      ~ 501 EPRT needs |proto|address|port|.",
            "EPRT x|1|127.0.0.1|2000|      ~ 501 EPRT needs |proto|address|port|.",
            "EPRT |1|127.0.0.1|port|       ~ 501 EPRT needs |proto|address|port|.",
            "EPRT |1|127.0.0.1||           ~ 501 EPRT needs |proto|address|port|.",
            "EPRT |3|127.0.0.1|2000|       ~ 522 Network protocol not supported, use (1,2).",
            "EPRT ||127.0.0.1|2000|        ~ 522 Network protocol not supported, use (1,2).",
            "EPRT |1|localhost|2000|       ~ 501 EPRT address must be numeric.",
            "EPRT |1|127.1|2000|           ~ 501 EPRT address must be numeric.",
            "EPRT |2|beef|2000|            ~ 501 EPRT address must be numeric.",
            "EPRT |1|::1|2000|             ~ 501 EPRT address must be numeric.",
            "EPRT |1|999.0.0.1|2000|       ~ 501 EPRT needs |proto|address|port|.",
            "EPRT |2|::ffff:127.0.0.1|2000| ~ 501 EPRT address does not match its protocol.",
            "EPRT |1|127.0.0.1|1023|       ~ 501 Data port must be 1024-65535.",
            "EPRT |1|127.0.0.1|65536|      ~ 501 Data port must be 1024-65535.",
            "EPRT |1|10.0.0.1|2000|        ~ 501 Data connections go only to your own address."})
    void malformedOrForeignEprtsAreRefused(String line, String reply) {
        assertThat(v4.send(line)).isEqualTo(reply + "\r\n");
        assertThat(v4.session.data().prepared()).isEmpty();
    }

    @Test
    void anIpv6ClientCantSendDataToAnotherIpv6Address() {
        SessionHarness v6 = v6();
        assertThat(v6.send("EPRT |2|::2|2000|")).isEqualTo("501 Data connections go only to your own address.\r\n");
        assertThat(v6.send("EPRT |1|127.0.0.1|2000|")).isEqualTo("501 Data connections go only to your own address.\r\n");
    }

    @Test
    void afterEpsvAllOnlyEpsvSetsUpDataConnections() {
        assertThat(v4.send("EPSV ALL")).isEqualTo("200 EPSV ALL ok.\r\n");
        assertThat(v4.send("PASV")).isEqualTo("503 EPSV ALL in effect; use EPSV.\r\n");
        assertThat(v4.send("PORT 127,0,0,1,4,0")).isEqualTo("503 EPSV ALL in effect; use EPSV.\r\n");
        assertThat(v4.send("EPRT |1|127.0.0.1|2000|")).isEqualTo("503 EPSV ALL in effect; use EPSV.\r\n");
        assertThat(v4.session.data().prepared()).isEmpty();
        assertThat(v4.send("epsv all")).isEqualTo("200 EPSV ALL ok.\r\n");
    }

    @Test
    void epsvForTheOtherProtocolIs522NamingOurs() {
        assertThat(v4.send("EPSV 2")).isEqualTo("522 Network protocol not supported, use (1).\r\n");
        assertThat(v4.send("EPSV 3")).isEqualTo("522 Network protocol not supported, use (1).\r\n");
        assertThat(v4.send("EPSV x")).isEqualTo("522 Network protocol not supported, use (1).\r\n");
        assertThat(v6().send("EPSV 1")).isEqualTo("522 Network protocol not supported, use (2).\r\n");
        assertThat(v4.session.data().prepared()).isEmpty();
    }

    @Test
    void pasvOverIpv6WithoutAPublicAddressIs425() {
        assertThat(v6().send("PASV")).isEqualTo("425 PASV is for IPv4; use EPSV.\r\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "192.168.1.2   | 50000 | 227 Entering Passive Mode (192,168,1,2,195,80).",
            "203.0.113.255 | 1024  | 227 Entering Passive Mode (203,0,113,255,4,0).",
            "127.0.0.1     | 65535 | 227 Entering Passive Mode (127,0,0,1,255,255).",
            "10.0.0.1      | 256   | 227 Entering Passive Mode (10,0,0,1,1,0)."})
    void pasvAnnouncesTheAddressAndPortAsSixBytes(String address, int port, String reply) throws Exception {
        Inet4Address announced = (Inet4Address) InetAddress.getByName(address);
        assertThat(DataPortCommands.passiveReply(announced, port).format()).isEqualTo(reply + "\r\n");
    }

    @Test
    void epsvAnnouncesThePortAlone() {
        assertThat(DataPortCommands.extendedPassiveReply(50000).format())
                .isEqualTo("229 Entering Extended Passive Mode (|||50000|).\r\n");
    }

    @Test
    void aNewPortReplacesTheOneSetUpBefore() {
        v4.send("PORT 127,0,0,1,4,0");
        v4.send("EPRT |1|127.0.0.1|2000|");
        assertThat(activeTarget(v4)).contains(new InetSocketAddress(SessionHarness.CLIENT_V4, 2000));
    }
}
