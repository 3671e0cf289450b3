package xxftp.ftp.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.EOFException;

/**
 * Any bytes a balancer's peer might send: a header or a refusal, nothing else thrown, and never
 * more read than the header (v1 at most 107 bytes). {@code JAZZER_FUZZ=1 mvn -pl adapters-ftp test
 * -Dtest=ProxyHeaderFuzzTest} fuzzes it.
 */
class ProxyHeaderFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void anyBytesGiveAHeaderOrARefusal(byte[] input) {
        ByteArrayInputStream in = new ByteArrayInputStream(input);
        try {
            ProxyHeader header = ProxyHeader.read(in);
            assertThat(header).isNotNull();
        } catch (MalformedProxyHeader | EOFException refused) {
            // closed, as the spec wants
        } catch (java.io.IOException e) {
            throw new AssertionError("an I/O failure from memory", e);
        }
        int consumed = input.length - in.available();
        if (input.length > 0 && input[0] == 'P') {
            assertThat(consumed).isLessThanOrEqualTo(ProxyHeader.V1_MAX_BYTES);
        }
    }
}
