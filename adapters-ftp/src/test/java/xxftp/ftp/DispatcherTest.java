package xxftp.ftp;

import static org.assertj.core.api.Assertions.assertThat;
import static xxftp.ftp.Command.Arity.NONE;
import static xxftp.ftp.Command.Arity.OPTIONAL;
import static xxftp.ftp.Command.Arity.REQUIRED;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import xxftp.domain.model.Failure;

/** The dispatcher's own rules, on rows made for the test: each handler says what it got. */
class DispatcherTest {

    private final List<String> handled = new CopyOnWriteArrayList<>();
    private final List<Thread> handlerThreads = new CopyOnWriteArrayList<>();
    private final CountDownLatch transferStarted = new CountDownLatch(1);
    private final CountDownLatch transferReleased = new CountDownLatch(1);

    private final SessionHarness harness = new SessionHarness(new CommandTable(List.of(List.of(
            Command.anytime("OPEN", OPTIONAL, echo("200"), ""),
            Command.anytime("NEED", REQUIRED, echo("200"), ""),
            Command.anytime("BARE", NONE, echo("200"), ""),
            Command.loggedIn("INSIDE", OPTIONAL, echo("250"), ""),
            Command.anytime("FIRST", OPTIONAL, echo("350"), ""),
            Command.anytime("REFUSE", OPTIONAL, echo("550"), ""),
            Command.loggedIn("SECOND", REQUIRED, echo("250"), "").after("FIRST"),
            Command.anytime("LISTING", OPTIONAL, echo("211"), "").loginNeeded(Command.When.WITH_ARGUMENT),
            Command.anytime("FAIL", NONE, (session, argument) -> {
                throw new Failure.QuotaExceeded("/alice: 10 bytes over");
            }, ""),
            Command.anytime("BUG", NONE, (session, argument) -> {
                throw new IllegalStateException("a bug's message");
            }, ""),
            Command.anytime("BROKEN", NONE, (session, argument) -> {
                throw new IOException("a stream's message");
            }, ""),
            Command.transfer("MOVE", NONE, this::transfer, ""),
            Command.anytime("QUICK", NONE, echo("200"), "").heardDuringTransfer(Command.When.WITHOUT_ARGUMENT)),
            TransferCommands.rows().stream().filter(row -> row.verb().equals("ABOR")).toList())),
            SessionHarness.config(Optional.empty()), SessionHarness.CLIENT_V4);

    /** A handler that notes its verb and argument and answers with that code. */
    private Command.Handler echo(String code) {
        return (session, argument) -> {
            handled.add(argument);
            handlerThreads.add(Thread.currentThread());
            return Reply.of(Integer.parseInt(code), "got [" + argument + "]");
        };
    }

