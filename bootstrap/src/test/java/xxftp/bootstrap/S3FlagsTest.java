package xxftp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import xxftp.s3.S3Transfers;

/** The S3 transfer flags: parallel parts and GETs, and the memory budgets. */
class S3FlagsTest {

    private final InProcessMain main = new InProcessMain();

    @ParameterizedTest
    @CsvSource({
            "--s3-upload-parallelism, 0", "--s3-upload-parallelism, -1", "--s3-upload-parallelism, 65",
            "--s3-upload-parallelism, many", "--s3-upload-memory, 0", "--s3-upload-memory, -8388608",
            "--s3-upload-memory, 8388607", "--s3-upload-memory, 1g", "--s3-download-parallelism, 0",
            "--s3-download-parallelism, -2", "--s3-download-memory, 0", "--s3-download-memory, -1",
            "--node-name, a/b", "--node-name, ''", "--node-name, 12345678901234567890123456789012345678901234567890123456789012345"})
    void aBadValueIsOneLineNamingTheFlagAndExitCodeTwo(String flag, String value) {
        int code = main.run("serve", "--backend", "s3", "--s3-bucket", "bucket", flag, value, "--listen", "127.0.0.1:0");

        assertThat(code).isEqualTo(Main.EXIT_USAGE);
        assertThat(main.err().lines()).hasSize(1).first().asString()
                .startsWith("xxftp: ").contains(flag);
    }

    @Test
    void theValuesAndTheirSourcesAreInTheEffectiveSettings(@TempDir Path folder) throws Exception {
        Path config = Files.writeString(folder.resolve("xxftp.yaml"), "s3-download-memory: 33554432\n");

        int code = main.run("serve", "--config", config.toString(), "--backend", "s3", "--s3-bucket", "bucket",
                "--s3-upload-parallelism", "8", "--s3-download-parallelism=2", "--print-config");

        assertThat(code).as(main.err()).isZero();
        assertThat(main.out().lines()).contains(
                "s3-upload-parallelism: 8    (command line)",
                "s3-upload-memory: " + S3Transfers.defaultUploadMemory() + "    (default)",
                "s3-download-parallelism: 2    (command line)",
                "s3-download-memory: 33554432    (" + config + ":1)");
    }

    @Test
    void helpNamesEachFlag() {
        assertThat(main.run("serve", "--help")).isZero();

        assertThat(main.out()).contains("--s3-upload-parallelism=N", "--s3-upload-memory=BYTES",
                "--s3-download-parallelism=N", "--s3-download-memory=BYTES", "--node-name=NAME");
    }
}
