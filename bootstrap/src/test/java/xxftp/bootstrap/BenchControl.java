package xxftp.bootstrap;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The benchmarks' minimal control connection to any FTP server: a reply's last line is all they read. */
final class BenchControl implements AutoCloseable {

    private static final Pattern PASV = Pattern.compile("\\((\\d+),(\\d+),(\\d+),(\\d+),(\\d+),(\\d+)\\)");

    private final Socket socket = new Socket();
    private final BufferedReader in;
    private final OutputStream out;
    final String greeting;

    /** {@code from}: the local address to connect from (127.0.0.2 and up), or null for any. */
    BenchControl(int port, InetAddress from) throws IOException {
        if (from != null) {
            socket.bind(new InetSocketAddress(from, 0));
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(60_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
        greeting = read();
    }

    /** USER and PASS; the last reply's code. */
    int login(String user, String password) throws IOException {
        String reply = reply("USER " + user);
        if (reply != null && reply.startsWith("331")) {
            reply = reply("PASS " + password);
        }
        return reply == null ? -1 : Integer.parseInt(reply.substring(0, 3));
    }

    /** Logs in or fails: for the benchmarks, a refused login is a broken run. */
    BenchControl loggedIn(String user, String password) throws IOException {
        int code = login(user, password);
        if (code != 230) {
            throw new IOException("login refused: " + code);
        }
        return this;
    }

    /** PASV, and a connection to the port it names. */
    Socket passive() throws IOException {
        String reply = reply("PASV");
        Matcher pasv = PASV.matcher(reply == null ? "" : reply);
        if (!pasv.find()) {
            throw new IOException("PASV refused: " + reply);
        }
        int port = Integer.parseInt(pasv.group(5)) * 256 + Integer.parseInt(pasv.group(6));
        Socket data = new Socket("127.0.0.1", port);
        data.setSoTimeout(60_000);
        return data;
    }

    /** Sends a transfer command and checks its preliminary reply (150 or 125). */
    void start(String command) throws IOException {
        String reply = reply(command);
        if (reply == null || !reply.startsWith("1")) {
            throw new IOException(command + " refused: " + reply);
        }
    }

    /** Reads the transfer's final reply and checks it is 226 (or 250). */
    void finished(String command) throws IOException {
        String reply = read();
        if (reply == null || !(reply.startsWith("226") || reply.startsWith("250"))) {
            throw new IOException(command + " failed: " + reply);
        }
    }

    void send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    String reply(String line) throws IOException {
        send(line);
        return read();
    }

    String read() throws IOException {
        String line = in.readLine();
        while (line != null && (line.length() < 4 || line.charAt(3) == '-' || !Character.isDigit(line.charAt(0)))) {
            line = in.readLine();
        }
        return line;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
