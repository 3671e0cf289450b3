package xxftp.ftp;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FTPS (RFC 4217) settings, and the one place where sockets become TLS server sockets.
 *
 * @param requiredForLogin USER and PASS in clear are refused (530): credentials never travel unprotected
 * @param sessionReuseRequired a protected data connection must resume the control connection's
 *                         TLS session, as vsftpd and ProFTPD require and FileZilla expects, so
 *                         a stranger who races to the data port can't take over a transfer
 * @param implicitListen   an address for implicit FTPS (TLS from the first byte, port 990 by custom)
 * @param allowTls13       offer TLS 1.3 besides 1.2 (see {@link #protocols()})
 */
public record FtpTls(SSLContext context, boolean requiredForLogin, boolean sessionReuseRequired,
                     Optional<InetSocketAddress> implicitListen, boolean allowTls13) {

    /**
     * TLS 1.3 (unless switched off) and 1.2, never anything older. The session ticket TLS 1.3
     * sends after every handshake would make curl 7.x and lftp lose an upload's end; data
     * connections hold it back ({@link #dataSide}).
     */
    String[] protocols() {
        return allowTls13 ? new String[] {"TLSv1.3", "TLSv1.2"} : new String[] {"TLSv1.2"};
    }

    private static final Logger log = LoggerFactory.getLogger(FtpTls.class);
    private static final int CLOSE_WAIT_MILLIS = 2_000;
    private static final String REQUIRE_CLOSE_NOTIFY = "com.sun.net.ssl.requireCloseNotify";

    /**
     * Makes a TLS connection that ends without close_notify an error rather than a normal end
     * (RFC 4217 12.6; vsftpd's strict_ssl_read_eof): otherwise an upload cut by a bare TCP close
     * (a reset turned into a FIN by a middlebox, a forged FIN) would be published as complete.
     * JSSE reads the setting once, when its first TLS socket class loads: call this first thing.
     */
    public static void requireCloseNotify() {
        System.setProperty(REQUIRE_CLOSE_NOTIFY, "true");
    }

    /** Whether the setting is on (JSSE takes it only if it was on before its first TLS socket class loaded). */
    static boolean closeNotifyRequired() {
        return Boolean.getBoolean(REQUIRE_CLOSE_NOTIFY);
    }

    /**
     * Sends close_notify, then waits a moment for the client's: closing a TLS 1.3 socket whose
     * peer has not closed yet sends user_canceled, which GnuTLS clients (lftp) report as a
     * fatal error after a good transfer or QUIT.
     */
    static void closeGracefully(SSLSocket tls) {
        try {
            tls.shutdownOutput();
            tls.setSoTimeout(CLOSE_WAIT_MILLIS);
            InputStream in = tls.getInputStream();
            byte[] rest = new byte[1024];
            while (in.read(rest) >= 0) {
                // whatever the client still sends before its close_notify is dropped
            }
        } catch (IOException | UnsupportedOperationException notCleanly) {
            log.debug("TLS connection closed without the client's close_notify: {}", notCleanly.toString());
        }
    }

    /**
     * A protected data connection: the TLS server side, whose TLS 1.3 session ticket waits until
     * the server writes (see {@link TicketHoldingSocket}), so an upload's client closes cleanly.
     */
    SSLSocket dataSide(Socket raw) throws IOException {
        TicketHoldingSocket holding = new TicketHoldingSocket(raw);
        SSLSocket tls = serverSide(holding);
        holding.handshakeReturned();
        return tls;
    }

    /** Wraps an accepted connection as the TLS server side and completes the handshake. */
    SSLSocket serverSide(Socket raw) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory()
                .createSocket(raw, raw.getInetAddress().getHostAddress(), raw.getPort(), true);
        tls.setUseClientMode(false);
        tls.setEnabledProtocols(Arrays.stream(protocols())
                .filter(Arrays.asList(tls.getSupportedProtocols())::contains).toArray(String[]::new));
        tls.startHandshake();
        return tls;
    }

    /**
     * Whether a data connection's TLS session resumed the control connection's. Resuming by
     * session ID (TLS 1.2) hands back the very session. Resuming by ticket (TLS 1.3, or a
     * TLS 1.2 session ticket), which the client got only over the protected control
     * connection, makes a new session object with a new ID that keeps the original's
     * creation time: a full handshake made later can't have it.
     */
    static boolean resumed(SSLSession data, SSLSession control) {
        return data.equals(control)
                || data.getCreationTime() == control.getCreationTime()
                && data.getProtocol().equals(control.getProtocol())
                && data.getCipherSuite().equals(control.getCipherSuite());
    }
}
