package xxftp.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class StorageKeyTest {

    static Stream<String> unstorable() {
        return NamesTest.unstorable();
    }

    @ParameterizedTest
    @MethodSource("unstorable")
    void refusesUnstorableSegments(String segment) {
        assertThatThrownBy(() -> new StorageKey(List.of("home", segment))).isInstanceOf(Failure.InvalidName.class);
        assertThatThrownBy(() -> StorageKey.ROOT.child(segment)).isInstanceOf(Failure.InvalidName.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "a/../b", "a/./b", "a/\u0000/b", "a\\b"})
    void parseRefusesWhatCouldClimbOrSmuggle(String spelling) {
        assertThatThrownBy(() -> StorageKey.parse(spelling)).isInstanceOf(Failure.InvalidName.class);
    }

    @Test
    void parseSkipsEmptySegments() {
        assertThat(StorageKey.parse("a//b/")).isEqualTo(new StorageKey(List.of("a", "b")));
        assertThat(StorageKey.parse("/a")).isEqualTo(StorageKey.ROOT.child("a"));
        assertThat(StorageKey.parse("")).isEqualTo(StorageKey.ROOT);
        assertThat(StorageKey.parse("/")).isEqualTo(StorageKey.ROOT);
    }

    @Test
    void navigates() {
        StorageKey key = StorageKey.parse("alice/docs/a.txt");
        assertThat(key.name()).isEqualTo("a.txt");
        assertThat(key.parent()).isEqualTo(StorageKey.parse("alice/docs"));
        assertThat(key).hasToString("alice/docs/a.txt");
        assertThat(key.isRoot()).isFalse();
        assertThat(StorageKey.ROOT.isRoot()).isTrue();
        assertThat(StorageKey.ROOT.parent()).isEqualTo(StorageKey.ROOT);
        assertThat(StorageKey.ROOT.name()).isEmpty();
        assertThat(StorageKey.ROOT).hasToString("");
    }

    @Test
    void startsWithComparesWholeSegments() {
        StorageKey key = StorageKey.parse("alice/docs");
        assertThat(key.startsWith(StorageKey.ROOT)).isTrue();
        assertThat(key.startsWith(StorageKey.parse("alice"))).isTrue();
        assertThat(key.startsWith(key)).isTrue();
        assertThat(key.startsWith(StorageKey.parse("al"))).isFalse();
        assertThat(key.startsWith(StorageKey.parse("alice/docs/x"))).isFalse();
        assertThat(StorageKey.parse("alicex/docs").startsWith(StorageKey.parse("alice"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"xxftp.welcome", "XXFTP.GOODBYE", "alice/.xxftp", "alice/.xxftp/password",
            "alice/.XxFtP/size", "incoming/.xxftp-part-123", ".xxftp"})
    void controlKeys(String key) {
        assertThat(StorageKey.parse(key).isControl()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice/xxftp.welcome", "alice/docs/XXFTP.GOODBYE", "alice", "alice/xxftp", ""})
    void messagesCountOnlyAtTheTop(String key) {
        assertThat(StorageKey.parse(key).isControl()).isFalse();
    }

    @Test
    void isAValue() {
        List<String> segments = new ArrayList<>(List.of("a"));
        StorageKey key = new StorageKey(segments);
        segments.add("b");
        assertThat(key).isEqualTo(StorageKey.ROOT.child("a"));
        assertThat(key.child("b")).isEqualTo(StorageKey.parse("a/b")).isNotEqualTo(key);
    }
}
