package xxftp.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PassivePortsTest {

    @Test
    void withoutARangeListenersGoToRandomUnprivilegedPortsNotTheKernelsPick() throws IOException {
        String[] kernelRange;
        // a /proc file's size says nothing of its text: read it as a stream, to its end
        try (InputStream in = Files.newInputStream(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            kernelRange = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim().split("\\s+");
        }
        int kernelLow = Integer.parseInt(kernelRange[0]);
        int kernelHigh = Integer.parseInt(kernelRange[1]);
        PassivePorts ports = new PassivePorts(FtpConfig.PortRange.ANY);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        List<ServerSocketChannel> opened = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                opened.add(ports.open(loopback, loopback));
            }
            List<Integer> numbers = opened.stream().map(channel -> channel.socket().getLocalPort()).toList();
            assertThat(numbers).allMatch(port -> port >= 1024 && port <= 65535);
            // the kernel's pick (port 0) would put all 100 in its ephemeral range; random ones spread
            assertThat(numbers).anyMatch(port -> port < kernelLow || port > kernelHigh);
            assertThat(ports.inUse()).isEqualTo(100);
            for (ServerSocketChannel channel : opened) {
                assertThat(channel.getOption(StandardSocketOptions.SO_REUSEADDR)).isTrue();
            }
        } finally {
            for (ServerSocketChannel channel : opened) {
                channel.close();
            }
        }
        assertThat(ports.inUse()).isZero();
    }
}
