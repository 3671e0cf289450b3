package xxftp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The abuse limits, from loopback addresses other than the tests' own (127.0.0.1 is exempt):
 * bans after failed logins, equal failures, per-address and per-user limits, the login timeout,
 * and the hygiene of data connections.
 */
@ExtendWith(XxftpServerExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GuardIT {

    /** A STOR of {@code name} under way over EPSV: its data connection, once the 150 came. */
    private static Socket storeStarted(RawFtp ftp, String name) throws IOException {
        Socket data = connectFrom("127.0.0.1", ftp.send("EPSV").epsvPort());
        assertThat(ftp.send("STOR " + name).code()).isEqualTo(150);
        return data;
    }

    private static Socket connectFrom(String from, int port) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    @Test
    @ServerConfig(banFailures = 3)
    void anAddressThatKeepsFailingIsBannedAtConnectOthersAreNot(TestServer server) throws Exception {
        server.tree().userWithMd5("alice", "right");
        try (RawFtp guesser = server.rawFrom("127.0.0.2")) {
            assertThat(guesser.login("alice", "wrong1").code()).isEqualTo(530);
            assertThat(guesser.login("alice", "wrong2").code()).isEqualTo(530);
        }
        try (RawFtp guesser = server.rawFrom("127.0.0.2")) {
            // the count is per address, across sessions: the third failure bans
            assertThat(guesser.login("nobody", "wrong3").code()).isEqualTo(530);
            // banned meanwhile: even the right password is refused, before any hash, and the session ends
            RawFtp.Reply refused = guesser.login("alice", "right");
            assertThat(refused.code()).isEqualTo(421);
            assertThat(guesser.closedByServer()).isTrue();
        }
        try (RawFtp again = server.rawFrom("127.0.0.2")) {
            assertThat(again.greeting().code()).isEqualTo(421);
            assertThat(again.greeting().text()).contains("Too many failed logins from your address");
        }
        try (RawFtp neighbour = server.rawFrom("127.0.0.3")) {
            assertThat(neighbour.login("alice", "right").code()).isEqualTo(230);
        }
        try (RawFtp exempt = server.raw()) {
            for (int i = 0; i < 3; i++) {
                exempt.login("alice", "wrong");
            }
        }
        try (RawFtp exempt = server.raw()) {
            assertThat(exempt.login("alice", "right").code()).isEqualTo(230);
        }
    }

    @Test
    @ServerConfig(maxConnections = 64)
    void aBurstOfCorrectLoginsFromOneAddressIsNotBanned(TestServer server) throws Exception {
        // a salted hash, nothing remembered yet: as after a restart, 32 clients behind one NAT log in at once
        server.tree().userWithHash("alice", "right");
        List<Thread> logins = new ArrayList<>();
        List<String> replies = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 32; i++) {
            logins.add(Thread.ofVirtual().start(() -> {
                try (RawFtp client = server.rawFrom("127.0.0.9")) {
                    replies.add(client.login("alice", "right").text());
                } catch (IOException | RuntimeException e) {
                    replies.add(e.toString());
                }
            }));
        }
        for (Thread login : logins) {
            login.join();
        }
        assertThat(replies).hasSize(32).containsOnly("230 Login successful.");
        try (RawFtp after = server.rawFrom("127.0.0.9")) {
            assertThat(after.greeting().code()).isEqualTo(220);
        }
    }

    @Test
    void anUnknownUserAWrongPasswordAndAnUnreadablePasswordFileFailAlike(TestServer server) throws Exception {
        server.tree().userWithHash("alice", "right").user("bob").dir("bob/.xxftp/password");
        List<Long> millis = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (String[] attempt : new String[][] {{"nobody", "x"}, {"alice", "wrong"}, {"bob", "x"}}) {
            try (RawFtp client = server.rawFrom("127.0.0.4")) {
                assertThat(client.send("USER " + attempt[0]).code()).isEqualTo(331);
                long started = System.nanoTime();
                RawFtp.Reply reply = client.send("PASS " + attempt[1]);
                millis.add((System.nanoTime() - started) / 1_000_000);
                assertThat(reply.code()).isEqualTo(530);
                texts.add(reply.text());
            }
        }
        assertThat(texts).containsOnly("530 Login incorrect.");
        // each answered at the same moment after its PASS: 500 ms, the hash included
        assertThat(millis).allSatisfy(ms -> assertThat(ms).isBetween(495L, 900L));
        assertThat(millis.stream().mapToLong(Long::longValue).max().getAsLong()
                - millis.stream().mapToLong(Long::longValue).min().getAsLong()).isLessThan(150);
    }

    @Test
    @ServerConfig(maxConnectionsPerIp = 2)
    void oneConnectionMoreThanAnAddressMayHoldIs421(TestServer server) throws Exception {
        try (RawFtp first = server.rawFrom("127.0.0.5"); RawFtp second = server.rawFrom("127.0.0.5")) {
            assertThat(first.greeting().code()).isEqualTo(220);
            assertThat(second.greeting().code()).isEqualTo(220);
            try (RawFtp third = server.rawFrom("127.0.0.5")) {
                assertThat(third.greeting().code()).isEqualTo(421);
                assertThat(third.greeting().text()).contains("Too many connections from your address");
            }
            try (RawFtp other = server.rawFrom("127.0.0.6")) {
                assertThat(other.greeting().code()).isEqualTo(220);
            }
        }
        // given back when they end
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        int code;
        do {
            try (RawFtp later = server.rawFrom("127.0.0.5")) {
                code = later.greeting().code();
            }
        } while (code != 220 && System.nanoTime() < deadline);
        assertThat(code).isEqualTo(220);
    }

    @Test
    @ServerConfig(maxSessionsPerUser = 1)
    void oneSessionMoreThanAUserMayHoldIs530(TestServer server) throws Exception {
        server.tree().userWithMd5("alice", "pw");
        try (RawFtp first = server.raw()) {
            assertThat(first.login("alice", "pw").code()).isEqualTo(230);
            try (RawFtp second = server.raw()) {
                RawFtp.Reply refused = second.login("alice", "pw");
                assertThat(refused.code()).isEqualTo(530);
                assertThat(refused.text()).contains("Too many sessions for this user");
                assertThat(second.send("PWD").code()).isEqualTo(530);
            }
            assertThat(first.send("QUIT").code()).isEqualTo(221);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        int code;
        do {
            try (RawFtp later = server.raw()) {
                code = later.login("alice", "pw").code();
            }
        } while (code != 230 && System.nanoTime() < deadline);
        assertThat(code).isEqualTo(230);
    }

    @Test
    @ServerConfig(loginTimeoutSeconds = 1)
    void aConnectionThatDoesNotLogInInTimeIsClosed(TestServer server) throws Exception {
        server.tree().userWithMd5("alice", "pw");
        try (RawFtp idle = server.raw()) {
            // talking is not logging in
            assertThat(idle.send("NOOP").code()).isEqualTo(200);
            RawFtp.Reply timeout = idle.read();
            assertThat(timeout.code()).isEqualTo(421);
            assertThat(timeout.text()).contains("Login timeout");
            assertThat(idle.closedByServer()).isTrue();
        }
        try (RawFtp quick = server.raw()) {
            assertThat(quick.login("alice", "pw").code()).isEqualTo(230);
            Thread.sleep(1_500);
            assertThat(quick.send("NOOP").code()).as("logged in: the idle timeout applies").isEqualTo(200);
        }
    }

    @Test
    @ServerConfig(dataTimeoutSeconds = 1)
    void aPassivePortNoTransferUsesIsClosedAndASecondPasvClosesTheFirst(TestServer server) throws Exception {
        server.tree().userWithMd5("alice", "pw");
        try (RawFtp ftp = server.raw()) {
            ftp.login("alice", "pw");
            int first = ftp.send("EPSV").epsvPort();
            int second = ftp.send("EPSV").epsvPort();
            assertThat(second).isNotEqualTo(first);
            assertThatThrownBy(() -> connectFrom("127.0.0.1", first).close()).isInstanceOf(ConnectException.class);
            Thread.sleep(1_800);
            assertThatThrownBy(() -> connectFrom("127.0.0.1", second).close()).isInstanceOf(ConnectException.class);
            // nothing was left set up: a transfer now asks for PASV first
            assertThat(ftp.send("LIST").code()).isEqualTo(425);
        }
    }

    @Test
    @ServerConfig(passivePorts = "47320-47327")
    void oneAddressHoldsAQuarterOfThePassiveRangeAtMost(TestServer server) throws Exception {
        server.tree().userWithMd5("alice", "pw");
        List<RawFtp> sessions = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                RawFtp ftp = server.rawFrom("127.0.0.7");
                sessions.add(ftp);
                ftp.login("alice", "pw");
            }
            assertThat(sessions.get(0).send("EPSV").code()).isEqualTo(229);
            assertThat(sessions.get(1).send("EPSV").code()).isEqualTo(229);
            RawFtp.Reply third = sessions.get(2).send("EPSV");
            assertThat(third.code()).isEqualTo(425);
            try (RawFtp other = server.rawFrom("127.0.0.8")) {
                other.login("alice", "pw");
                assertThat(other.send("EPSV").code()).isEqualTo(229);
            }
        } finally {
            for (RawFtp ftp : sessions) {
                ftp.close();
            }
        }
    }

    @Test
    @ServerConfig(idleTimeoutSeconds = 2)
    void aStalledUploadIsCutWith426AndNotPublished(TestServer server) throws Exception {
        server.tree().userWithMd5("alice", "pw");
        try (RawFtp ftp = server.raw()) {
            ftp.login("alice", "pw");
            try (Socket data = storeStarted(ftp, "stalled.bin")) {
                OutputStream out = data.getOutputStream();
                out.write(new byte[1000]);
                out.flush();
                // then nothing, for longer than the idle timeout
                RawFtp.Reply cut = ftp.read();
                assertThat(cut.code()).isEqualTo(426);
            }
            assertThat(server.tree().exists("alice/stalled.bin")).isFalse();
            assertThat(ftp.send("NOOP").code()).isEqualTo(200);
        }
    }

    @Test
    @ServerConfig(idleTimeoutSeconds = 2)
    void aSessionIsIdleFromItsLastTransfersEndNotFromTheCommandThatStartedIt(TestServer server) throws Exception {
        server.tree().userWithMd5("alice", "pw");
        try (RawFtp ftp = server.raw()) {
            ftp.login("alice", "pw");
            try (Socket data = storeStarted(ftp, "slow.bin")) {
                OutputStream out = data.getOutputStream();
                // 1.8 s of upload, a write every 300 ms, while the control connection says nothing
                for (int i = 0; i < 6; i++) {
                    out.write(new byte[100]);
                    out.flush();
                    Thread.sleep(300);
                }
            }
            assertThat(ftp.read().code()).isEqualTo(226);
            // 2.3 s after the STOR, 0.5 s after its transfer ended
            Thread.sleep(500);
            assertThat(ftp.send("NOOP").code()).isEqualTo(200);
        }
        assertThat(server.tree().read("alice/slow.bin")).hasSize(600);
    }

    @Test
    @ServerConfig(idleTimeoutSeconds = 2)
    void aDownloadToAClientThatStoppedReadingIsCutWith426(TestServer server) throws Exception {
        server.tree().userWithMd5("alice", "pw").file("alice/big.bin", new byte[32 * 1024 * 1024]);
        try (RawFtp ftp = server.raw()) {
            ftp.login("alice", "pw");
            int port = ftp.send("EPSV").epsvPort();
            try (Socket data = connectFrom("127.0.0.1", port)) {
                data.setReceiveBufferSize(64 * 1024);
                assertThat(ftp.send("RETR big.bin").code()).isEqualTo(150);
                InputStream in = data.getInputStream();
                in.readNBytes(1000);
                // and no more: the server's send blocks until the watch cuts it
                RawFtp.Reply cut = ftp.read();
                assertThat(cut.code()).isEqualTo(426);
            }
            assertThat(ftp.send("NOOP").code()).isEqualTo(200);
        }
    }
}
