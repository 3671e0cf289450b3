package xxftp.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** TYPE, MODE, STRU, REST and ALLO: their arguments, exact replies, and what they leave for the next transfer. */
class ParameterCommandsTest {

    private final SessionHarness harness = SessionHarness.loggedIn();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "TYPE A       | 200 Type set to A.                         | true",
            "TYPE a       | 200 Type set to A.                         | true",
            "TYPE A N     | 200 Type set to A.                         | true",
            "TYPE a   n   | 200 Type set to A.                         | true",
            "TYPE I       | 200 Type set to I.                         | false",
            "TYPE i       | 200 Type set to I.                         | false",
            "TYPE L 8     | 200 Type set to I.                         | false",
            "TYPE L8      | 200 Type set to I.                         | false",
            "TYPE E       | 504 Type not implemented for that parameter. | false",
            "TYPE E N     | 504 Type not implemented for that parameter. | false",
            "TYPE A T     | 504 Type not implemented for that parameter. | false",
            "TYPE A C     | 504 Type not implemented for that parameter. | false",
            "TYPE L       | 504 Type not implemented for that parameter. | false",
            "TYPE L 7     | 501 Unknown type L 7.                      | false",
            "TYPE x       | 501 Unknown type x.                        | false",
            "TYPE AI      | 501 Unknown type AI.                       | false"})
    void type(String line, String reply, boolean ascii) {
        assertThat(harness.send(line)).isEqualTo(reply + "\r\n");
        assertThat(harness.session.parameters().asciiType()).isEqualTo(ascii);
    }

    @Test
    void typeIBringsBinaryBackAndARefusedTypeChangesNothing() {
        harness.send("TYPE A");
        harness.send("TYPE E");
        assertThat(harness.session.parameters().asciiType()).isTrue();
        harness.send("TYPE I");
        assertThat(harness.session.parameters().asciiType()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "MODE S | 200 Mode set to S.",
            "MODE s | 200 Mode set to S.",
            "MODE B | 504 Only stream mode is supported.",
            "MODE C | 504 Only stream mode is supported.",
            "MODE Z | 504 Only stream mode is supported.",
            "MODE X | 501 Unknown mode.",
            "STRU F | 200 Structure set to F.",
            "STRU f | 200 Structure set to F.",
            "STRU R | 504 Only file structure is supported.",
            "STRU P | 504 Only file structure is supported.",
            "STRU X | 501 Unknown structure."})
    void modeAndStructure(String line, String reply) {
        assertThat(harness.send(line)).isEqualTo(reply + "\r\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "REST 0                    | 350 Restarting at 0. Send RETR or STOR to continue.      | 0",
            "REST 100                  | 350 Restarting at 100. Send RETR or STOR to continue.    | 100",
            "REST  7                   | 350 Restarting at 7. Send RETR or STOR to continue.      | 7",
            "REST 9223372036854775807  | 350 Restarting at 9223372036854775807. Send RETR or STOR to continue. | 9223372036854775807",
            "REST -1                   | 501 Offset must not be negative.                         | 0",
            "REST 9223372036854775808  | 501 Offset must be a number.                             | 0",
            "REST 1k                   | 501 Offset must be a number.                             | 0",
            "REST 1 2                  | 501 Offset must be a number.                             | 0"})
    void rest(String line, String reply, long offset) {
        assertThat(harness.send(line)).isEqualTo(reply + "\r\n");
        assertThat(harness.session.parameters().takeRestartOffset()).isEqualTo(offset);
        assertThat(harness.session.parameters().takeRestartOffset()).as("for one transfer only").isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ALLO 1000          | 200 ALLO noted: 1000 bytes.     | 1000",
            "ALLO 0             | 200 ALLO noted: 0 bytes.        | 0",
            "ALLO 1000 R 80     | 200 ALLO noted: 1000 bytes.     | 1000",
            "ALLO  5   R  80    | 200 ALLO noted: 5 bytes.        | 5",
            "ALLO -1            | 501 Size must not be negative.  | -1",
            "ALLO many          | 501 ALLO needs a size in bytes. | -1",
            "ALLO R 80          | 501 ALLO needs a size in bytes. | -1"})
    void allo(String line, String reply, long bytes) {
        assertThat(harness.send(line)).isEqualTo(reply + "\r\n");
        OptionalLong announced = harness.session.parameters().takeAnnouncedBytes();
        assertThat(announced).isEqualTo(bytes < 0 ? OptionalLong.empty() : OptionalLong.of(bytes));
        assertThat(harness.session.parameters().takeAnnouncedBytes()).as("for one upload only").isEmpty();
    }
}
