package xxftp.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import xxftp.s3.S3Settings;
import xxftp.s3.S3TestServer;

/**
 * The tarball in an empty folder, with no JDK to be found: it answers, administers a tree,
 * serves it over FTP, FTPS and from a bucket, and fails cleanly when the bucket is unreachable.
 * Each run is what the image's modules allow: a missing module shows as a failure here.
 */
@Timeout(180)
class TarballIT {

    private static final String VERSION = System.getProperty("xxftp.dist.version");
    private static final String PASSWORD = "secret-1";

    @TempDir
    static Path folder;

    static Distribution distribution;
    static Curl curl;

    @BeforeAll
    static void unpack() throws IOException {
        distribution = Distribution.unpack(folder);
        curl = new Curl(Files.createDirectories(folder.resolve("curl-home")));
    }

    @Test
    void answersItsVersionOnItsOwnRuntime() {
        Programs.Result version = distribution.run("--version").assertExit(0);

        assertThat(version.out()).isEqualTo("xxftp " + VERSION + "\n");
        assertThat(version.err()).doesNotContain(Distribution.DECOY);
    }

    @Test
    void holdsOnlyTheModulesTheServerNeeds() throws IOException {
        String release = Files.readString(distribution.home().resolve("runtime/release"));
        Matcher modules = Pattern.compile("(?m)^MODULES=\"([^\"]*)\"").matcher(release);
        assertThat(modules.find()).as("MODULES in runtime/release").isTrue();

        // the --add-modules list and what those modules require; no java.desktop, no compiler, no tools
        assertThat(Set.of(modules.group(1).split(" "))).containsExactlyInAnyOrder("java.base", "java.logging",
                "java.management", "java.naming", "java.net.http", "java.security.jgss", "java.security.sasl", "java.sql",
                "java.transaction.xa", "java.xml", "jdk.crypto.ec", "jdk.httpserver", "jdk.management", "jdk.unsupported");
    }

    @Test
    void administersAndServesALocalTreeWithUtf8Names(@TempDir Path tree, @TempDir Path work) throws Exception {
        distribution.run(List.of("user", "add", "alice", "--password-stdin", "--root", tree.toString()), Map.of(),
                PASSWORD + "\n").assertExit(0);
        Programs.Result check = distribution.run("check", "--root", tree.toString()).assertExit(0);
        assertThat(check.out()).isEqualTo("No problems in " + tree + ".\n");
        byte[] content = randomBytes(300_000);
        // no locale in the environment: the launcher must still let the JVM store a UTF-8 name
        Path upload = Files.write(work.resolve("grüße.bin"), content);

        try (Distribution.Server server = distribution.serve(List.of("--root", tree.toString(), "--listen", "127.0.0.1:0"), Map.of())) {
            String url = "ftp://alice:" + PASSWORD + "@127.0.0.1:" + server.port() + "/";
            curl.upload(upload, url).assertExit(0);
            curl.download(url + "grüße.bin", work.resolve("back.bin")).assertExit(0);

            assertThat(Files.readAllBytes(tree.resolve("alice/grüße.bin"))).isEqualTo(content);
            assertThat(Files.readAllBytes(work.resolve("back.bin"))).isEqualTo(content);
            // SIGTERM: a graceful stop, exit 0 once running transfers are done (README "Running it as a service")
            assertThat(server.stop()).isEqualTo(0);
        }
    }

