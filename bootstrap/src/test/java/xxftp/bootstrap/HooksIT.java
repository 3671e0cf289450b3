package xxftp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.net.ftp.FTPClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import xxftp.s3.S3TestServer;

/** --hook-command and --hook-url: after the event, off the session's thread, in order per file. */
@ExtendWith(XxftpServerExtension.class)
class HooksIT {

    private static final Pattern FIELD = Pattern.compile("\"(path|event|sha256|id)\":\"([^\"]*)\"");

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** What a receiver computes to trust a POST: HMAC-SHA256 of the body under the shared secret, hex. */
    private static String hmac(String secret, String body) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    @ServerConfig(hookCommands = "upload=sh -c 'while [ ! -e {dir}/go ]; do sleep 0.02; done;"
            + " echo \"$XXFTP_EVENT $XXFTP_USER $XXFTP_PATH $XXFTP_BYTES $XXFTP_SHA256 $XXFTP_REMOTE $XXFTP_S3_BUCKET $XXFTP_S3_KEY $XXFTP_FILE\" >> {dir}/ran'")
    void uploadsCompleteWhileTheirHookWaitsAndTheHookGetsTheEvent(TestServer server) throws Exception {
        server.tree().userWithHash("alice", "hooks-Pw-5519");
        byte[] content = "to be processed\n".repeat(100).getBytes(StandardCharsets.US_ASCII);
        FTPClient ftp = server.login("alice", "hooks-Pw-5519");

        long started = System.nanoTime();
        assertThat(ftp.storeFile("one.txt", new ByteArrayInputStream(content))).isTrue();
        assertThat(ftp.storeFile("two.txt", new ByteArrayInputStream(content))).isTrue();
        assertThat((System.nanoTime() - started) / 1_000_000).as("ms for both uploads, their hook blocked").isLessThan(3000);
        Path ran = server.folder().resolve("ran");
        assertThat(ran).doesNotExist();

        Files.createFile(server.folder().resolve("go"));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while ((!Files.exists(ran) || Files.readAllLines(ran).size() < 2) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        String where = server.onS3() ? S3TestServer.BUCKET + " " : "";
        List<String> lines = Files.readAllLines(ran).stream().map(String::strip).toList();
        assertThat(lines).hasSize(2);
        for (String name : List.of("one.txt", "two.txt")) {
            String stored = server.onS3() ? where + lines.stream().filter(line -> line.contains("/" + name + " ")).findFirst()
                    .map(line -> line.substring(line.lastIndexOf(' ') + 1)).orElseThrow()
                                        // no bucket, no key: two empty variables before the file on disk
                    : "  " + server.root().toRealPath().resolve("alice").resolve(name);
            assertThat(lines).contains("upload alice /" + name + " " + content.length + " " + sha256(content) + " 127.0.0.1 " + stored);
        }
        if (server.onS3()) {
            assertThat(lines).allSatisfy(line -> assertThat(line).matches(".* " + S3TestServer.BUCKET + " t-[0-9a-f-]+/alice/(one|two)\\.txt"));
        }
        ftp.logout();
    }

    @Test
    @ServerConfig(hookUrls = "*={receiver}/order", hookSecret = "order-hmac-key")
    void aReceiverGetsEveryEventOfAHundredUploadsInOrderPerFileSigned(TestServer server) throws Exception {
        server.tree().userWithHash("alice", "hooks-Pw-5520");
        int before = HookReceiver.get().received("/order").size();
        FTPClient ftp = server.login("alice", "hooks-Pw-5520");
        Map<String, byte[]> contents = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            byte[] content = ("file " + i + "\n").repeat(i + 1).getBytes(StandardCharsets.US_ASCII);
            contents.put("/f-" + i, content);
            assertThat(ftp.storeFile("f-" + i, new ByteArrayInputStream(content))).isTrue();
            assertThat(ftp.retrieveFile("f-" + i, new ByteArrayOutputStream())).isTrue();
            assertThat(ftp.deleteFile("f-" + i)).isTrue();
        }
        ftp.logout();
        ftp.disconnect();

        List<HookReceiver.Received> received = HookReceiver.get().await("/order", before + 302).subList(before, before + 302);
        assertThat(received).allSatisfy(request -> assertThat(request.signature())
                .isEqualTo("sha256=" + hmac("order-hmac-key", request.body())));
        Map<String, List<String>> perFile = new LinkedHashMap<>();
        for (HookReceiver.Received request : received) {
            Map<String, String> fields = new LinkedHashMap<>();
            Matcher field = FIELD.matcher(request.body());
            while (field.find()) {
                fields.put(field.group(1), field.group(2));
            }
            assertThat(request.body()).startsWith("{\"version\":1,\"event\":\"" + request.event() + "\"");
            if (fields.containsKey("path")) {
                perFile.computeIfAbsent(fields.get("path"), path -> new java.util.ArrayList<>()).add(request.event());
                if (request.event().equals("upload")) {
                    assertThat(fields.get("sha256")).isEqualTo(sha256(contents.get(fields.get("path"))));
                    assertThat(request.body()).contains("\"bytes\":" + contents.get(fields.get("path")).length + ",");
                }
            }
        }
        assertThat(perFile).hasSize(100).allSatisfy((path, events) -> assertThat(events).containsExactly("upload", "download", "delete"));
        assertThat(received).extracting(HookReceiver.Received::event).filteredOn(event -> event.equals("login")).hasSize(1);
        assertThat(received).extracting(HookReceiver.Received::event).filteredOn(event -> event.equals("logout")).hasSize(1);
    }

    @Test
    @ServerConfig(hookUrls = "mkdir={receiver}/flaky-mkdir", metrics = true)
    void aRefusedDeliveryIsRetriedWithTheSameEventId(TestServer server) throws Exception {
        server.tree().user("bob");
        FTPClient ftp = server.login("bob", "");
        assertThat(ftp.makeDirectory("made")).isTrue();

        List<HookReceiver.Received> attempts = HookReceiver.get().await("/flaky-mkdir", 3);
        assertThat(attempts).hasSize(3).extracting(HookReceiver.Received::body).containsOnly(attempts.getFirst().body());
        assertThat(attempts.getFirst().body()).contains("\"event\":\"mkdir\"", "\"user\":\"bob\"", "\"path\":\"/made\"");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!MetricsIT.scrape(server).getOrDefault("xxftp_hook_runs_total{kind=\"url\",outcome=\"ok\"}", 0.0).equals(1.0)
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(MetricsIT.scrape(server)).containsEntry("xxftp_hook_runs_total{kind=\"url\",outcome=\"ok\"}", 1.0);
        ftp.logout();
    }
}
