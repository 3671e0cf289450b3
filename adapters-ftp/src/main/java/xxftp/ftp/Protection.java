package xxftp.ftp;

import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLSession;

/** FTPS state (RFC 4217): whether the control connection is protected, and PBSZ and PROT. */
final class Protection {

    private Supplier<SSLSession> controlSession;
    private boolean upgradeRequested;
    private boolean bufferSizeSet;
    private boolean protectData;

    boolean controlProtected() {
        return controlSession != null;
    }

    /** The control connection speaks TLS from now on; its session is asked for at each transfer. */
    void controlProtectedBy(Supplier<SSLSession> session) {
        controlSession = session;
    }

    /** RFC 4217 4: after the 234 to AUTH TLS, the control connection's handshake starts. */
    void upgradeAfterReply() {
        upgradeRequested = true;
    }

    /** Whether the reply just sent asked for the TLS handshake; asking again says no. */
    boolean takeUpgradeRequest() {
        boolean requested = upgradeRequested;
        upgradeRequested = false;
        return requested;
    }

    void bufferSizeSet() {
        bufferSizeSet = true;
    }

    boolean bufferSizeIsSet() {
        return bufferSizeSet;
    }

    void protectData(boolean on) {
        protectData = on;
    }

    /** The control connection's TLS session, when data connections must be protected (PROT P). */
    Optional<SSLSession> dataProtection() {
        return protectData && controlSession != null ? Optional.of(controlSession.get()) : Optional.empty();
    }
}
