package xxftp.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The production client, as a plain HTTP server sees its requests. */
@Timeout(30)
class S3ClientsTest {

    @BeforeEach
    void credentials() {
        // the first link of the SDK's default chain, so that it asks no instance metadata service
        System.setProperty("aws.accessKeyId", "test-access");
        System.setProperty("aws.secretAccessKey", "test-secret");
    }

    @AfterEach
    void noCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    /**
     * A part's body goes out with its headers: waiting for "100 Continue" costs a round trip per
     * part, a tenth to a third of a part's time on a long link (bench/run).
     */
    @Test
    void aBodyGoesOutWithoutWaitingForContinue() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            URI endpoint = URI.create("http://127.0.0.1:" + server.getLocalPort());
            S3Settings settings = new S3Settings("bucket", "", Optional.of(endpoint), Optional.empty(), true);
            List<String> headers = new ArrayList<>();
            Thread put;
            Duration bodyAfter;
            try (S3Client client = S3Clients.create(settings, List.of())) {
                put = Thread.ofVirtual().start(() -> client.putObject(r -> r.bucket("bucket").key("k"), RequestBody.fromString("x".repeat(1000))));
                try (Socket request = server.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(request.getInputStream(), StandardCharsets.ISO_8859_1));
                    for (String line = in.readLine(); !line.isEmpty(); line = in.readLine()) {
                        headers.add(line.toLowerCase());
                    }
                    long start = System.nanoTime();
                    assertThat(in.read()).as("the body's first byte").isNotNegative();
                    bodyAfter = Duration.ofNanos(System.nanoTime() - start);
                    OutputStream out = request.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nETag: \"e\"\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    put.join(10_000);
                }
            }
            assertThat(headers).first().asString().startsWith("put /bucket/k");
            assertThat(bodyAfter).as("the body came " + bodyAfter + " after the headers " + headers)
                    .isLessThan(Duration.ofSeconds(1));
        }
    }
}
