package xxftp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.net.ssl.TrustManagerFactory;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPSClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** FTPS (RFC 4217) with real clients: curl, lftp, Python ftplib, Commons Net FTPSClient. */
@ExtendWith(XxftpServerExtension.class)
@ServerConfig(tls = true)
class FtpsIT {

    private static final String USER = "alice";
    private static final String PASSWORD = "tls-pw";
    private static final byte[] CONTENT = new byte[200_000];

    static {
        new Random(7).nextBytes(CONTENT);
    }

    @TempDir
    Path work;

    @BeforeEach
    void user(TestServer server) {
        server.tree().userWithMd5(USER, PASSWORD).file(USER + "/data.bin", CONTENT);
    }

    @Test
    void curlExplicitTlsListsDownloadsAndUploadsWithProtectedData(TestServer server) throws Exception {
        Files.write(work.resolve("up.bin"), CONTENT);
        ExternalClient.Result get = curl("--ssl-reqd", "--output", "got.bin", server.url("/data.bin"));
        assertThat(get.output()).contains("> AUTH", "< 234", "> PROT P", "SSL re-using session ID");
        assertThat(Files.readAllBytes(work.resolve("got.bin"))).isEqualTo(CONTENT);

        curl("--ssl-reqd", "--upload-file", "up.bin", server.url("/up.bin"));
        assertThat(server.tree().bytes(USER + "/up.bin")).isEqualTo(CONTENT);
        assertThat(curl("--ssl-reqd", server.url("/")).output()).contains("data.bin", "up.bin");
    }

    @Test
    void curlResumesOverTls(TestServer server) throws Exception {
        Files.write(work.resolve("got.bin"), java.util.Arrays.copyOf(CONTENT, 1000));
        curl("--ssl-reqd", "-C", "-", "--output", "got.bin", server.url("/data.bin"));
        assertThat(Files.readAllBytes(work.resolve("got.bin"))).isEqualTo(CONTENT);
    }

    @Test
    void curlResumesAnUploadOverTls(TestServer server) throws Exception {
        server.tree().file(USER + "/part.bin", java.util.Arrays.copyOf(CONTENT, 123_457));
        Files.write(work.resolve("part.bin"), CONTENT);
        ExternalClient.Result put = curl("--ssl-reqd", "-C", "-", "--upload-file", "part.bin", server.url("/part.bin"));
        // curl asks SIZE, then appends (APPE) or restarts (REST + STOR) from there, on a protected connection
        assertThat(put.output()).contains("> PROT P", "> SIZE part.bin", "< 213 123457");
        assertThat(server.tree().bytes(USER + "/part.bin")).isEqualTo(CONTENT);
    }

    @Test
    void tls13IsTheDefaultAndOlderVersionsAreRefused(TestServer server) throws Exception {
        ExternalClient.Result get = curl("--ssl-reqd", "--output", "got.bin", server.url("/data.bin"));
        assertThat(get.output()).contains("SSL connection using TLSv1.3", "SSL re-using session ID");
        assertThat(Files.readAllBytes(work.resolve("got.bin"))).isEqualTo(CONTENT);
        ExternalClient.Result old = curlClient().run(work, List.of("-q", "--silent", "--show-error", "--max-time", "20",
                "--tlsv1.1", "--tls-max", "1.1", "-k", "--ssl-reqd", "--user", USER + ":" + PASSWORD, server.url("/")));
        old.assertFailed();
    }

    @Test
    @ServerConfig(tls = true, tls13 = false)
    void tls13CanBeSwitchedOff(TestServer server) throws Exception {
        assertThat(curl("--ssl-reqd", server.url("/")).output()).contains("SSL connection using TLSv1.2");
    }

    @Test
    void curlImplicitTls(TestServer server) throws Exception {
        curl("--output", "got.bin", "ftps://127.0.0.1:" + server.implicitTlsPort() + "/data.bin");
        assertThat(Files.readAllBytes(work.resolve("got.bin"))).isEqualTo(CONTENT);
    }

    @Test
    @ServerConfig(tls = true, tlsRequired = true)
    void withTlsRequiredCredentialsNeverTravelInClear(TestServer server) throws Exception {
        try (RawFtp ftp = server.raw()) {
            assertThat(ftp.send("USER " + USER).code()).isEqualTo(530);
            assertThat(ftp.send("PASS " + PASSWORD).code()).isIn(503, 530);
            assertThat(ftp.send("LIST").code()).isEqualTo(530);
        }
        ExternalClient.Result plain = curlClient().run(work, List.of("-q", "--silent", "--show-error",
                "--max-time", "20", "--user", USER + ":" + PASSWORD, server.url("/")));
        plain.assertFailed();
        curl("--ssl-reqd", server.url("/"));
    }

    @Test
    void tlsCommandsAnswerInOrder(TestServer server) throws Exception {
        try (RawFtp ftp = server.raw()) {
            assertThat(ftp.send("FEAT").text()).contains(" AUTH TLS", " PBSZ", " PROT");
            assertThat(ftp.send("PBSZ 0").code()).isEqualTo(503);
            assertThat(ftp.send("PROT P").code()).isEqualTo(503);
            assertThat(ftp.send("AUTH KERBEROS").code()).isEqualTo(504);
            assertThat(ftp.send("CCC").code()).isEqualTo(534);
        }
    }

    @Test
    @ServerConfig
    void withoutTlsConfiguredAuthIs502(TestServer server) throws Exception {
        try (RawFtp ftp = server.raw()) {
            assertThat(ftp.send("AUTH TLS").code()).isEqualTo(502);
            assertThat(ftp.send("FEAT").text()).doesNotContain("AUTH TLS");
        }
    }

