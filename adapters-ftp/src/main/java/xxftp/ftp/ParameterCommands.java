package xxftp.ftp;

import static xxftp.ftp.Command.Arity.NONE;
import static xxftp.ftp.Command.Arity.OPTIONAL;
import static xxftp.ftp.Command.Arity.REQUIRED;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** How the next transfer is made: TYPE, MODE, STRU, REST, and the data connection commands. */
final class ParameterCommands {

    /** RFC 2577: never connect out to a privileged port (FTP bounce onto other services). */
    private static final int LOWEST_ACTIVE_PORT = 1024;

    private ParameterCommands() {}

    static List<Command> rows() {
        return List.of(
                Command.loggedIn("TYPE", REQUIRED, ParameterCommands::type, "<sp> A | I | L 8"),
                Command.loggedIn("MODE", REQUIRED, ParameterCommands::mode, "<sp> S"),
                Command.loggedIn("STRU", REQUIRED, ParameterCommands::stru, "<sp> F"),
                Command.loggedIn("REST", REQUIRED, ParameterCommands::rest, "<sp> byte-offset"),
                Command.loggedIn("ALLO", REQUIRED, ParameterCommands::allo, "<sp> bytes [<sp> R <sp> record-size]"),
                Command.loggedIn("PASV", NONE, ParameterCommands::pasv, "(open a passive data port)"),
                Command.loggedIn("EPSV", OPTIONAL, ParameterCommands::epsv, "[<sp> 1 | 2 | ALL]"),
                Command.loggedIn("PORT", REQUIRED, ParameterCommands::port, "<sp> h1,h2,h3,h4,p1,p2"),
                Command.loggedIn("EPRT", REQUIRED, ParameterCommands::eprt, "<sp> |proto|address|port|"));
    }

    /** RFC 959 3.1.1: A converts line ends in RETR and STOR (see {@link AsciiText}); I and L 8 move bytes as they are. */
    private static Reply type(Session session, String argument) {
        String type = argument.strip().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
        return switch (type) {
            case "I", "L 8", "L8" -> {
                session.useAsciiType(false);
                yield Reply.of(200, "Type set to I.");
            }
            case "A", "A N" -> {
                session.useAsciiType(true);
                yield Reply.of(200, "Type set to A.");
            }
            case "E", "A T", "A C", "E N", "L" -> Reply.of(504, "Type not implemented for that parameter.");
            default -> Reply.of(501, "Unknown type " + argument.strip() + ".");
        };
    }

    private static Reply mode(Session session, String argument) {
        return switch (argument.strip().toUpperCase(Locale.ROOT)) {
            case "S" -> Reply.of(200, "Mode set to S.");
            case "B", "C", "Z" -> Reply.of(504, "Only stream mode is supported.");
            default -> Reply.of(501, "Unknown mode.");
        };
    }

    private static Reply stru(Session session, String argument) {
        return switch (argument.strip().toUpperCase(Locale.ROOT)) {
            case "F" -> Reply.of(200, "Structure set to F.");
            case "R", "P" -> Reply.of(504, "Only file structure is supported.");
            default -> Reply.of(501, "Unknown structure.");
        };
    }

    /** RFC 3659 REST STREAM: the byte offset for the next RETR or STOR. */
    private static Reply rest(Session session, String argument) {
        try {
            long offset = Long.parseLong(argument.strip());
            if (offset < 0) {
                return Reply.of(501, "Offset must not be negative.");
            }
            session.restartAt(offset);
            return Reply.of(350, "Restarting at " + offset + ". Send RETR or STOR to continue.");
        } catch (NumberFormatException e) {
            return Reply.of(501, "Offset must be a number.");
        }
    }

    /** RFC 959 ALLO: the size of the next upload, which lets the S3 backend pick its part size. */
    private static Reply allo(Session session, String argument) {
        String[] words = argument.strip().split("\\s+");
        try {
            long bytes = Long.parseLong(words[0]);
            if (bytes < 0) {
                return Reply.of(501, "Size must not be negative.");
            }
            session.announce(bytes);
            return Reply.of(200, "ALLO noted: " + bytes + " bytes.");
        } catch (NumberFormatException e) {
            return Reply.of(501, "ALLO needs a size in bytes.");
        }
    }

    private static Reply pasv(Session session, String unused) throws IOException {
        if (session.epsvAll()) {
            return Reply.of(503, "EPSV ALL in effect; use EPSV.");
        }
        Optional<Inet4Address> announced = session.services().config().publicAddress()
                .or(() -> session.localAddress() instanceof Inet4Address v4 ? Optional.of(v4) : Optional.empty());
        if (announced.isEmpty()) {
            return Reply.of(425, "PASV is for IPv4; use EPSV.");
        }
        int port = listen(session);
        byte[] a = announced.get().getAddress();
        return Reply.of(227, String.format("Entering Passive Mode (%d,%d,%d,%d,%d,%d).",
                a[0] & 0xff, a[1] & 0xff, a[2] & 0xff, a[3] & 0xff, port >> 8, port & 0xff));
    }

