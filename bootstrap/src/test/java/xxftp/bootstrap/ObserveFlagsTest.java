package xxftp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code serve}'s flags for the transfer log, metrics, the log format and hooks: as flags, variables and file keys. */
class ObserveFlagsTest {

    private final InProcessMain main = new InProcessMain();

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
        main.environment.put("XXFTP_LOG_FORMAT", "json");

        int code = main.run("serve", "--root", dir.toString(), "--config", config.toString(), "--print-config");

        assertThat(code).as(main.err()).isZero();
        assertThat(main.out())
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
        assertThat(main.run("serve", "--root", dir.toString(), "--tls-cert", "none", flag, "--print-config")).isEqualTo(Main.EXIT_USAGE);
        assertThat(main.err().lines()).hasSize(1).first().asString()
                .startsWith("xxftp: --" + flag.substring(2, flag.indexOf('=')));
    }
}
