package xxftp.domain.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

    static Stream<String> unstorable() {
        return Stream.of("", ".", "..", "a/b", "/", "a\\b", "\\", "a\u0000b", "a\rb", "a\nb", "tab\there",
                "del\u007f", "a".repeat(256), "é".repeat(128));
    }

    @ParameterizedTest
    @MethodSource("unstorable")
    void refusesSegmentsATreeCantHold(String segment) {
        assertThat(Names.isStorable(segment)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "...", ".hidden", "with space", "ünïcödé", "a..b", "%2e%2e", "xxftp"})
    void storesOrdinaryNames(String segment) {
        assertThat(Names.isStorable(segment)).isTrue();
    }

    @Test
    void limitIsCountedInUtf8Bytes() {
        assertThat(Names.isStorable("a".repeat(Names.MAX_SEGMENT_BYTES))).isTrue();
        // 127 two-byte letters and one ASCII: 255 bytes but only 128 chars
        assertThat(Names.isStorable("é".repeat(127) + "a")).isTrue();
        assertThat(Names.isStorable("é".repeat(127) + "ab")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {".xxftp", ".XXFTP", ".xXfTp", ".xxftp-part-123", ".XXFTP-PART-1", ".xxftpanything"})
    void controlNamesInAnyCase(String segment) {
        assertThat(Names.isControl(segment)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"xxftp", "a.xxftp", ".xxft", "..xxftp", " .xxftp", "xxftp.welcome"})
    void ordinaryNamesAreNotControl(String segment) {
        assertThat(Names.isControl(segment)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"xxftp.welcome", "xxftp.goodbye", "XXFTP.GOODBYE", "Xxftp.Welcome"})
    void rootMessagesInAnyCase(String segment) {
        assertThat(Names.isRootMessage(segment)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"xxftp.welcome2", "welcome", "xxftp", ".xxftp.welcome", "xxftp.welcome.txt"})
    void otherNamesAreNoMessages(String segment) {
        assertThat(Names.isRootMessage(segment)).isFalse();
    }

    @Test
    void dotNamesAreNotListed() {
        assertThat(Names.isListed(".hidden")).isFalse();
        assertThat(Names.isListed(".xxftp")).isFalse();
        assertThat(Names.isListed("visible.txt")).isTrue();
    }
}
