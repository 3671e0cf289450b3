package xxftp.bootstrap;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A load balancer for tests, as HAProxy in TCP mode with {@code send-proxy} or {@code send-proxy-v2}:
 * it listens on one loopback address and forwards each connection to a node, connecting from
 * an address of its own, after a PROXY header naming the client. The control port goes to the
 * nodes in turn (roundrobin); a node's passive range goes to that node, port for port.
 */
final class ProxyForwarder implements AutoCloseable {

    enum Header { V1, V2, NONE }

    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    private final InetAddress listen;
    private final InetAddress from;
    private final Set<ServerSocket> listeners = ConcurrentHashMap.newKeySet();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile InetAddress client;

    /** {@code listen}: where clients reach the balancer; {@code from}: its address as the nodes see it. */
    ProxyForwarder(InetAddress listen, InetAddress from) {
        this.listen = listen;
        this.from = from;
    }

    /** The client the next headers name, instead of the connection's real source: the test plays a distant client. */
    ProxyForwarder pretendClient(String address) throws IOException {
        client = InetAddress.getByName(address);
        return this;
    }

    /** Each connection to {@code port} (0: a free one) goes to the next of {@code nodes}; returns the port. */
    int forward(int port, List<InetSocketAddress> nodes, Header header) throws IOException {
        AtomicInteger turn = new AtomicInteger();
        return listen(port, () -> nodes.get(Math.floorMod(turn.getAndIncrement(), nodes.size())), header);
    }

    /** Each port of {@code low}-{@code high} goes to the same port of {@code node} (a node's passive range). */
    void forwardRange(int low, int high, InetAddress node, Header header) throws IOException {
        for (int port = low; port <= high; port++) {
            InetSocketAddress target = new InetSocketAddress(node, port);
            listen(port, () -> target, header);
        }
    }

    private int listen(int port, java.util.function.Supplier<InetSocketAddress> targets, Header header) throws IOException {
        ServerSocket listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(listen, port));
        listeners.add(listener);
        Thread.ofVirtual().name("forwarder-" + listener.getLocalPort()).start(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket accepted = listener.accept();
                    Thread.ofVirtual().start(() -> relay(accepted, targets.get(), header));
                } catch (IOException closed) {
                    return;
                }
            }
        });
        return listener.getLocalPort();
    }

    private void relay(Socket accepted, InetSocketAddress target, Header header) {
        try (Socket downstream = accepted; Socket upstream = new Socket()) {
            open.add(downstream);
            open.add(upstream);
            upstream.bind(new InetSocketAddress(from, 0));
            upstream.connect(target, 5_000);
            InetSocketAddress source = new InetSocketAddress(client != null ? client : accepted.getInetAddress(), accepted.getPort());
            InetSocketAddress destination = (InetSocketAddress) accepted.getLocalSocketAddress();
            upstream.getOutputStream().write(header(header, source, destination));
            Thread back = Thread.ofVirtual().start(() -> copy(upstream, downstream));
            copy(downstream, upstream);
            back.join();
        } catch (IOException | InterruptedException e) {
            // either end went away: so does the other
        } finally {
            open.remove(accepted);
        }
    }

    /** HAProxy's spec: v1 a text line, v2 the signature, 0x21 (v2 PROXY), the family, the length, addresses, ports. */
    static byte[] header(Header header, InetSocketAddress source, InetSocketAddress destination) {
        boolean v4 = source.getAddress() instanceof Inet4Address;
        return switch (header) {
            case NONE -> new byte[0];
            case V1 -> ("PROXY " + (v4 ? "TCP4 " : "TCP6 ") + source.getAddress().getHostAddress() + " "
                    + destination.getAddress().getHostAddress() + " " + source.getPort() + " " + destination.getPort() + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            case V2 -> {
                byte[] src = source.getAddress().getAddress();
                byte[] dst = destination.getAddress().getAddress();
                ByteBuffer bytes = ByteBuffer.allocate(16 + src.length + dst.length + 4);
                bytes.put(V2_SIGNATURE).put((byte) 0x21).put((byte) (v4 ? 0x11 : 0x21))
                        .putShort((short) (src.length + dst.length + 4)).put(src).put(dst)
                        .putShort((short) source.getPort()).putShort((short) destination.getPort());
                yield bytes.array();
            }
        };
    }

    private static void copy(Socket from, Socket to) {
        try {
            // half-closes, as TCP does: the other direction may still be talking
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException gone) {
            // the relay ends with either side
        }
    }

    @Override
    public void close() throws IOException {
        for (ServerSocket listener : listeners) {
            listener.close();
        }
        for (Socket socket : open) {
            socket.close();
        }
    }
}
