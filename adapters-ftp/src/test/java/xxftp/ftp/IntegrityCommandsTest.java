package xxftp.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IntegrityCommandsTest {

    @ParameterizedTest
    @CsvSource({
            "SHA_256, e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855, ''",
            "SHA_256, ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad, abc",
            "SHA_1,   a9993e364706816aba3e25717850c26c9cd0d89d, abc",
            "MD5,     900150983cd24fb0d6963f7d28e17f72, abc",
            "CRC32,   352441c2, abc",
            "CRC32,   00000000, ''"})
    void digestsAreLowercaseHexOfTheWholeStream(IntegrityCommands.Algorithm algorithm, String hex, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.US_ASCII);
        IntegrityCommands.Sum sum = IntegrityCommands.sum(Channels.newChannel(new ByteArrayInputStream(bytes)), algorithm);
        assertThat(sum.hex()).isEqualTo(hex);
        assertThat(sum.bytes()).isEqualTo(bytes.length);
    }

    @ParameterizedTest
    @CsvSource({
            "sha-256, SHA_256",
            "SHA-1,   SHA_1",
            "md5,     MD5",
            "Crc32,   CRC32"})
    void algorithmsAreNamedCaseInsensitively(String name, IntegrityCommands.Algorithm algorithm) {
        assertThat(IntegrityCommands.Algorithm.named(name)).contains(algorithm);
    }

    @ParameterizedTest
    @CsvSource({
            "20210304050607,     2021-03-04T05:06:07Z",
            "20210304050607.5,   2021-03-04T05:06:07.500Z",
            "20210304050607.123, 2021-03-04T05:06:07.123Z",
            "19991231235959,     1999-12-31T23:59:59Z",
            "20240229000000,     2024-02-29T00:00:00Z"})
    void timesAreUtc(String text, Instant expected) {
        assertThat(IntegrityCommands.parseTime(text)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2021030405060", "202103040506071", "20211304050607", "20230229000000", "20210304250000",
            "2021-03-04", "20210304050607.", "20210304050607.1234", "x0210304050607"})
    void malformedOrImpossibleTimesAreRefused(String text) {
        assertThat(IntegrityCommands.parseTime(text)).isEqualTo(Optional.empty());
    }
}