    @Test
    void pythonFtplibWithSessionReuseStoresAndRetrieves(TestServer server) throws Exception {
        String script = """
                import ftplib, ssl, sys, io
                ctx = ssl.create_default_context(cafile=sys.argv[3])
                """ + ExternalClient.FTPLIB_SESSION_REUSE + """
                f = Reusing(context=ctx)
                f.connect(sys.argv[1], int(sys.argv[2]), timeout=20)
                f.login(sys.argv[4], sys.argv[5])
                f.prot_p()
                data = io.BytesIO()
                f.retrbinary("RETR data.bin", data.write)
                f.storbinary("STOR py.bin", io.BytesIO(data.getvalue()))
                print("names", sorted(f.nlst()))
                plain = ftplib.FTP_TLS(context=ctx)
                plain.connect(sys.argv[1], int(sys.argv[2]), timeout=20)
                plain.login(sys.argv[4], sys.argv[5])
                plain.prot_p()
                try:
                    plain.nlst()
                    print("no reuse: accepted")
                except ftplib.error_perm as reply:
                    # the server closes the data connection with close_notify, then answers
                    print("no reuse: refused, reply", str(reply)[:3])
                print("after", plain.voidcmd("NOOP"))
                f.quit()
                """;
        ExternalClient python = ExternalClient.require("python3", Map.of("PYTHONIOENCODING", "utf-8"));
        ExternalClient.Result result = python.run(work, List.of("-c", script, "127.0.0.1", Integer.toString(server.port()),
                XxftpServerExtension.resource("ftps-cert.pem").toString(), USER, PASSWORD)).assertSucceeded();
        assertThat(result.output()).contains("names ['data.bin', 'py.bin']", "no reuse: refused, reply 522", "after 200");
        assertThat(server.tree().bytes(USER + "/py.bin")).isEqualTo(CONTENT);
    }

    @Test
    void lftpWithForcedTls(TestServer server) throws Exception {
        Files.write(work.resolve("up.bin"), CONTENT);
        ExternalClient lftp = ExternalClient.require("lftp", ExternalClient.isolatedHome(work));
        String script = "set ftp:ssl-force true; set ftp:ssl-protect-data true; set ssl:verify-certificate no; "
                + "set cmd:fail-exit yes; set net:max-retries 1; set net:timeout 15; "
                + "put up.bin -o lftp.bin; get data.bin -o got.bin; ls; bye";
        ExternalClient.Result result = lftp.run(work, List.of("-d", "-u", USER + "," + PASSWORD,
                "-p", Integer.toString(server.port()), "-e", script, "127.0.0.1")).assertSucceeded();
        assertThat(result.output()).contains("AUTH TLS", "PROT P");
        assertThat(server.tree().bytes(USER + "/lftp.bin")).isEqualTo(CONTENT);
        assertThat(Files.readAllBytes(work.resolve("got.bin"))).isEqualTo(CONTENT);
    }

    @Test
    @ServerConfig(tls = true, tlsSessionReuse = false)
    void commonsNetFtpsClientWhenSessionReuseIsSwitchedOff(TestServer server) throws Exception {
        FTPSClient ftps = new FTPSClient("TLS", false);
        ftps.setTrustManager(trustManager());
        ftps.setConnectTimeout(5_000);
        ftps.setDefaultTimeout(10_000);
        ftps.connect("127.0.0.1", server.port());
        assertThat(ftps.login(USER, PASSWORD)).isTrue();
        ftps.execPBSZ(0);
        ftps.execPROT("P");
        ftps.enterLocalPassiveMode();
        ftps.setFileType(FTP.BINARY_FILE_TYPE);
        assertThat(ftps.storeFile("cn.bin", new ByteArrayInputStream(CONTENT))).isTrue();
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        assertThat(ftps.retrieveFile("cn.bin", back)).isTrue();
        assertThat(back.toByteArray()).isEqualTo(CONTENT);
        assertThat(server.tree().bytes(USER + "/cn.bin")).isEqualTo(CONTENT);
        ftps.disconnect();
    }

    @Test
    void commonsNetWithoutSessionReuseIsRefusedWhileReuseIsRequired(TestServer server) throws Exception {
        FTPSClient ftps = new FTPSClient("TLS", false);
        ftps.setTrustManager(trustManager());
        ftps.setDefaultTimeout(10_000);
        ftps.connect("127.0.0.1", server.port());
        assertThat(ftps.login(USER, PASSWORD)).isTrue();
        ftps.execPBSZ(0);
        ftps.execPROT("P");
        ftps.enterLocalPassiveMode();
        boolean got;
        try {
            got = ftps.retrieveFile("data.bin", new ByteArrayOutputStream());
        } catch (IOException refused) {
            got = false;
        }
        assertThat(got).isFalse();
        assertThat(ftps.sendNoOp()).as("the control connection goes on").isTrue();
        ftps.disconnect();
    }

    private static javax.net.ssl.TrustManager trustManager() throws Exception {
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(XxftpServerExtension.resource("ftps-test.p12"))) {
            store.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers()[0];
    }

    private ExternalClient curlClient() throws IOException {
        return ExternalClient.require("curl", ExternalClient.isolatedHome(work));
    }

    private ExternalClient.Result curl(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("-q", "--silent", "--show-error", "--verbose",
                "--connect-timeout", "5", "--max-time", "30", "--user", USER + ":" + PASSWORD,
                "--cacert", XxftpServerExtension.resource("ftps-cert.pem").toString()));
        command.addAll(List.of(arguments));
        return curlClient().run(work, command).assertSucceeded();
    }
}