    @Test
    void servesFtpsWithTlsRequired(@TempDir Path tree, @TempDir Path work) throws Exception {
        Path keystore = work.resolve("server.p12");
        Path certificate = work.resolve("server.pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Programs.run(List.of(keytool, "-genkeypair", "-alias", "xxftp", "-keyalg", "EC", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=IP:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "changeit"), Map.of(), work, "").assertExit(0);
        Programs.run(List.of(keytool, "-exportcert", "-rfc", "-alias", "xxftp", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-file", certificate.toString()), Map.of(), work, "").assertExit(0);
        distribution.run(List.of("user", "add", "alice", "--password-stdin", "--root", tree.toString()), Map.of(),
                PASSWORD + "\n").assertExit(0);
        byte[] content = randomBytes(200_000);
        Path upload = Files.write(work.resolve("secret.bin"), content);

        try (Distribution.Server server = distribution.serve(List.of("--root", tree.toString(), "--listen", "127.0.0.1:0",
                "--tls-keystore", keystore.toString(), "--tls-required"), Map.of("XXFTP_TLS_KEYSTORE_PASSWORD", "changeit"))) {
            String url = "ftp://alice:" + PASSWORD + "@127.0.0.1:" + server.port() + "/";
            // curl's exit code 67: the server refused the login, sent in clear (530)
            curl.upload(upload, url).assertExit(67);
            curl.upload(upload, url, "--ssl-reqd", "--cacert", certificate.toString()).assertExit(0);
            curl.download(url + "secret.bin", work.resolve("back.bin"), "--ssl-reqd", "--cacert", certificate.toString()).assertExit(0);

            assertThat(Files.readAllBytes(tree.resolve("alice/secret.bin"))).isEqualTo(content);
            assertThat(Files.readAllBytes(work.resolve("back.bin"))).isEqualTo(content);
        }
    }

    @Test
    void servesABucket(@TempDir Path work) throws Exception {
        S3TestServer s3 = S3TestServer.get();
        S3Settings bucket = s3.freshPrefix();
        List<String> storage = List.of("--backend", "s3", "--s3-bucket", bucket.bucket(), "--s3-prefix", bucket.prefix(),
                "--s3-endpoint", s3.endpoint().toString(), "--s3-path-style");
        Map<String, String> credentials = s3Environment(work);
        distribution.run(concat(List.of("user", "add", "alice", "--password-stdin"), storage), credentials,
                PASSWORD + "\n").assertExit(0);
        byte[] content = randomBytes(400_000);
        Path upload = Files.write(work.resolve("object.bin"), content);

        try (Distribution.Server server = distribution.serve(concat(storage, List.of("--listen", "127.0.0.1:0")), credentials)) {
            String url = "ftp://alice:" + PASSWORD + "@127.0.0.1:" + server.port() + "/";
            curl.upload(upload, url).assertExit(0);
            curl.download(url + "object.bin", work.resolve("back.bin")).assertExit(0);

            assertThat(s3.client().getObjectAsBytes(request -> request.bucket(bucket.bucket())
                    .key(bucket.prefix() + "alice/object.bin")).asByteArray()).isEqualTo(content);
            assertThat(Files.readAllBytes(work.resolve("back.bin"))).isEqualTo(content);
        }
    }

    @Test
    void saysInOneLineThatABucketIsUnreachable() throws IOException {
        String refusing = "http://127.0.0.1:" + Distribution.freePort();

        Programs.Result serve = distribution.run(List.of("serve", "--backend", "s3", "--s3-bucket", "xxftp-test",
                "--s3-endpoint", refusing, "--s3-path-style", "--listen", "127.0.0.1:0"), credentials(), "").assertExit(1);

        assertThat(serve.err().lines().toList()).singleElement().asString().startsWith("xxftp: bucket xxftp-test: ");
    }

    @Test
    void exampleConfigurationNamesEverySettingOfServe() throws IOException {
        Path example = distribution.home().resolve("etc/xxftp.yaml");
        Programs.Result help = distribution.run("serve", "--help").assertExit(0);
        Set<String> settings = new TreeSet<>();
        Matcher option = Pattern.compile("(?m)^\\s+(?:-\\w, )?--([a-z0-9-]+)").matcher(help.out());
        while (option.find()) {
            settings.add(option.group(1));
        }
        settings.removeAll(Set.of("help", "version", "config", "print-config"));
        Set<String> keys = new TreeSet<>();
        Matcher key = Pattern.compile("(?m)^(?:# )?([a-z0-9-]+):(?: |$)").matcher(Files.readString(example));
        while (key.find()) {
            keys.add(key.group(1));
        }

        assertThat(keys).as("keys (set or commented out) of " + example).isEqualTo(settings);
    }

    @Test
    void exampleConfigurationIsReadAsItStands(@TempDir Path tree) throws IOException {
        Path example = distribution.home().resolve("etc/xxftp.yaml");
        List<String> lines = Files.readAllLines(example);

        Programs.Result effective = distribution.run("serve", "--config", example.toString(), "--root", tree.toString(),
                "--print-config").assertExit(0);

        assertThat(effective.out().lines()).contains(
                "root: " + tree + "    (command line)",
                "listen: 0.0.0.0:21    (" + example + ":" + (lines.indexOf("listen: 0.0.0.0:21") + 1) + ")",
                "max-connections: 200    (" + example + ":" + (lines.indexOf("max-connections: 200") + 1) + ")");
    }

    private static Map<String, String> credentials() {
        return Map.of("AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY);
    }

    /** The credentials, and a trust store holding the test server's certificate (for the JVM, through JAVA_TOOL_OPTIONS). */
    private static Map<String, String> s3Environment(Path work) throws IOException {
        Map<String, String> environment = new HashMap<>(credentials());
        environment.put("JAVA_TOOL_OPTIONS", String.join(" ", S3TestServer.trustOptions(S3TestServer.keystoreIn(work))));
        return environment;
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