    /** Runs until released or aborted, as a transfer blocked on its data connection would. */
    private Reply transfer(Session session, String unused) {
        handlerThreads.add(Thread.currentThread());
        transferStarted.countDown();
        try {
            while (!transferReleased.await(1, TimeUnit.MILLISECONDS)) {
                if (session.transfers().aborting()) {
                    return Reply.of(426, "Connection closed; transfer aborted.");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Reply.of(226, "Transfer complete.");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "FROB       | 500 Unknown command.",
            "''         | 500 Unknown command.",
            "' OPEN'    | 500 Unknown command.",
            "OPENX x    | 500 Unknown command."})
    void anUnknownVerbIs500(String line, String reply) {
        assertThat(harness.send(line)).isEqualTo(reply + "\r\n");
        harness.logIn();
        assertThat(harness.send(line)).isEqualTo(reply + "\r\n");
        assertThat(handled).isEmpty();
    }

    @Test
    void verbsAreCaseInsensitiveAndTheArgumentIsEverythingAfterTheFirstSpace() {
        assertThat(harness.send("open  two  spaces ")).isEqualTo("200 got [ two  spaces ]\r\n");
        assertThat(harness.send("Open")).isEqualTo("200 got []\r\n");
        assertThat(handled).containsExactly(" two  spaces ", "");
    }

    @Test
    void aRowThatNeedsALoginIs530BeforeOneAndRunsAfter() {
        assertThat(harness.send("INSIDE x")).isEqualTo("530 Please log in with USER and PASS.\r\n");
        assertThat(harness.send("INSIDE")).isEqualTo("530 Please log in with USER and PASS.\r\n");
        assertThat(handled).isEmpty();
        harness.logIn();
        assertThat(harness.send("INSIDE x")).isEqualTo("250 got [x]\r\n");
    }

    @Test
    void aRowThatNeedsALoginWithAnArgumentRunsWithoutOneBeforeLogin() {
        assertThat(harness.send("LISTING")).isEqualTo("211 got []\r\n");
        assertThat(harness.send("LISTING /docs")).isEqualTo("530 Please log in with USER and PASS.\r\n");
        harness.logIn();
        assertThat(harness.send("LISTING /docs")).isEqualTo("211 got [/docs]\r\n");
        assertThat(handled).containsExactly("", "/docs");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "NEED       | 501 Syntax error in parameters or arguments.",
            "NEED       | 501 Syntax error in parameters or arguments.",
            "'NEED   '  | 501 Syntax error in parameters or arguments.",
            "NEED x     | 200 got [x]",
            "BARE x     | 501 Syntax error in parameters or arguments.",
            "BARE       | 200 got []",
            "'BARE '    | 200 got []",
            "'BARE  \t' | 200 got [ \t]",
            "OPEN       | 200 got []",
            "OPEN x y   | 200 got [x y]"})
    void arityIsCheckedBeforeTheHandler(String line, String reply) {
        assertThat(harness.send(line)).isEqualTo(reply + "\r\n");
        assertThat(handled).hasSize(reply.startsWith("501") ? 0 : 1);
    }

    @Test
    void aRowThatMustFollowAnotherIs503OtherwiseEvenRightAfterAFailureOfThatOther() {
        harness.logIn();
        assertThat(harness.send("SECOND x")).isEqualTo("503 Bad sequence of commands: FIRST first.\r\n");
        assertThat(harness.send("FIRST a")).isEqualTo("350 got [a]\r\n");
        assertThat(harness.send("SECOND x")).isEqualTo("250 got [x]\r\n");
        assertThat(harness.send("SECOND y")).as("FIRST is used up").isEqualTo("503 Bad sequence of commands: FIRST first.\r\n");

        assertThat(harness.send("FIRST b")).isEqualTo("350 got [b]\r\n");
        assertThat(harness.send("OPEN")).isEqualTo("200 got []\r\n");
        assertThat(harness.send("SECOND x")).as("another command came between").isEqualTo("503 Bad sequence of commands: FIRST first.\r\n");

        assertThat(harness.send("FIRST c")).isEqualTo("350 got [c]\r\n");
        assertThat(harness.send("FROB")).isEqualTo("500 Unknown command.\r\n");
        assertThat(harness.send("SECOND x")).as("an unknown verb came between").isEqualTo("503 Bad sequence of commands: FIRST first.\r\n");

        assertThat(harness.send("FIRST d")).isEqualTo("350 got [d]\r\n");
        assertThat(harness.send("NEED")).isEqualTo("501 Syntax error in parameters or arguments.\r\n");
        assertThat(harness.send("SECOND x")).as("a refused command came between").isEqualTo("503 Bad sequence of commands: FIRST first.\r\n");

        assertThat(handled).containsExactly("a", "x", "b", "", "c", "d");
    }

    @Test
    void aReplyOf400OrMoreDoesNotCountAsTheCommandBefore() {
        harness.logIn();
        assertThat(harness.send("REFUSE")).isEqualTo("550 got []\r\n");
        assertThat(harness.send("FIRST")).isEqualTo("350 got []\r\n");
        assertThat(harness.send("SECOND x")).isEqualTo("250 got [x]\r\n");
    }

    @Test
    void loginIsCheckedFirstThenOrderThenArity() {
        assertThat(harness.send("SECOND")).isEqualTo("530 Please log in with USER and PASS.\r\n");
        harness.logIn();
        assertThat(harness.send("SECOND")).isEqualTo("503 Bad sequence of commands: FIRST first.\r\n");
        harness.send("FIRST");
        assertThat(harness.send("SECOND")).isEqualTo("501 Syntax error in parameters or arguments.\r\n");
    }

    @Test
    void aFailureBecomesItsReplyAndAnythingElseA451WithoutItsMessage() {
        assertThat(harness.send("FAIL")).isEqualTo("552 Quota exceeded.\r\n");
        assertThat(harness.send("BUG")).isEqualTo("451 Local error in processing.\r\n");
        assertThat(harness.send("BROKEN")).isEqualTo("451 Local error in processing.\r\n");
    }

    @Test
    void aTransferRunsOnItsOwnThreadAndSendsItsReplyThroughTheWriter() throws InterruptedException {
        harness.logIn();
        assertThat(harness.send("MOVE")).isEmpty();
        transferStarted.await();
        assertThat(handlerThreads.getFirst()).isNotEqualTo(Thread.currentThread());
        assertThat(harness.session.transfers().inProgress()).isTrue();
        transferReleased.countDown();
        harness.session.transfers().await();
        assertThat(harness.written()).isEqualTo("226 Transfer complete.\r\n");
        assertThat(harness.session.transfers().inProgress()).isFalse();
    }

    @Test
    void aRowHeardDuringATransferIsAnsweredAtOnce() throws InterruptedException {
        harness.logIn();
        harness.send("MOVE");
        transferStarted.await();
        assertThat(harness.send("QUICK")).isEqualTo("200 got []\r\n");
        transferReleased.countDown();
        harness.session.transfers().await();
        assertThat(harness.written()).isEqualTo("226 Transfer complete.\r\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "OPEN       | 200 got []",
            "QUICK x    | 501 Syntax error in parameters or arguments.",
            "MOVE       | 226 Transfer complete."})
    void anyOtherCommandWaitsForTheTransfersReply(String line, String reply) throws InterruptedException {
        harness.logIn();
        harness.send("MOVE");
        transferStarted.await();
        AtomicReference<String> answer = new AtomicReference<>();
        Thread waiting = Thread.ofPlatform().start(() -> answer.set(harness.send(line)));
        while (waiting.getState() != Thread.State.WAITING && waiting.isAlive()) {
            Thread.onSpinWait();
        }
        assertThat(answer.get()).as("no answer before the transfer's reply").isNull();
        transferReleased.countDown();
        waiting.join();
        harness.session.transfers().await();
        assertThat(answer.get() + harness.written()).isEqualTo("226 Transfer complete.\r\n" + reply + "\r\n");
    }

    @Test
    void aborIsHeardDuringATransferAndAnswersAfterTheTransfers426() throws InterruptedException {
        harness.logIn();
        harness.send("MOVE");
        transferStarted.await();
        assertThat(harness.send("ABOR")).isEqualTo("426 Connection closed; transfer aborted.\r\n226 Abort successful.\r\n");
        assertThat(harness.send("ABOR")).isEqualTo("226 Abort successful; no transfer in progress.\r\n");
    }
}
