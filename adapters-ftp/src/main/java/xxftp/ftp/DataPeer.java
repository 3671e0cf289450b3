package xxftp.ftp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xxftp.ftp.proxy.ProxyProtocol;

/**
 * Who may open a session's passive data connection: the address it must come from, or, behind
 * balancers that put a PROXY header on data connections too, the client the header must name.
 */
record DataPeer(InetAddress expected, Optional<ProxyProtocol> headers) {

    private static final Logger log = LoggerFactory.getLogger(DataPeer.class);

    /** A control connection from {@code controlPeer} that speaks for {@code client}. */
    static DataPeer of(ProxyProtocol proxy, InetAddress controlPeer, InetAddress client) {
        if (!proxy.expectsHeader(controlPeer)) {
            return new DataPeer(client, Optional.empty());
        }
        // a balancer that forwards data ports without headers connects from its own address
        return proxy.data() ? new DataPeer(client, Optional.of(proxy)) : new DataPeer(controlPeer, Optional.empty());
    }

    /** Whether {@code socket}, just accepted, is this session's data connection (its header read, when one is due). */
    boolean admits(Socket socket) {
        if (headers.isEmpty()) {
            return socket.getInetAddress().equals(expected);
        }
        try {
            return headers.get().client(socket).getAddress().equals(expected);
        } catch (IOException e) {
            log.warn("Refused a data connection from {} without a valid PROXY header: {}", socket.getInetAddress(), e.toString());
            return false;
        }
    }

    @Override
    public String toString() {
        return expected.getHostAddress() + (headers.isPresent() ? " (by PROXY header)" : "");
    }
}
