package xxftp.ftp;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.concurrent.ThreadLocalRandom;

/** Binds passive data listeners within the configured port range. */
final class PassivePorts {

    private final FtpConfig.PortRange range;

    PassivePorts(FtpConfig.PortRange range) {
        this.range = range;
    }

    /** A listener on the given local address; starts at a random port so sessions spread out. */
    ServerSocketChannel open(InetAddress address) throws IOException {
        if (range.isAny()) {
            return bind(address, 0);
        }
        int start = ThreadLocalRandom.current().nextInt(range.size());
        for (int i = 0; i < range.size(); i++) {
            int port = range.low() + (start + i) % range.size();
            try {
                return bind(address, port);
            } catch (BindException inUse) {
                // try the next port
            }
        }
        throw new BindException("all passive ports " + range.low() + "-" + range.high() + " are in use");
    }

    private static ServerSocketChannel bind(InetAddress address, int port) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.bind(new InetSocketAddress(address, port), 1);
            return channel;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }
}
