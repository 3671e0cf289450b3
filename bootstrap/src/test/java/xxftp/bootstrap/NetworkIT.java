package xxftp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** IPv6 (RFC 2428), NAT (--public-address) and the passive port range. */
@ExtendWith(XxftpServerExtension.class)
class NetworkIT {

    private static final Pattern PASV = Pattern.compile("\\((\\d+),(\\d+),(\\d+),(\\d+),(\\d+),(\\d+)\\)");
    private static final Pattern EPSV = Pattern.compile("\\(\\|\\|\\|(\\d+)\\|\\)");

    @Test
    @ServerConfig(ipv6 = true)
    void overIpv6EpsvAndEprtCarryTheTransferAndPasvPointsToEpsv(TestServer server) throws Exception {
        Assumptions.assumeTrue(ipv6Loopback(), "no IPv6 loopback here");
        server.tree().user("alice").file("alice/f.txt", "over v6");
        try (Socket control = new Socket()) {
            control.connect(new InetSocketAddress("::1", server.port()), 5_000);
            control.setSoTimeout(10_000);
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(control.getInputStream()));
            var out = control.getOutputStream();
            java.util.function.Function<String, String> send = line -> {
                try {
                    out.write((line + "\r\n").getBytes());
                    out.flush();
                    String reply = in.readLine();
                    while (reply.charAt(3) == '-') {
                        reply = in.readLine();
                    }
                    return reply;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            };
            in.readLine();
            assertThat(send.apply("USER alice")).startsWith("230");
            assertThat(send.apply("PASV")).startsWith("425");
            assertThat(send.apply("EPSV 1")).startsWith("522");
            String epsv = send.apply("EPSV 2");
            Matcher port = EPSV.matcher(epsv);
            assertThat(port.find()).as(epsv).isTrue();
            try (Socket data = new Socket("::1", Integer.parseInt(port.group(1)))) {
                assertThat(send.apply("RETR f.txt")).startsWith("150");
                assertThat(new String(data.getInputStream().readAllBytes())).isEqualTo("over v6");
            }
            assertThat(in.readLine()).startsWith("226");
            try (ServerSocket active = new ServerSocket()) {
                active.bind(new InetSocketAddress("::1", 0));
                assertThat(send.apply("EPRT |2|::1|" + active.getLocalPort() + "|")).startsWith("200");
                assertThat(send.apply("RETR f.txt")).startsWith("150");
                try (Socket data = active.accept(); InputStream bytes = data.getInputStream()) {
                    assertThat(new String(bytes.readAllBytes())).isEqualTo("over v6");
                }
                assertThat(in.readLine()).startsWith("226");
            }
            assertThat(send.apply("EPSV ALL")).startsWith("200");
            assertThat(send.apply("PORT 127,0,0,1,200,10")).startsWith("503");
        }
    }

    @Test
    @ServerConfig(publicAddress = "203.0.113.7", passivePorts = "40000-40009")
    void pasvAnnouncesThePublicAddressAndPortsComeFromTheRange(TestServer server) throws Exception {
        server.tree().user("alice");
        try (RawFtp ftp = server.raw()) {
            ftp.login("alice", "");
            for (int i = 0; i < 3; i++) {
                Matcher pasv = PASV.matcher(ftp.send("PASV").text());
                assertThat(pasv.find()).isTrue();
                assertThat(pasv.group(1) + "." + pasv.group(2) + "." + pasv.group(3) + "." + pasv.group(4)).isEqualTo("203.0.113.7");
                assertThat(Integer.parseInt(pasv.group(5)) * 256 + Integer.parseInt(pasv.group(6))).isBetween(40000, 40009);
                Matcher epsv = EPSV.matcher(ftp.send("EPSV").text());
                assertThat(epsv.find()).isTrue();
                assertThat(Integer.parseInt(epsv.group(1))).isBetween(40000, 40009);
            }
        }
    }

    @Test
    void withoutAPublicAddressPasvAnnouncesTheAddressTheClientUsed(TestServer server) throws Exception {
        server.tree().user("alice");
        try (RawFtp ftp = server.raw()) {
            ftp.login("alice", "");
            assertThat(ftp.send("PASV").text()).contains("(127,0,0,1,");
        }
    }

    private static boolean ipv6Loopback() {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress("::1", 0));
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
