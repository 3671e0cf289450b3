package xxftp.bootstrap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code xxftp tls fingerprint}: what users compare with what their FTPS client shows. */
final class TlsCommands {

    private TlsCommands() {}

    @Command(name = "tls", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "The server's TLS certificate.", subcommands = Fingerprint.class)
    static final class Tls {}

    @Command(name = "fingerprint", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "Prints the SHA-256 fingerprint of the certificate serve uses: --tls-cert, or the self-signed one in --state-dir.")
    static final class Fingerprint implements Main.Work {
        @Option(names = SettingSources.CONFIG_FLAG, paramLabel = "FILE", description = "the settings file serve reads")
        Path config;

        @Option(names = "--tls-cert", paramLabel = "FILE", description = "a PEM certificate (default: the self-signed one)")
        Path cert;

        @Option(names = "--state-dir", paramLabel = "DIR", description = "where serve keeps its self-signed certificate (default ${DEFAULT-VALUE})")
        Path stateDir = Path.of("xxftp-state");

        @Override
        public int run(Main.Console console, SettingSources sources) throws IOException {
            Path certificate = cert != null ? cert : stateDir.resolve(SelfSignedTls.CERTIFICATE);
            if (!Files.exists(certificate)) {
                throw new UsageError("no certificate at " + certificate + " (serve makes one on its first start)");
            }
            console.out().println("SHA-256 " + SelfSignedTls.fingerprint(certificate));
            return 0;
        }
    }
}
