package xxftp.domain.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VirtualPathTest {

    @ParameterizedTest(name = "in {0}: \"{1}\" -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # cwd   | spelling                 | expected
            /       | ..                       | /
            /       | ../..                    | /
            /       | /..                      | /
            /a      | /../..                   | /
            /       | ../../etc/passwd         | /etc/passwd
            /a/b    | ../../etc/passwd         | /etc/passwd
            /a/b/c  | ../../etc/passwd         | /a/etc/passwd
            /a/b    | ../../../../../../etc    | /etc
            /       | ./a//b/                  | /a/b
            /x      | ./a//b/                  | /x/a/b
            /       | a\\..\\..\\b             | /b
            /x/y    | a\\..\\..\\b             | /x/b
            /x/y    | \\etc                    | /etc
            /x      | a\\b\\                   | /x/a/b
            /x      | /abs                     | /abs
            /x      | abs                      | /x/abs
            /x      | //abs//                  | /abs
            /x      | /                        | /
            /x      | a/                       | /x/a
            /x      | a///                     | /x/a
            /x      | .                        | /x
            /x      | ./                       | /x
            /x      | ''                       | /x
            /       | ''                       | /
            /x      | a/./b/../c               | /x/a/c
            /x      | ...                      | /x/...
            /x      | ..a/b..                  | /x/..a/b..
            """)
    void resolvesEverySpelling(String cwd, String spelling, String expected) {
        assertThat(VirtualPath.ROOT.resolve(cwd).resolve(spelling)).hasToString(expected);
    }

    @Test
    void keepsNamesThatOnlyTheNamespaceRefuses() {
        // the normaliser only normalises; control and unstorable names are the namespace's to refuse
        assertThat(VirtualPath.ROOT.resolve("/a/.xxftp/password").segments()).containsExactly("a", ".xxftp", "password");
        assertThat(VirtualPath.ROOT.resolve("a\u0000b").segments()).containsExactly("a\u0000b");
    }

    @Test
    void rootIsItsOwnParentAndNamedSlash() {
        assertThat(VirtualPath.ROOT.isRoot()).isTrue();
        assertThat(VirtualPath.ROOT.parent()).isEqualTo(VirtualPath.ROOT);
        assertThat(VirtualPath.ROOT.name()).isEqualTo("/");
        assertThat(VirtualPath.ROOT).hasToString("/");
    }

    @Test
    void parentAndNameOfADeeperPath() {
        VirtualPath path = VirtualPath.ROOT.resolve("/docs/2024/report.pdf");
        assertThat(path.isRoot()).isFalse();
        assertThat(path.name()).isEqualTo("report.pdf");
        assertThat(path.parent()).isEqualTo(new VirtualPath(List.of("docs", "2024")));
        assertThat(path.parent().parent().parent()).isEqualTo(VirtualPath.ROOT);
        assertThat(path).hasToString("/docs/2024/report.pdf");
    }

    @Test
    void isAValue() {
        List<String> segments = new ArrayList<>(List.of("a", "b"));
        VirtualPath path = new VirtualPath(segments);
        segments.add("c");
        assertThat(path).isEqualTo(VirtualPath.ROOT.resolve("a/b")).hasToString("/a/b");
    }
}
