package xxftp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code serve}'s flags for the transfer log, metrics, the log format and hooks: as flags, variables and file keys. */
class ObserveFlagsTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Map<String, String> environment = new HashMap<>();

    private int run(String... args) {
        return Main.run(List.of(args), new Main.Console(new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)), environment);
    }

    @Test
    void aFileListOfHooksIsOneHookPerItemCommasAndAll(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("xxftp.yaml"), """
                tls-cert: none
                metrics-listen: 127.0.0.1:9121
                xferlog: /var/log/xxftp/xferlog
                hook-command:
                  - upload=/usr/local/bin/queue --to a,b
                  - "*=logger -t xxftp"
                hook-url: [upload=https://hooks.example.com/in]
                hook-secret: s3cr3t-value
                """);
        environment.put("XXFTP_LOG_FORMAT", "json");

        int code = run("serve", "--root", dir.toString(), "--config", config.toString(), "--print-config");

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("hook-command: [upload=/usr/local/bin/queue --to a,b, *=logger -t xxftp]    (" + config + ":4)")
                .contains("hook-url: [upload=https://hooks.example.com/in]    (" + config + ":7)")
                .contains("metrics-listen: 127.0.0.1:9121    (" + config + ":2)")
                .contains("log-format: json    (environment XXFTP_LOG_FORMAT)")
                .contains("hook-secret: ********")
                .doesNotContain("s3cr3t-value");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--log-format=xml", "--hook-command=uploaded=/bin/true", "--hook-command=upload=",
            "--hook-command=upload=sh -c 'unclosed", "--hook-url=upload=ftp://example.com/", "--hook-url=nonsense",
            "--hook-secret=x", "--hook-timeout=0", "--metrics-listen=127.0.0.1"})
    void aBadSettingIsOneLineAndExitCodeTwo(String flag, @TempDir Path dir) {
        assertThat(run("serve", "--root", dir.toString(), "--tls-cert", "none", flag, "--print-config")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).hasSize(1).first().asString()
                .startsWith("xxftp: --" + flag.substring(2, flag.indexOf('=')));
    }
}
