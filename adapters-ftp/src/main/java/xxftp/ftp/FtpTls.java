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
     * TLS 1.2, and 1.3 when allowed: never anything older. TLS 1.3 is opt-in because a TLS 1.3
     * server sends a session ticket after every handshake, also on a data connection; curl
     * (7.x) and lftp close an upload's data connection without reading it, so their kernel
     * resets the connection and drops the upload's last bytes.
     */
    String[] protocols() {
        return allowTls13 ? new String[] {"TLSv1.3", "TLSv1.2"} : new String[] {"TLSv1.2"};
    }

    private static final Logger log = LoggerFactory.getLogger(FtpTls.class);
    private static final int CLOSE_WAIT_MILLIS = 2_000;

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
