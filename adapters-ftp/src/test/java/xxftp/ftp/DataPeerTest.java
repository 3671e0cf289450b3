package xxftp.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import xxftp.ftp.guard.Cidr;
import xxftp.ftp.proxy.ProxyProtocol;

/** Who may open a passive data connection, with and without balancers sending PROXY headers; over loopback sockets. */
class DataPeerTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final ProxyProtocol BALANCER_IS_LOOPBACK = new ProxyProtocol(List.of(Cidr.parse("127.0.0.1")), false);
    private static final ProxyProtocol WITH_DATA_HEADERS = new ProxyProtocol(List.of(Cidr.parse("127.0.0.1")), true);

    private final ServerSocket listener = listen();
    private Socket sender;

    private static ServerSocket listen() {
        try {
            return new ServerSocket(0, 1, LOOPBACK);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void close() throws IOException {
        listener.close();
        if (sender != null) {
            sender.close();
        }
    }

    /** Connects from loopback, sends {@code first}, and returns the server's end. */
    private Socket connectSending(String first) throws IOException {
        sender = new Socket(LOOPBACK, listener.getLocalPort());
        sender.getOutputStream().write(first.getBytes(StandardCharsets.US_ASCII));
        sender.getOutputStream().flush();
        Socket accepted = listener.accept();
        accepted.setSoTimeout(2000);
        return accepted;
    }

    private static InetAddress address(String literal) throws IOException {
        return InetAddress.getByName(literal);
    }

    @Test
    void withoutBalancersTheClientsOwnAddressMayConnect() throws IOException {
        assertThat(DataPeer.of(ProxyProtocol.OFF, LOOPBACK, LOOPBACK).admits(connectSending(""))).isTrue();
        assertThat(DataPeer.of(ProxyProtocol.OFF, address("192.0.2.7"), address("192.0.2.7")).admits(connectSending(""))).isFalse();
    }

    @Test
    void behindABalancerWithoutDataHeadersTheBalancerConnects() throws IOException {
        DataPeer peer = DataPeer.of(BALANCER_IS_LOOPBACK, LOOPBACK, address("192.0.2.7"));
        assertThat(peer).isEqualTo(new DataPeer(LOOPBACK, java.util.Optional.empty()));
        try (Socket data = connectSending("PROXY TCP4 192.0.2.99 127.0.0.1 1 2\r\n")) {
            assertThat(peer.admits(data)).isTrue();
            // no header is due, so none is read: the bytes are the transfer's
            assertThat(new String(data.getInputStream().readNBytes(6), StandardCharsets.US_ASCII)).isEqualTo("PROXY ");
        }
    }

    @Test
    void withDataHeadersTheHeaderMustNameTheRealClient() throws IOException {
        DataPeer peer = DataPeer.of(WITH_DATA_HEADERS, LOOPBACK, address("192.0.2.7"));
        try (Socket data = connectSending("PROXY TCP4 192.0.2.7 127.0.0.1 40000 50000\r\nbytes")) {
            assertThat(peer.admits(data)).isTrue();
            InputStream in = data.getInputStream();
            assertThat(new String(in.readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("bytes");
        }
        try (Socket stranger = connectSending("PROXY TCP4 192.0.2.8 127.0.0.1 40000 50000\r\n")) {
            assertThat(peer.admits(stranger)).isFalse();
        }
        try (Socket noHeader = connectSending("bytes\r\n")) {
            assertThat(peer.admits(noHeader)).isFalse();
        }
    }

    @Test
    void theClientNamedBeforeTheSessionStarts() throws IOException {
        try (Socket control = connectSending("PROXY TCP6 2001:db8::5 ::1 40001 2121\r\nUSER")) {
            assertThat(WITH_DATA_HEADERS.client(control)).isEqualTo(new InetSocketAddress(address("2001:db8::5"), 40001));
            assertThat(control.getSoTimeout()).isEqualTo(2000);
            assertThat(new String(control.getInputStream().readNBytes(4), StandardCharsets.US_ASCII)).isEqualTo("USER");
        }
        // from a peer not listed: its own address, nothing read
        ProxyProtocol elsewhere = new ProxyProtocol(List.of(Cidr.parse("10.0.0.0/8")), false);
        try (Socket control = connectSending("PROXY TCP4 192.0.2.7 127.0.0.1 1 2\r\n")) {
            assertThat(elsewhere.client(control).getAddress()).isEqualTo(LOOPBACK);
            assertThat(control.getInputStream().read()).isEqualTo('P');
        }
    }
}
