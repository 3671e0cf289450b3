package xxftp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import xxftp.s3.S3Transfers;

/** The S3 transfer flags: parallel parts and GETs, and the memory budgets. */
class S3FlagsTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(List.of(args), new Main.Console(new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)), Map.of());
    }

    @ParameterizedTest
    @CsvSource({
            "--s3-upload-parallelism, 0", "--s3-upload-parallelism, -1", "--s3-upload-parallelism, 65",
            "--s3-upload-parallelism, many", "--s3-upload-memory, 0", "--s3-upload-memory, -8388608",
            "--s3-upload-memory, 8388607", "--s3-upload-memory, 1g", "--s3-download-parallelism, 0",
            "--s3-download-parallelism, -2", "--s3-download-memory, 0", "--s3-download-memory, -1"})
    void aBadValueIsOneLineNamingTheFlagAndExitCodeTwo(String flag, String value) {
        int code = run("serve", "--backend", "s3", "--s3-bucket", "bucket", flag, value, "--listen", "127.0.0.1:0");

        assertThat(code).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).hasSize(1).first().asString()
                .startsWith("xxftp: ").contains(flag);
    }

    @Test
    void theValuesAndTheirSourcesAreInTheEffectiveSettings(@TempDir Path folder) throws Exception {
        Path config = Files.writeString(folder.resolve("xxftp.yaml"), "s3-download-memory: 33554432\n");

        int code = run("serve", "--config", config.toString(), "--backend", "s3", "--s3-bucket", "bucket",
                "--s3-upload-parallelism", "8", "--s3-download-parallelism=2", "--print-config");

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).contains(
                "s3-upload-parallelism: 8    (command line)",
                "s3-upload-memory: " + S3Transfers.defaultUploadMemory() + "    (default)",
                "s3-download-parallelism: 2    (command line)",
                "s3-download-memory: 33554432    (" + config + ":1)");
    }

    @Test
    void helpNamesEachFlag() {
        assertThat(run("serve", "--help")).isZero();

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--s3-upload-parallelism=N", "--s3-upload-memory=BYTES",
                "--s3-download-parallelism=N", "--s3-download-memory=BYTES");
    }
}
