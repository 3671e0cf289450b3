package xxftp.ftp;

import static xxftp.ftp.Command.Arity.NONE;
import static xxftp.ftp.Command.Arity.OPTIONAL;
import static xxftp.ftp.Command.Arity.REQUIRED;

import java.io.IOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where the next data connection comes from: PASV, EPSV (RFC 2428), PORT, EPRT (RFC 2428). */
final class DataPortCommands {

    /** RFC 2577: never connect out to a privileged port (FTP bounce onto other services). */
    private static final int LOWEST_ACTIVE_PORT = 1024;
    private static final Reply EPSV_ALL_IN_EFFECT = Reply.of(503, "EPSV ALL in effect; use EPSV.");
    private static final Logger log = LoggerFactory.getLogger(DataPortCommands.class);
    /** RFC 959: 425 "Can't open data connection" */
    private static final Reply NO_PASSIVE_PORT = Reply.of(425, "No passive data port is free for you now; try again later.");

    private DataPortCommands() {}

    static List<Command> rows() {
        return List.of(
                Command.loggedIn("PASV", NONE, DataPortCommands::pasv, "(open a passive data port)"),
                Command.loggedIn("EPSV", OPTIONAL, DataPortCommands::epsv, "[<sp> 1 | 2 | ALL]"),
                Command.loggedIn("PORT", REQUIRED, DataPortCommands::port, "<sp> h1,h2,h3,h4,p1,p2"),
                Command.loggedIn("EPRT", REQUIRED, DataPortCommands::eprt, "<sp> |proto|address|port|"));
    }

    /** RFC 959 4.1.2 PASV: 227 with the address and port as six decimal bytes. */
    static Reply passiveReply(Inet4Address address, int port) {
        byte[] a = address.getAddress();
        return Reply.of(227, String.format("Entering Passive Mode (%d,%d,%d,%d,%d,%d).",
                a[0] & 0xff, a[1] & 0xff, a[2] & 0xff, a[3] & 0xff, port >> 8, port & 0xff));
    }

    /** RFC 2428 3 EPSV: 229 with the port alone, between empty protocol and address fields. */
    static Reply extendedPassiveReply(int port) {
        return Reply.of(229, "Entering Extended Passive Mode (|||" + port + "|).");
    }

    private static Reply pasv(Session session, String unused) throws IOException {
        if (session.data().epsvAll()) {
            return EPSV_ALL_IN_EFFECT;
        }
        Optional<Inet4Address> announced = session.services().config().publicAddress()
                .or(() -> session.localAddress() instanceof Inet4Address v4 ? Optional.of(v4) : Optional.empty());
        if (announced.isEmpty()) {
            return Reply.of(425, "PASV is for IPv4; use EPSV.");
        }
        OptionalInt port = listen(session);
        return port.isPresent() ? passiveReply(announced.get(), port.getAsInt()) : NO_PASSIVE_PORT;
    }

    /** RFC 2428 EPSV: only the port is announced, so it works through NAT and over IPv6. */
    private static Reply epsv(Session session, String argument) throws IOException {
        String protocol = argument.strip().toUpperCase(Locale.ROOT);
        if (protocol.equals("ALL")) {
            session.data().setEpsvAll();
            return Reply.of(200, "EPSV ALL ok.");
        }
        String ours = protocolNumber(session.localAddress());
        if (!protocol.isEmpty() && !protocol.equals(ours)) {
            return Reply.of(522, "Network protocol not supported, use (" + ours + ").");
        }
        OptionalInt port = listen(session);
        return port.isPresent() ? extendedPassiveReply(port.getAsInt()) : NO_PASSIVE_PORT;
    }

    private static Reply port(Session session, String argument) {
        if (session.data().epsvAll()) {
            return EPSV_ALL_IN_EFFECT;
        }
        String[] fields = argument.strip().split(",");
        if (fields.length != 6) {
            return Reply.of(501, "PORT needs h1,h2,h3,h4,p1,p2.");
        }
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
        byte[] address = new byte[4];
        for (int i = 0; i < 4; i++) {
            address[i] = (byte) numbers[i];
        }
        try {
            return active(session, InetAddress.getByAddress(address), numbers[4] * 256 + numbers[5]);
        } catch (UnknownHostException impossible) {
            return Reply.of(501, "Bad address.");
        }
    }

    /** RFC 2428 2 EPRT: {@code <d>proto<d>address<d>port<d>} with any delimiter. */
    private static Reply eprt(Session session, String argument) {
        if (session.data().epsvAll()) {
            return EPSV_ALL_IN_EFFECT;
        }
        String text = argument.strip();
        if (text.length() < 7) {
            return Reply.of(501, "EPRT needs |proto|address|port|.");
        }
        String delimiter = text.substring(0, 1);
        String[] fields = text.split(Pattern.quote(delimiter), -1);
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
        session.data().active(new InetSocketAddress(address, port));
        return Reply.of(200, "Active data connection set up.");
    }

    /** A passive listener for this session (its last one goes first); empty when no port is free for it. */
    private static OptionalInt listen(Session session) throws IOException {
        session.data().close();
        ServerSocketChannel listener;
        try {
            listener = session.services().passivePorts().open(session.localAddress(), session.peerAddress());
        } catch (BindException none) {
            log.warn("No passive port: {}", none.getMessage());
            return OptionalInt.empty();
        }
        session.data().passive(listener);
        return OptionalInt.of(listener.socket().getLocalPort());
    }

    private static String protocolNumber(InetAddress address) {
        return address instanceof Inet6Address ? "2" : "1";
    }
}
