package xxftp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import xxftp.bootstrap.observe.Metrics;
import xxftp.bootstrap.observe.MetricsServer;
import xxftp.s3.S3Settings;
import xxftp.s3.S3Storage;
import xxftp.s3.S3TestServer;

/** /metrics after a known sequence of commands, with exact counts; /healthz and /readyz. */
@ExtendWith(XxftpServerExtension.class)
class MetricsIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern SAMPLE = Pattern.compile("^(\\w+(?:\\{[^}]*})?) (\\S+)$");
    private static final Pattern PASV = Pattern.compile("\\((\\d+),(\\d+),(\\d+),(\\d+),(\\d+),(\\d+)\\)");

    static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every sample of a scrape, "name{labels}" to value. */
    static Map<String, Double> scrape(TestServer server) throws IOException, InterruptedException {
        HttpResponse<String> response = get(server.metricsUrl("/metrics"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        Map<String, Double> samples = new HashMap<>();
        response.body().lines().filter(line -> !line.startsWith("#")).forEach(line -> {
            Matcher sample = SAMPLE.matcher(line);
            if (sample.matches()) {
                samples.put(sample.group(1), Double.parseDouble(sample.group(2)));
            }
        });
        return samples;
    }

    /** A data transfer over PASV: {@code upload} bytes sent for STOR, or what RETR sends read back. */
    static byte[] transfer(RawFtp raw, String command, byte[] upload) throws IOException {
        Matcher port = PASV.matcher(raw.send("PASV").text());
        assertThat(port.find()).isTrue();
        try (Socket data = new Socket(raw.socket().getInetAddress(), Integer.parseInt(port.group(5)) * 256 + Integer.parseInt(port.group(6)))) {
            assertThat(raw.send(command).code()).isEqualTo(150);
            if (upload != null) {
                try (OutputStream out = data.getOutputStream()) {
                    out.write(upload);
                }
                return upload;
            }
            try (InputStream in = data.getInputStream()) {
                return in.readAllBytes();
            }
        }
    }

    @Test
    @ServerConfig(metrics = true)
    void aKnownSequenceOfCommandsIsCountedExactly(TestServer server) throws Exception {
        server.tree().userWithHash("alice", "metrics-Pw-4471").userWithHash("bob", "metrics-Pw-4472").size("bob", 10);
        byte[] content = new byte[1000];

        try (RawFtp alice = server.raw()) {
            assertThat(alice.login("alice", "metrics-Wrong-1").code()).isEqualTo(530);
            assertThat(alice.login("nobody", "metrics-Wrong-2").code()).isEqualTo(530);
            assertThat(alice.login("alice", "metrics-Pw-4471").code()).isEqualTo(230);
            assertThat(alice.send("TYPE I").code()).isEqualTo(200);
            transfer(alice, "STOR a.bin", content);
            assertThat(alice.read().code()).isEqualTo(226);
            assertThat(transfer(alice, "RETR a.bin", null)).hasSize(1000);
            assertThat(alice.read().code()).isEqualTo(226);
            assertThat(alice.send("MKD d").code()).isEqualTo(257);
            assertThat(alice.send("DELE a.bin").code()).isEqualTo(250);
            assertThat(alice.send("FROB nicate").code()).isEqualTo(500);

            Map<String, Double> during = scrape(server);
            assertThat(during).containsEntry("xxftp_sessions_open", 1.0).containsEntry("xxftp_sessions_total", 1.0);
            assertThat(alice.send("QUIT").code()).isEqualTo(221);
        }
        try (RawFtp bob = server.raw()) {
            assertThat(bob.login("bob", "metrics-Pw-4472").code()).isEqualTo(230);
            transfer(bob, "STOR big.bin", content);
            assertThat(bob.read().code()).isEqualTo(552);
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (server.server().sessionCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }

        Map<String, Double> metrics = scrape(server);
        assertThat(metrics)
                .containsEntry("xxftp_sessions_total", 2.0)
                .containsEntry("xxftp_sessions_open", 0.0)
                .containsEntry("xxftp_logins_total{outcome=\"ok\"}", 2.0)
                .containsEntry("xxftp_logins_total{outcome=\"bad_password\"}", 1.0)
                .containsEntry("xxftp_logins_total{outcome=\"unknown_user\"}", 1.0)
                .containsEntry("xxftp_logins_total{outcome=\"banned\"}", 0.0)
                .containsEntry("xxftp_commands_total{reply_class=\"3xx\",verb=\"USER\"}", 4.0)
                .containsEntry("xxftp_commands_total{reply_class=\"5xx\",verb=\"PASS\"}", 2.0)
                .containsEntry("xxftp_commands_total{reply_class=\"2xx\",verb=\"PASS\"}", 2.0)
                .containsEntry("xxftp_commands_total{reply_class=\"2xx\",verb=\"PASV\"}", 3.0)
                .containsEntry("xxftp_commands_total{reply_class=\"2xx\",verb=\"STOR\"}", 1.0)
                .containsEntry("xxftp_commands_total{reply_class=\"5xx\",verb=\"STOR\"}", 1.0)
                .containsEntry("xxftp_commands_total{reply_class=\"2xx\",verb=\"RETR\"}", 1.0)
                .containsEntry("xxftp_commands_total{reply_class=\"2xx\",verb=\"MKD\"}", 1.0)
                .containsEntry("xxftp_commands_total{reply_class=\"2xx\",verb=\"DELE\"}", 1.0)
                .containsEntry("xxftp_commands_total{reply_class=\"5xx\",verb=\"unknown\"}", 1.0)
                .containsEntry("xxftp_commands_total{reply_class=\"2xx\",verb=\"QUIT\"}", 1.0)
                .containsEntry("xxftp_command_duration_seconds_count{verb=\"USER\"}", 4.0)
                .containsEntry("xxftp_transfers_total{direction=\"upload\",outcome=\"complete\"}", 1.0)
                .containsEntry("xxftp_transfers_total{direction=\"upload\",outcome=\"failed\"}", 1.0)
                .containsEntry("xxftp_transfers_total{direction=\"download\",outcome=\"complete\"}", 1.0)
                .containsEntry("xxftp_transfers_total{direction=\"download\",outcome=\"aborted\"}", 0.0)
                .containsEntry("xxftp_transfer_bytes_total{direction=\"upload\"}", 1000.0)
                .containsEntry("xxftp_transfer_bytes_total{direction=\"download\"}", 1000.0)
                .containsEntry("xxftp_transfer_duration_seconds_count{direction=\"upload\"}", 2.0)
                .containsEntry("xxftp_tree_changes_total{change=\"mkdir\"}", 1.0)
                .containsEntry("xxftp_tree_changes_total{change=\"delete\"}", 1.0)
                .containsEntry("xxftp_quota_refusals_total", 1.0)
                .containsEntry("xxftp_bans_total", 0.0)
                .containsEntry("xxftp_bans_active", 0.0)
                .containsEntry("xxftp_passive_ports_in_use", 0.0)
                .containsKey("jvm_memory_used_bytes{area=\"heap\"}")
                .containsKey("jvm_threads_current");
        assertThat(metrics.keySet()).as("no user name, address or path is a label")
                .noneMatch(name -> name.contains("alice") || name.contains("bob") || name.contains("127.0.0.1") || name.contains(".bin"));
        assertThat(get(server.metricsUrl("/healthz")).statusCode()).isEqualTo(200);
        assertThat(get(server.metricsUrl("/readyz")).body()).isEqualTo("ready\n");
    }

    /**
     * S3Proxy stopped in this JVM still serves connections it had open, which a real server
     * that went away does not: this client keeps none open between requests.
     */
    private static S3Client unpooledClient(S3TestServer s3) {
        return S3Client.builder().endpointOverride(s3.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3TestServer.ACCESS_KEY,
                        S3TestServer.SECRET_KEY)))
                .httpClientBuilder(ApacheHttpClient.builder().connectionTimeToLive(java.time.Duration.ofMillis(1))
                        .tlsTrustManagersProvider(S3TestServer::trustManagers))
                .build();
    }

    @Test
    void readyzTurns503WhenTheS3ServerStopsAndHealthzStays200() throws Exception {
        S3TestServer own = S3TestServer.startNew();
        S3Settings settings = new S3Settings(S3TestServer.BUCKET, "ready", java.util.Optional.of(own.endpoint()),
                java.util.Optional.of("us-east-1"), true);
        try (MetricsServer http = MetricsServer.start(new java.net.InetSocketAddress("127.0.0.1", 0), new Metrics(),
                new S3Storage(unpooledClient(own), settings))) {
            URI base = URI.create("http://127.0.0.1:" + http.address().getPort());
            assertThat(get(base.resolve("/readyz")).statusCode()).isEqualTo(200);

            own.stop();

            HttpResponse<String> stopped = get(base.resolve("/readyz"));
            assertThat(stopped.statusCode()).isEqualTo(503);
            assertThat(stopped.body()).isEqualTo("not ready: storage unavailable\n");
            assertThat(get(base.resolve("/healthz")).statusCode()).isEqualTo(200);
        } finally {
            own.stop();
        }
    }
}
