package xxftp.ftp.proxy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import xxftp.ftp.guard.Cidr;

/**
 * Which peers are load balancers that put a PROXY header before each control connection, and
 * whether they do before passive data connections too.
 *
 * @param from balancers' blocks; empty: no connection carries a header
 * @param data passive data connections from them carry a header too, naming the real client
 */
public record ProxyProtocol(List<Cidr> from, boolean data) {

    public static final ProxyProtocol OFF = new ProxyProtocol(List.of(), false);
    /** A balancer sends its header at once: one that waits this long is not one. */
    public static final Duration HEADER_TIMEOUT = Duration.ofSeconds(5);

    public ProxyProtocol {
        from = List.copyOf(from);
        if (data && from.isEmpty()) {
            throw new IllegalArgumentException("PROXY headers on data connections need the balancers' addresses");
        }
    }

    /** Whether a connection from {@code peer} must start with a header. */
    public boolean expectsHeader(InetAddress peer) {
        return from.stream().anyMatch(block -> block.contains(peer));
    }

    /**
     * The client a fresh connection speaks for: the header's source when {@code socket} comes
     * from a balancer (read within {@link #HEADER_TIMEOUT}), else the socket's own peer.
     * {@link MalformedProxyHeader} when a balancer's connection has no valid header.
     */
    public InetSocketAddress client(Socket socket) throws IOException {
        InetSocketAddress peer = (InetSocketAddress) socket.getRemoteSocketAddress();
        if (!expectsHeader(peer.getAddress())) {
            return peer;
        }
        int timeout = socket.getSoTimeout();
        socket.setSoTimeout((int) HEADER_TIMEOUT.toMillis());
        try {
            return switch (ProxyHeader.read(socket.getInputStream())) {
                case ProxyHeader.Proxied proxied -> proxied.source();
                case ProxyHeader.Local local -> peer;
            };
        } finally {
            socket.setSoTimeout(timeout);
        }
    }
}
