package xxftp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import xxftp.ftp.guard.Cidr;
import xxftp.ftp.proxy.ProxyProtocol;

/** The flags of a server behind a load balancer: PROXY headers and shared bans. */
class NodeFlagsTest {

    private final InProcessMain main = new InProcessMain();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--proxy-protocol-from=balancer.example | --proxy-protocol-from",
        "--proxy-protocol-from=10.0.0.0/33 | --proxy-protocol-from",
        "--proxy-protocol-data | --proxy-protocol-data",
        "--shared-bans | --shared-bans"})
    void aBadValueIsOneLineNamingTheFlagAndExitCodeTwo(String argument, String flag, @TempDir Path root) {
        int code = main.run("serve", "--root", root.toString(), argument, "--listen", "127.0.0.1:0", "--print-config");

        assertThat(code).isEqualTo(Main.EXIT_USAGE);
        assertThat(main.err().lines()).hasSize(1).first().asString()
                .startsWith("xxftp: ").contains(flag);
    }

    @Test
    void theBalancersAreAListOfBlocks(@TempDir Path folder) {
        ServeCommand serve = new ServeCommand();
        new picocli.CommandLine(serve).parseArgs("--root", folder.toString(), "--proxy-protocol-from", "10.0.0.2,2001:db8::/64",
                "--proxy-protocol-data");
        assertThat(serve.options(false).ftp().proxy())
                .isEqualTo(new ProxyProtocol(List.of(Cidr.parse("10.0.0.2"), Cidr.parse("2001:db8::/64")), true));
    }

    @Test
    void theBalancersComeFromTheConfigFileAsAList(@TempDir Path folder) throws Exception {
        Path config = Files.writeString(folder.resolve("xxftp.yaml"),
                "proxy-protocol-from: [10.0.0.2, 2001:db8::/64]\nproxy-protocol-data: true\n");

        int code = main.run("serve", "--config", config.toString(), "--root", folder.toString(), "--print-config");

        assertThat(code).as(main.err()).isZero();
        assertThat(main.out().lines())
                .anySatisfy(line -> assertThat(line).startsWith("proxy-protocol-from: ").contains("10.0.0.2", "2001:db8::/64")
                        .endsWith("(" + config + ":1)"))
                .contains("proxy-protocol-data: true    (" + config + ":2)", "shared-bans: false    (default)");
    }

    @Test
    void noBalancersByDefault(@TempDir Path folder) {
        ServeCommand serve = new ServeCommand();
        new picocli.CommandLine(serve).parseArgs("--root", folder.toString());
        assertThat(serve.options(false).ftp().proxy()).isEqualTo(ProxyProtocol.OFF);
        assertThat(serve.options(false).ftp().guard().sharedBans()).isFalse();
    }
}
