package xxftp.ftp;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import xxftp.ftp.guard.ClientKey;

/**
 * Binds passive data listeners within the configured port range, where one client (an address,
 * an IPv6 /64) may hold a quarter of the range at most, so it can't take every port from the others.
 */
final class PassivePorts {

    /**
     * Where listeners go without a configured range. Not port 0: the kernel's own pick walks the
     * ports' TIME_WAIT connections, of which a server doing thousands of small transfers a second
     * has tens of thousands, and that walk was most of a 4 KiB RETR's CPU time. One bind attempt
     * at a random port costs a single lookup.
     */
    private static final FtpConfig.PortRange UNPRIVILEGED = new FtpConfig.PortRange(1024, 65535);

    private final FtpConfig.PortRange range;
    private final int share;
    private final Map<ServerSocketChannel, ClientKey> open = new HashMap<>();

    PassivePorts(FtpConfig.PortRange range) {
        this.range = range;
        this.share = Math.min(range.size(), Math.max(2, range.size() / 4));
    }

    /**
     * A listener on the given local address for {@code client}; starts at a random port so
     * sessions spread out. {@link BindException} when none is free or the client holds its share.
     */
    ServerSocketChannel open(InetAddress address, InetAddress client) throws IOException {
        ClientKey key = ClientKey.of(client);
        synchronized (open) {
            open.keySet().removeIf(channel -> !channel.isOpen());
            if (!range.isAny() && open.values().stream().filter(key::equals).count() >= share) {
                throw new BindException(key + " holds " + share + " passive ports already");
            }
        }
        ServerSocketChannel channel = openIn(range.isAny() ? UNPRIVILEGED : range, address);
        synchronized (open) {
            open.put(channel, key);
        }
        return channel;
    }

    /** Passive listeners open now, waiting for their data connection. */
    int inUse() {
        synchronized (open) {
            open.keySet().removeIf(channel -> !channel.isOpen());
            return open.size();
        }
    }

    private static ServerSocketChannel openIn(FtpConfig.PortRange range, InetAddress address) throws IOException {
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
            // a port whose last data connections wait in TIME_WAIT is free to listen on
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(new InetSocketAddress(address, port), 1);
            return channel;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }
}
