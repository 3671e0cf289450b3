package xxftp.ftp;

import static xxftp.ftp.Command.Arity.NONE;
import static xxftp.ftp.Command.Arity.REQUIRED;

import java.util.List;
import java.util.Locale;

/** FTPS, RFC 4217: AUTH TLS, PBSZ, PROT, and CCC (refused). */
final class SecurityCommands {

    private SecurityCommands() {}

    static List<Command> rows() {
        return List.of(
                Command.anytime("AUTH", REQUIRED, SecurityCommands::auth, "<sp> TLS"),
                Command.anytime("PBSZ", REQUIRED, SecurityCommands::pbsz, "<sp> 0"),
                Command.anytime("PROT", REQUIRED, SecurityCommands::prot, "<sp> P | C"),
                Command.anytime("CCC", NONE, (session, arg) -> Reply.of(534, "CCC refused: the control connection stays protected."),
                        "(refused)"));
    }

    /** FEAT lines, when TLS is configured (RFC 4217 6). */
    static List<String> features(Session session) {
        return session.services().config().tls().isPresent() ? List.of("AUTH TLS", "PBSZ", "PROT") : List.of();
    }

    /** RFC 4217 4: 234, then the TLS handshake on the control connection. */
    private static Reply auth(Session session, String mechanism) {
        String wanted = mechanism.strip().toUpperCase(Locale.ROOT);
        if (!wanted.equals("TLS") && !wanted.equals("TLS-C") && !wanted.equals("SSL")) {
            return Reply.of(504, "Only AUTH TLS is supported.");
        }
        if (session.services().config().tls().isEmpty()) {
            return Reply.of(502, "TLS is not configured on this server.");
        }
        if (session.protection().controlProtected()) {
            return Reply.of(503, "TLS is already active.");
        }
        if (session.login().isLoggedIn()) {
            return Reply.of(503, "AUTH must come before login.");
        }
        session.protection().upgradeAfterReply();
        return Reply.of(234, "AUTH TLS successful; start the handshake.");
    }

    /** RFC 4217 8: TLS has no buffer to size; PBSZ 0 is the only answer, and it must come before PROT. */
    private static Reply pbsz(Session session, String size) {
        if (!session.protection().controlProtected()) {
            return Reply.of(503, "PBSZ needs AUTH TLS first.");
        }
        session.protection().bufferSizeSet();
        return Reply.of(200, "PBSZ=0");
    }

    private static Reply prot(Session session, String level) {
        if (!session.protection().controlProtected()) {
            return Reply.of(503, "PROT needs AUTH TLS first.");
        }
        if (!session.protection().bufferSizeIsSet()) {
            return Reply.of(503, "PROT needs PBSZ first.");
        }
        return switch (level.strip().toUpperCase(Locale.ROOT)) {
            case "P" -> {
                session.protection().protectData(true);
                yield Reply.of(200, "Protection level set to Private.");
            }
            case "C" -> {
                session.protection().protectData(false);
                yield Reply.of(200, "Protection level set to Clear.");
            }
            case "S", "E" -> Reply.of(536, "Only PROT P and PROT C are supported.");
            default -> Reply.of(504, "Unknown protection level.");
        };
    }
}
