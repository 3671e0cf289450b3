package xxftp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import xxftp.bootstrap.ProxyForwarder.Header;
import xxftp.domain.port.Storage;
import xxftp.ftp.FtpConfig;
import xxftp.ftp.FtpServer;
import xxftp.ftp.events.FtpListener;
import xxftp.ftp.guard.Cidr;
import xxftp.ftp.guard.Defender;
import xxftp.ftp.guard.GuardSettings;
import xxftp.ftp.guard.SharedBans;
import xxftp.ftp.proxy.ProxyProtocol;

/**
 * Several servers behind a load balancer, as the README's HAProxy setup has them: the balancer
 * ({@link ProxyForwarder}) takes clients on 127.0.0.5 and reaches the nodes from 127.0.0.10, each
 * connection after a PROXY header naming a client from 198.51.100.0/24; each node announces the
 * balancer's address and its own passive range, which the balancer forwards to it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BehindBalancerIT {

    private static final String BALANCER = "127.0.0.5";
    private static final String BALANCER_SIDE = "127.0.0.10";
    private static final String CLIENT = "198.51.100.20";
    /** Short, since one test waits it out: the refused data connections leave the client none. */
    private static final Duration DATA_TIMEOUT = Duration.ofSeconds(2);
    private static final Pattern PASV = Pattern.compile("\\((\\d+),(\\d+),(\\d+),(\\d+),(\\d+),(\\d+)\\)");

    @TempDir
    Path folder;

    private final List<FtpServer> nodes = new ArrayList<>();
    private final ProxyForwarder balancer = new ProxyForwarder(address(BALANCER), address(BALANCER_SIDE));
    private StorageModule storage;
    private TestTree tree;

    private record Node(FtpServer server, InetSocketAddress address) {}

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() throws IOException {
        balancer.close();
        nodes.forEach(FtpServer::close);
    }

    /** A node on 127.0.0.1 over the one tree every node of a test shares; bans after two failed logins. */
    private Node node(String passivePorts, boolean dataHeaders, boolean sharedBans) throws IOException {
        if (storage == null) {
            storage = XxftpServerExtension.freshStorage(XxftpServerExtension.onS3() ? Optional.empty() : Optional.of(folder));
        }
        FtpConfig base = XxftpServerExtension.testConfig();
        GuardSettings guard = new GuardSettings(new Defender.Settings(2, Defender.Settings.DEFAULT_WINDOW,
                Defender.Settings.DEFAULT_BAN_TIME, Defender.Settings.MAX_BAN_TIME, List.of()), 0, 0,
                GuardSettings.DEFAULT_LOGIN_TIMEOUT, sharedBans);
        FtpConfig config = new FtpConfig(base.listen(), FtpConfig.PortRange.parse(passivePorts),
                Optional.of((Inet4Address) address(BALANCER)), base.maxConnections(), base.idleTimeout(), DATA_TIMEOUT,
                Optional.empty(), guard, new ProxyProtocol(List.of(Cidr.parse(BALANCER_SIDE)), dataHeaders));
        Injector injector = Guice.createInjector(storage, new ServerModule(config, FtpListener.NONE));
        FtpServer server = injector.getInstance(FtpServer.class);
        InetSocketAddress bound = server.start();
        nodes.add(server);
        Storage root = injector.getInstance(Storage.class);
        if (sharedBans) {
            server.shareBans(NodeFlags.bansLedger(root));
        }
        if (tree == null) {
            tree = new TestTree(root, XxftpServerExtension.onS3() ? Optional.empty() : Optional.of(folder));
            tree.userWithMd5("alice", "right");
        }
        return new Node(server, bound);
    }

    private RawFtp viaBalancer(int port) throws IOException {
        return new RawFtp(BALANCER, port);
    }

    /** PASV through the balancer: the announced address and port. */
    private static InetSocketAddress pasv(RawFtp ftp) throws IOException {
        RawFtp.Reply reply = ftp.send("PASV");
        assertThat(reply.code()).as(reply.text()).isEqualTo(227);
        Matcher m = PASV.matcher(reply.text());
        assertThat(m.find()).isTrue();
        return new InetSocketAddress(m.group(1) + "." + m.group(2) + "." + m.group(3) + "." + m.group(4),
                Integer.parseInt(m.group(5)) * 256 + Integer.parseInt(m.group(6)));
    }

    private static void store(RawFtp ftp, String name, byte[] content) throws IOException {
        InetSocketAddress data = pasv(ftp);
        assertThat(data.getAddress().getHostAddress()).isEqualTo(BALANCER);
        try (Socket socket = new Socket(data.getAddress(), data.getPort())) {
            assertThat(ftp.send("STOR " + name).code()).isEqualTo(150);
            socket.getOutputStream().write(content);
        }
        assertThat(ftp.read().code()).isEqualTo(226);
    }

    private static byte[] retrieve(RawFtp ftp, String name) throws IOException {
        InetSocketAddress data = pasv(ftp);
        try (Socket socket = new Socket(data.getAddress(), data.getPort())) {
            socket.setSoTimeout(10_000);
            assertThat(ftp.send("RETR " + name).code()).isEqualTo(150);
            byte[] content = socket.getInputStream().readAllBytes();
            assertThat(ftp.read().code()).isEqualTo(226);
            return content;
        }
    }

    @ParameterizedTest
    @EnumSource(value = Header.class, names = {"V1", "V2"})
    void theHeadersClientIsTheSessionsAddressForStatAndBans(Header header) throws Exception {
        Node node = node("47400-47407", false, false);
        int control = balancer.forward(0, List.of(node.address()), header);
        balancer.forwardRange(47400, 47407, address("127.0.0.1"), Header.NONE);
        balancer.pretendClient(CLIENT);
        try (RawFtp ftp = viaBalancer(control)) {
            assertThat(ftp.greeting().code()).isEqualTo(220);
            assertThat(ftp.login("alice", "right").code()).isEqualTo(230);
            assertThat(ftp.send("STAT").lines()).contains(" Connected from " + CLIENT);
            // passive data through the balancer, from its own address: no header due on data here
            store(ftp, "a.txt", "through the balancer".getBytes(StandardCharsets.UTF_8));
            assertThat(retrieve(ftp, "a.txt")).asString(StandardCharsets.UTF_8).isEqualTo("through the balancer");
        }
        try (RawFtp guesser = viaBalancer(control)) {
            assertThat(guesser.login("alice", "wrong1").code()).isEqualTo(530);
            assertThat(guesser.login("alice", "wrong2").code()).isEqualTo(530);
            // the second failure banned the header's client: even the right password is refused now
            assertThat(guesser.login("alice", "right").code()).isEqualTo(421);
        }
        try (RawFtp again = viaBalancer(control)) {
            assertThat(again.greeting().code()).isEqualTo(421);
            assertThat(again.greeting().text()).contains("Too many failed logins from your address");
        }
        assertThat(node.server().activeBans()).isEqualTo(1);
        // the balancer is not banned: another client through it is let in, as is one not behind it
        balancer.pretendClient("198.51.100.21");
        try (RawFtp neighbour = viaBalancer(control)) {
            assertThat(neighbour.login("alice", "right").code()).isEqualTo(230);
        }
        try (RawFtp direct = new RawFtp("127.0.0.1", node.address().getPort())) {
            assertThat(direct.login("alice", "right").code()).isEqualTo(230);
            assertThat(direct.send("STAT").lines()).contains(" Connected from 127.0.0.1");
        }
    }

    @Test
    void aHeaderFromAPeerNotListedClosesTheConnection() throws Exception {
        Node node = node("47400-47407", false, false);
        try (RawFtp stranger = new RawFtp("127.0.0.1", node.address().getPort())) {
            assertThat(stranger.greeting().code()).isEqualTo(220);
            stranger.sendRaw(ProxyForwarder.header(Header.V1, new InetSocketAddress(CLIENT, 1234), node.address()));
            assertThat(stranger.read()).isNull();
        }
        try (RawFtp stranger = new RawFtp("127.0.0.1", node.address().getPort())) {
            // v2's signature reads as two empty lines, a NUL and QUIT to a server not expecting it: by design
            stranger.sendRaw(ProxyForwarder.header(Header.V2, new InetSocketAddress(CLIENT, 1234), node.address()));
            assertThat(stranger.closedByServer()).isTrue();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (node.server().sessionCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(node.server().sessionCount()).isZero();
    }

    /** Connects to the node from the balancer's side address, as a broken balancer would, and sends {@code first}. */
    private static boolean closedWithoutAGreeting(Node node, byte[] first) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(address(BALANCER_SIDE), 0));
            socket.connect(node.address(), 5_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(first);
            return socket.getInputStream().read() == -1;
        }
    }

    @Test
    void aBalancersConnectionWithoutAValidHeaderIsClosedBeforeThe220() throws Exception {
        Node node = node("47400-47407", false, false);
        assertThat(closedWithoutAGreeting(node, "USER alice\r\n".getBytes(StandardCharsets.US_ASCII))).isTrue();
        assertThat(closedWithoutAGreeting(node, "PROXY TCP4 198.51.100.20 127.0.0.1 99999 21\r\n".getBytes(StandardCharsets.US_ASCII))).isTrue();
        assertThat(closedWithoutAGreeting(node, "PROXY TCP4 198.51.100.20 127.0.0.1 1 21\n".getBytes(StandardCharsets.US_ASCII))).isTrue();
        byte[] v2 = ProxyForwarder.header(Header.V2, new InetSocketAddress(CLIENT, 1234), node.address());
        v2[13] = 0x12; // UDP
        assertThat(closedWithoutAGreeting(node, v2)).isTrue();
        // a header that never comes: closed after the header timeout, not the login timeout
        long start = System.nanoTime();
        assertThat(closedWithoutAGreeting(node, new byte[0])).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(ProxyProtocol.HEADER_TIMEOUT.minusMillis(200),
                ProxyProtocol.HEADER_TIMEOUT.plusSeconds(3));
        assertThat(node.server().activeBans()).isZero();
    }

    @Test
    void threeNodesEachWithItsPassiveRangeServeOneTreeWithDataHeaders() throws Exception {
        List<Node> three = List.of(node("47400-47407", true, false), node("47410-47417", true, false),
                node("47420-47427", true, false));
        int control = balancer.forward(0, three.stream().map(Node::address).toList(), Header.V2);
        for (int i = 0; i < 3; i++) {
            balancer.forwardRange(47400 + 10 * i, 47407 + 10 * i, address("127.0.0.1"), Header.V1);
        }
        balancer.pretendClient(CLIENT);
        for (int i = 0; i < 3; i++) {
            try (RawFtp ftp = viaBalancer(control)) {
                assertThat(ftp.login("alice", "right").code()).isEqualTo(230);
                // roundrobin: the i-th session is on node i, which announces a port of its own range
                InetSocketAddress data = pasv(ftp);
                assertThat(data.getPort()).isBetween(47400 + 10 * i, 47407 + 10 * i);
                ftp.send("ABOR");
                store(ftp, "from-" + i, ("node " + i).getBytes(StandardCharsets.UTF_8));
            }
        }
        for (int i = 0; i < 3; i++) {
            try (RawFtp ftp = viaBalancer(control)) {
                assertThat(ftp.login("alice", "right").code()).isEqualTo(230);
                // each file written through one node, read through the next
                assertThat(retrieve(ftp, "from-" + (i + 2) % 3)).asString(StandardCharsets.UTF_8)
                        .isEqualTo("node " + (i + 2) % 3);
            }
        }
    }

    @Test
    void withDataHeadersADataConnectionNotNamingTheClientIsRefused() throws Exception {
        Node node = node("47400-47407", true, false);
        int control = balancer.forward(0, List.of(node.address()), Header.V1);
        balancer.pretendClient(CLIENT);
        try (RawFtp ftp = viaBalancer(control)) {
            assertThat(ftp.login("alice", "right").code()).isEqualTo(230);
            InetSocketAddress data = pasv(ftp);
            // straight to the node's passive port, with no balancer between: not the client the control connection named
            try (Socket stranger = new Socket("127.0.0.1", data.getPort());
                    Socket impostor = new Socket()) {
                impostor.bind(new InetSocketAddress(address(BALANCER_SIDE), 0));
                impostor.connect(new InetSocketAddress("127.0.0.1", data.getPort()));
                impostor.getOutputStream().write(ProxyForwarder.header(Header.V1, new InetSocketAddress("198.51.100.66", 5),
                        new InetSocketAddress(BALANCER, data.getPort())));
                stranger.setSoTimeout(5_000);
                impostor.setSoTimeout(5_000);
                assertThat(ftp.send("NLST").code()).isEqualTo(150);
                InputStream in = stranger.getInputStream();
                assertThat(in.read()).isEqualTo(-1);
                assertThat(impostor.getInputStream().read()).isEqualTo(-1);
                // no data connection from the client in time
                assertThat(ftp.read().code()).isEqualTo(425);
            }
        }
    }

    @Test
    void aBanOnOneNodeHoldsOnTheOthersWithinSecondsWhenShared() throws Exception {
        Assumptions.assumeTrue(XxftpServerExtension.onS3(), "shared bans need a bucket");
        Node first = node("47400-47407", false, true);
        Node second = node("47410-47417", false, true);
        int toFirst = balancer.forward(0, List.of(first.address()), Header.V1);
        int toSecond = balancer.forward(0, List.of(second.address()), Header.V1);
        balancer.pretendClient(CLIENT);
        try (RawFtp guesser = viaBalancer(toFirst)) {
            assertThat(guesser.login("alice", "wrong1").code()).isEqualTo(530);
            assertThat(guesser.login("alice", "wrong2").code()).isEqualTo(530);
            // the second failure banned the header's client: even the right password is refused now
            assertThat(guesser.login("alice", "right").code()).isEqualTo(421);
        }
        long deadline = System.nanoTime() + SharedBans.POLL_EVERY.multipliedBy(3).toNanos();
        while (second.server().activeBans() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        try (RawFtp elsewhere = viaBalancer(toSecond)) {
            assertThat(elsewhere.greeting().code()).isEqualTo(421);
        }
        // bans are shared, nothing else: another client on the second node is let in
        balancer.pretendClient("198.51.100.21");
        try (RawFtp neighbour = viaBalancer(toSecond)) {
            assertThat(neighbour.login("alice", "right").code()).isEqualTo(230);
        }
    }
}