    /** RFC 2428 EPSV: only the port is announced, so it works through NAT and over IPv6. */
    private static Reply epsv(Session session, String argument) throws IOException {
        String protocol = argument.strip().toUpperCase(Locale.ROOT);
        if (protocol.equals("ALL")) {
            session.setEpsvAll();
            return Reply.of(200, "EPSV ALL ok.");
        }
        if (!protocol.isEmpty() && !protocol.equals(protocolNumber(session.localAddress()))) {
            return Reply.of(522, "Network protocol not supported, use (" + protocolNumber(session.localAddress()) + ").");
        }
        int port = listen(session);
        return Reply.of(229, "Entering Extended Passive Mode (|||" + port + "|).");
    }

    private static Reply port(Session session, String argument) {
        if (session.epsvAll()) {
            return Reply.of(503, "EPSV ALL in effect; use EPSV.");
        }
        String[] fields = argument.strip().split(",");
        if (fields.length != 6) {
            return Reply.of(501, "PORT needs h1,h2,h3,h4,p1,p2.");
        }
        byte[] address = new byte[4];
        int[] numbers = new int[6];
        for (int i = 0; i < 6; i++) {
            try {
                numbers[i] = Integer.parseInt(fields[i].strip());
            } catch (NumberFormatException e) {
                return Reply.of(501, "PORT needs h1,h2,h3,h4,p1,p2.");
            }
            if (numbers[i] < 0 || numbers[i] > 255) {
                return Reply.of(501, "PORT numbers must be 0-255.");
            }
        }
        for (int i = 0; i < 4; i++) {
            address[i] = (byte) numbers[i];
        }
        try {
            return active(session, InetAddress.getByAddress(address), numbers[4] * 256 + numbers[5]);
        } catch (UnknownHostException impossible) {
            return Reply.of(501, "Bad address.");
        }
    }

    /** RFC 2428 EPRT: {@code <d>proto<d>address<d>port<d>} with any delimiter. */
    private static Reply eprt(Session session, String argument) {
        if (session.epsvAll()) {
            return Reply.of(503, "EPSV ALL in effect; use EPSV.");
        }
        String text = argument.strip();
        if (text.length() < 7) {
            return Reply.of(501, "EPRT needs |proto|address|port|.");
        }
        String delimiter = text.substring(0, 1);
        String[] fields = text.split(java.util.regex.Pattern.quote(delimiter), -1);
        if (fields.length != 5 || !fields[0].isEmpty() || !fields[4].isEmpty()) {
            return Reply.of(501, "EPRT needs |proto|address|port|.");
        }
        if (!fields[1].equals("1") && !fields[1].equals("2")) {
            return Reply.of(522, "Network protocol not supported, use (1,2).");
        }
        try {
            // RFC 2428 2: the protocol's standard form, dotted decimal for IPv4; and a literal only:
            // getByName looks up anything else ("beef", "cafe.babe"), which the client must not cause
            boolean literal = fields[1].equals("1")
                    ? fields[2].matches("\\d{1,3}(\\.\\d{1,3}){3}")
                    : fields[2].matches("[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*");
            if (!literal) {
                return Reply.of(501, "EPRT address must be numeric.");
            }
            InetAddress address = InetAddress.getByName(fields[2]);
            boolean v4 = address instanceof Inet4Address;
            if (fields[1].equals("1") != v4) {
                return Reply.of(501, "EPRT address does not match its protocol.");
            }
            return active(session, address, Integer.parseInt(fields[3]));
        } catch (UnknownHostException | NumberFormatException malformed) {
            return Reply.of(501, "EPRT needs |proto|address|port|.");
        }
    }

    /** No FTP bounce: data goes only to the control connection's own address, on an unprivileged port. */
    private static Reply active(Session session, InetAddress address, int port) {
        if (!address.equals(session.peerAddress())) {
            return Reply.of(501, "Data connections go only to your own address.");
        }
        if (port < LOWEST_ACTIVE_PORT || port > 65535) {
            return Reply.of(501, "Data port must be 1024-65535.");
        }
        session.useActive(new InetSocketAddress(address, port));
        return Reply.of(200, "Active data connection set up.");
    }

    private static int listen(Session session) throws IOException {
        ServerSocketChannel listener = session.services().passivePorts().open(session.localAddress());
        session.usePassive(listener);
        return listener.socket().getLocalPort();
    }

    private static String protocolNumber(InetAddress address) {
        return address instanceof Inet6Address ? "2" : "1";
    }
}
