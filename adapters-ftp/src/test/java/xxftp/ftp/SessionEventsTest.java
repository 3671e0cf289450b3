package xxftp.ftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import xxftp.domain.model.Failure;
import xxftp.domain.model.VirtualPath;
import xxftp.domain.port.Upload;
import xxftp.ftp.events.FtpEvent;
import xxftp.ftp.events.FtpEvent.Change;
import xxftp.ftp.events.FtpEvent.LoginOutcome;
import xxftp.ftp.guard.Defender;
import xxftp.ftp.guard.GuardSettings;

/** What a session tells its listener: logins by outcome, commands with their replies, changes to the tree, refusals. */
class SessionEventsTest {

    private final SessionHarness harness = new SessionHarness();

    private static FtpEvent.Client client(String user) {
        return new FtpEvent.Client(7, SessionHarness.CLIENT_V4, Optional.ofNullable(user));
    }

    private List<FtpEvent> without(Class<? extends FtpEvent> left) {
        return harness.events.stream().filter(event -> !left.isInstance(event)).toList();
    }

    @Test
    void loginsAreReportedByOutcomeWithTheNameTheClientGave() {
        harness.send("USER alice");
        harness.send("PASS wrong");
        harness.send("USER mallory");
        harness.send("PASS secret");
        harness.send("USER alice");
        harness.send("PASS secret");

        assertThat(without(FtpEvent.CommandDone.class)).containsExactly(
                new FtpEvent.LoginAttempt(client(null), "alice", LoginOutcome.BAD_PASSWORD),
                new FtpEvent.LoginAttempt(client(null), "mallory", LoginOutcome.UNKNOWN_USER),
                new FtpEvent.LoginAttempt(client("alice"), "alice", LoginOutcome.OK));
    }

    @Test
    void aUserWithoutPasswordLogsInWithUser() {
        harness.send("USER bob");

        assertThat(without(FtpEvent.CommandDone.class))
                .containsExactly(new FtpEvent.LoginAttempt(client("bob"), "bob", LoginOutcome.OK));
    }

    @Test
    void theFailureThatBansTheAddressIsAnEventOfItsOwn() {
        GuardSettings banAfterTwo = new GuardSettings(new Defender.Settings(2, Duration.ofMinutes(1), Duration.ofMinutes(1),
                Duration.ofMinutes(1), List.of()), 0, 0, GuardSettings.DEFAULT_LOGIN_TIMEOUT);
        SessionHarness guarded = new SessionHarness(CommandTable.standard(), new FtpConfig(
                SessionHarness.config(Optional.empty()).listen(), FtpConfig.PortRange.ANY, Optional.empty(), 10,
                Duration.ofMinutes(1), Duration.ofSeconds(5), Optional.empty(), banAfterTwo), SessionHarness.CLIENT_V4);

        guarded.send("USER alice");
        guarded.send("PASS wrong");
        guarded.send("USER alice");
        guarded.send("PASS wrong");
        guarded.send("USER alice");
        guarded.send("PASS secret");

        assertThat(guarded.events.stream().filter(event -> !(event instanceof FtpEvent.CommandDone)).toList()).containsExactly(
                new FtpEvent.LoginAttempt(client(null), "alice", LoginOutcome.BAD_PASSWORD),
                new FtpEvent.LoginAttempt(client(null), "alice", LoginOutcome.BAD_PASSWORD),
                new FtpEvent.Banned(client(null)),
                new FtpEvent.LoginAttempt(client(null), "alice", LoginOutcome.BANNED));
    }

    @Test
    void everyCommandIsReportedWithItsVerbAndReplyAndAnUnknownVerbNotAsTyped() {
        harness.send("NOOP");
        harness.send("xpwd");
        harness.send("FROB nicate");
        harness.send("PASS early");

        assertThat(harness.events).extracting(event -> (FtpEvent.CommandDone) event)
                .extracting(FtpEvent.CommandDone::verb, FtpEvent.CommandDone::replyCode)
                .containsExactly(tuple("NOOP", 200), tuple("XPWD", 530),
                        tuple(FtpEvent.CommandDone.UNKNOWN_VERB, 500),
                        tuple("PASS", 503));
        assertThat(harness.events).allSatisfy(event -> assertThat(((FtpEvent.CommandDone) event).nanos()).isPositive());
    }

    @Test
    void changesThatSucceededAreReportedAndOnesThatFailedAreNot() {
        harness.logIn();
        doThrow(new Failure.NotFound("/gone")).when(harness.tree).delete(VirtualPath.ROOT.resolve("/gone"));

        harness.send("DELE a.txt");
        harness.send("DELE gone");
        harness.send("MKD new");
        harness.send("RMD old");
        harness.send("RNFR b.txt");
        harness.send("RNTO new/c.txt");

        assertThat(without(FtpEvent.CommandDone.class)).containsExactly(
                new FtpEvent.Changed(client("alice"), Change.DELETE, VirtualPath.ROOT.resolve("/a.txt"), Optional.empty(), Optional.empty()),
                new FtpEvent.Changed(client("alice"), Change.MKDIR, VirtualPath.ROOT.resolve("/new"), Optional.empty(), Optional.empty()),
                new FtpEvent.Changed(client("alice"), Change.RMDIR, VirtualPath.ROOT.resolve("/old"), Optional.empty(), Optional.empty()),
                new FtpEvent.Changed(client("alice"), Change.RENAME, VirtualPath.ROOT.resolve("/new/c.txt"),
                        Optional.of(VirtualPath.ROOT.resolve("/b.txt")), Optional.empty()));
    }

    @Test
    void aQuotaRefusalNamesTheCommandAndItsPath() {
        harness.logIn();
        when(harness.tree.store(any(), anyLong(), any())).thenThrow(new Failure.QuotaExceeded("/alice: full"));
        harness.send("PASV");

        assertThat(harness.sendAndAwait("STOR big.bin")).endsWith("552 Quota exceeded.\r\n");
        assertThat(without(FtpEvent.CommandDone.class))
                .containsExactly(new FtpEvent.QuotaRefused(client("alice"), "STOR", VirtualPath.ROOT.resolve("/big.bin")));
    }

    @Test
    void aDigestedUploadHashesWhatTheStoreTookEvenInPartsAndOnlyOnceCommitted() throws Exception {
        byte[] content = "the bytes of a whole file\n".repeat(100).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ByteBuffer stored = ByteBuffer.allocate(content.length);
        DigestedUpload upload = new DigestedUpload(new Dribbling(stored));

        ByteBuffer source = ByteBuffer.wrap(content);
        while (source.hasRemaining()) {
            upload.write(source);
        }
        assertThat(upload.sha256()).isEmpty();
        upload.commit();

        assertThat(upload.sha256()).contains(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
        assertThat(stored.array()).isEqualTo(content);
    }

    /** A store that takes at most 7 bytes a call. */
    private record Dribbling(ByteBuffer into) implements Upload {
        @Override
        public int write(ByteBuffer source) throws IOException {
            int taken = Math.min(7, source.remaining());
            ByteBuffer part = source.slice().limit(taken);
            into.put(part);
            source.position(source.position() + taken);
            return taken;
        }

        @Override
        public void commit() {}

        @Override
        public void abort() {}

        @Override
        public long previousSize() {
            return 0;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {}
    }
}
