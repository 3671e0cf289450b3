package xxftp.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Fuzz tests of the control connection: the line reader, the dispatcher with every row's
 * checks, and the PORT/EPRT/EPSV arguments. {@code mvn verify} replays the committed inputs
 * (src/test/resources/xxftp/ftp/FtpFuzzTestInputs); {@code JAZZER_FUZZ=1 JAZZER_MAX_DURATION=60s
 * mvn -pl adapters-ftp test -Dtest=FtpFuzzTest#NAME} fuzzes one.
 */
class FtpFuzzTest {

    /** A reply line as RFC 959 4.2 has it: three digits, then a space or a dash. */
    private static final Pattern REPLY_LINE = Pattern.compile("[1-5]\\d\\d[ -][^\\r\\n]*");
    /** Verbs that open sockets or wait for a data connection: not for an in-memory harness. */
    private static final Set<String> NETWORK_VERBS = Set.of("PASV", "EPSV", "RETR", "STOR", "APPE", "STOU", "LIST",
            "NLST", "MLSD", "AUTH");

    /** Any bytes: lines without CR or LF, within the limit, and the reader gets through them. */
    @FuzzTest(maxDuration = "2m")
    void theLineReaderYieldsBoundedLinesAndEnds(byte[] input) throws IOException {
        ControlChannel lines = new ControlChannel(new ByteArrayInputStream(input));
        int count = 0;
        Optional<ControlChannel.Line> line;
        while ((line = lines.readLine()).isPresent()) {
            assertThat(++count).isLessThanOrEqualTo(input.length + 1);
            if (line.get() instanceof ControlChannel.Line.Text text) {
                assertThat(text.text()).doesNotContain("\n");
                assertThat(text.text().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(ControlChannel.MAX_LINE_BYTES);
            }
        }
    }

    /** Any command lines, before and after login: only well-formed replies, never an internal detail. */
    @FuzzTest(maxDuration = "2m")
    void everyLineGetsAWellFormedReply(FuzzedDataProvider data) {
        SessionHarness harness = data.consumeBoolean() ? SessionHarness.loggedIn() : new SessionHarness();
        for (int i = 0; i < 8 && data.remainingBytes() > 0; i++) {
            String line = data.consumeString(300);
            String verb = line.strip().split(" ", 2)[0].toUpperCase(java.util.Locale.ROOT);
            if (NETWORK_VERBS.contains(verb)) {
                continue;
            }
            String replies = harness.send(line);
            if (harness.session.quitting()) {
                break;
            }
            assertThat(replies).as(line).isNotEmpty().endsWith("\r\n");
            for (String reply : replies.split("\r\n")) {
                assertThat(reply).doesNotContain("Exception", "at xxftp.", "\n", "\r");
            }
            String[] replyLines = replies.split("\r\n");
            assertThat(replyLines[0]).matches(REPLY_LINE);
            assertThat(replyLines[replyLines.length - 1]).matches(REPLY_LINE);
        }
    }

    /** PORT and EPRT: accepted only for the client's own address and an unprivileged port (no FTP bounce). */
    @FuzzTest(maxDuration = "2m")
    void activeModeNeverLeadsElsewhere(FuzzedDataProvider data) {
        SessionHarness harness = SessionHarness.loggedIn();
        String command = data.pickValue(new String[] {"PORT ", "EPRT ", "EPSV "});
        String argument = data.consumeRemainingAsString();
        if (command.equals("EPSV ") && (argument.isBlank() || argument.strip().matches("(?i)all|1|2"))) {
            // a valid EPSV opens a listener: the unit tests cover those
            return;
        }
        String reply = harness.send(command + argument);
        assertThat(reply).matches("[1-5]\\d\\d [^\\r\\n]*\\r\\n");
        if (reply.startsWith("200")) {
            DataEndpoint.Active active = (DataEndpoint.Active) harness.session.data().prepared().orElseThrow();
            assertThat(active.target().getAddress()).isEqualTo(SessionHarness.CLIENT_V4);
            assertThat(active.target().getPort()).isBetween(1024, 65535);
        }
    }
}
