package xxftp.ftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReplyTest {

    @Test
    void aOneLineReplyIsCodeSpaceTextCrlf() {
        assertThat(Reply.of(200, "NOOP ok.").format()).isEqualTo("200 NOOP ok.\r\n");
        assertThat(new Reply(550, List.of("No such file or directory.")).format()).isEqualTo("550 No such file or directory.\r\n");
    }

    @Test
    void anEmptyTextStillEndsInTheCodeAndASpace() {
        assertThat(Reply.of(200, "").format()).isEqualTo("200 \r\n");
        assertThat(new Reply(200, List.of()).format()).isEqualTo("200 \r\n");
    }

    @Test
    void aMultiLineReplyStartsWithCodeDashAndEndsWithCodeSpace() {
        // RFC 959 4.2: "123-First line", inner lines, "123 The last line"
        Reply reply = new Reply(211, List.of("Extensions supported:", " MDTM", " SIZE", "End"));
        assertThat(reply.format()).isEqualTo("211-Extensions supported:\r\n MDTM\r\n SIZE\r\n211 End\r\n");
        assertThat(new Reply(221, List.of("Bye", "now")).format()).isEqualTo("221-Bye\r\n221 now\r\n");
    }

    @Test
    void textWithLineEndsBecomesAMultiLineReply() {
        assertThat(Reply.of(220, "Welcome\nto xxftp\r\nenjoy").format()).isEqualTo("220-Welcome\r\nto xxftp\r\n220 enjoy\r\n");
    }

    @Test
    void innerLinesStartingWithThreeCharactersAndADigitAreIndented() {
        // "226 done" inside a reply would read as its end to a client
        Reply reply = new Reply(214, List.of("Help:", "226 done", "123", "12", "1x", "4ab", "x226 done", "End"));
        assertThat(reply.format()).isEqualTo(
                "214-Help:\r\n 226 done\r\n 123\r\n12\r\n1x\r\n 4ab\r\nx226 done\r\n214 End\r\n");
    }

    @Test
    void theFirstAndLastLinesAreNotIndented() {
        assertThat(new Reply(213, List.of("123 first", "456 last")).format()).isEqualTo("213-123 first\r\n213 456 last\r\n");
    }

    @Test
    void carriageReturnsAndLineFeedsInsideALineBecomeSpaces() {
        // a CR or LF reaching the wire inside a line would let a file name forge a reply
        Reply reply = new Reply(257, List.of("\"/a\r\n200 forged\" created.", "x\ry"));
        assertThat(reply.lines()).containsExactly("\"/a  200 forged\" created.", "x y");
        assertThat(reply.format()).isEqualTo("257-\"/a  200 forged\" created.\r\n257 x y\r\n");
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 599})
    void codesFrom100To599AreReplies(int code) {
        assertThat(Reply.of(code, "x").format()).isEqualTo(code + " x\r\n");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 99, 600, 1000})
    void otherCodesAreRefused(int code) {
        assertThatThrownBy(() -> Reply.of(code, "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reply code " + code);
    }
}
