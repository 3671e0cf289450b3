package xxftp.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The rules of the real command table: each row's login, order and arity, checked before any handler runs. */
class CommandRulesTest {

    private static final CommandTable TABLE = CommandTable.standard();

    private static Stream<Command> rows(Predicate<Command> which) {
        return TABLE.all().stream().filter(which);
    }

    private static String verbs(Predicate<Command> which) {
        return rows(which).map(Command::verb).sorted().collect(Collectors.joining(" "));
    }

    @Test
    void theseVerbsWorkBeforeLogin() {
        assertThat(verbs(row -> row.needsLogin() == Command.When.NEVER))
                .isEqualTo("AUTH BYE CCC FEAT HELP NOOP OPTS PASS PBSZ PROT QUIT SYST USER");
        assertThat(verbs(row -> row.needsLogin() == Command.When.WITH_ARGUMENT)).isEqualTo("STAT");
    }

    @Test
    void onlyTheseVerbsUseTheDataConnection() {
        assertThat(verbs(Command::transfer)).isEqualTo("APPE LIST MLSD NLST RETR STOR STOU");
    }

    @Test
    void onlyAborAndTheStatusFormOfStatAreHeardDuringATransfer() {
        assertThat(rows(row -> row.heardDuringTransfer() != Command.When.NEVER)
                .collect(Collectors.toMap(Command::verb, Command::heardDuringTransfer)))
                .isEqualTo(Map.of("ABOR", Command.When.ALWAYS, "STAT", Command.When.WITHOUT_ARGUMENT));
    }

    @Test
    void onlyPassAndRntoMustFollowAnotherVerb() {
        assertThat(rows(row -> row.mustFollow().isPresent())
                .collect(Collectors.toMap(Command::verb, row -> row.mustFollow().get())))
                .isEqualTo(Map.of("PASS", "USER", "RNTO", "RNFR"));
    }

    static Stream<Command> loggedInRows() {
        return rows(row -> row.needsLogin() == Command.When.ALWAYS);
    }

    @ParameterizedTest
    @MethodSource("loggedInRows")
    void everyOtherVerbIs530BeforeLogin(Command row) {
        SessionHarness harness = new SessionHarness();
        String line = row.arity() == Command.Arity.NONE ? row.verb() : row.verb() + " docs";
        assertThat(harness.send(line)).isEqualTo("530 Please log in with USER and PASS.\r\n");
        assertThat(harness.send(row.verb().toLowerCase() + " ")).isEqualTo("530 Please log in with USER and PASS.\r\n");
    }

    @Test
    void statWithAPathIs530BeforeLogin() {
        assertThat(new SessionHarness().send("STAT /docs")).isEqualTo("530 Please log in with USER and PASS.\r\n");
    }

    static Stream<Command> rowsWithArgument() {
        return rows(row -> row.arity() == Command.Arity.REQUIRED && row.mustFollow().isEmpty());
    }

    @ParameterizedTest
    @MethodSource("rowsWithArgument")
    void aVerbThatTakesAnArgumentIs501WithoutOne(Command row) {
        SessionHarness harness = SessionHarness.loggedIn();
        assertThat(harness.send(row.verb())).isEqualTo("501 Syntax error in parameters or arguments.\r\n");
        assertThat(harness.send(row.verb() + "    ")).isEqualTo("501 Syntax error in parameters or arguments.\r\n");
    }

    static Stream<Command> rowsWithoutArgument() {
        return rows(row -> row.arity() == Command.Arity.NONE);
    }

    @ParameterizedTest
    @MethodSource("rowsWithoutArgument")
    void aVerbThatTakesNoArgumentIs501WithOne(Command row) {
        SessionHarness harness = SessionHarness.loggedIn();
        assertThat(harness.send(row.verb() + " extra")).isEqualTo("501 Syntax error in parameters or arguments.\r\n");
        assertThat(harness.session.quitting()).isFalse();
    }

    @Test
    void rntoIs503UnlessRightAfterAnRnfrThatWorked() {
        SessionHarness harness = SessionHarness.loggedIn();
        assertThat(harness.send("RNTO b")).isEqualTo("503 Bad sequence of commands: RNFR first.\r\n");
        assertThat(harness.send("RNTO")).as("order before arity").isEqualTo("503 Bad sequence of commands: RNFR first.\r\n");
    }

    @Test
    void passIs503UnlessRightAfterUser() {
        SessionHarness harness = new SessionHarness();
        assertThat(harness.send("PASS secret")).isEqualTo("503 Bad sequence of commands: USER first.\r\n");
        harness.send("USER alice");
        harness.send("NOOP");
        assertThat(harness.send("PASS secret")).isEqualTo("503 Bad sequence of commands: USER first.\r\n");
        assertThat(harness.session.login().isLoggedIn()).isFalse();
    }
}
