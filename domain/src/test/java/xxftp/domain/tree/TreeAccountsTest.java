package xxftp.domain.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static xxftp.domain.testkit.StorageFixtures.dir;
import static xxftp.domain.testkit.StorageFixtures.file;
import static xxftp.domain.testkit.StorageFixtures.text;

import java.time.Clock;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import xxftp.domain.model.Account;
import xxftp.domain.model.ControlFiles;
import xxftp.domain.model.Failure;
import xxftp.domain.model.Location;
import xxftp.domain.model.Names;
import xxftp.domain.model.StorageKey;
import xxftp.domain.testkit.MemoryStorage;

class TreeAccountsTest {

    private final MemoryStorage root = new MemoryStorage();
    private final TreeAccounts accounts = new TreeAccounts(root, new TreeFiles(Clock.systemUTC(), Duration.ZERO), PasswordCheck.forThisMachine(Clock.systemUTC()));

    @BeforeEach
    void tree() {
        dir(root, "alice/docs");
        dir(root, "anonymous");
        file(root, "bob", "a plain file, not a home");
    }

    private Account find(String name) {
        return accounts.find(name).orElseThrow();
    }

    @Test
    void aUserIsATopLevelDirectory() {
        Account alice = find("alice");
        assertThat(alice.name()).isEqualTo("alice");
        assertThat(alice.home()).isEqualTo(new Location(root, StorageKey.parse("alice")));
        assertThat(alice.isAnonymous()).isFalse();
    }

    @Test
    void aFileOrNothingIsNoUser() {
        assertThat(accounts.find("bob")).isEmpty();
        assertThat(accounts.find("carol")).isEmpty();
        assertThat(accounts.find("docs")).isEmpty();
    }

    static Stream<String> invalidNames() {
        return Stream.of("a-b", "a.b", "a b", "../x", "alice/docs", "alice/", "al\u0000ice", "xxftp.welcome",
                ".xxftp", "\u00e4lice", " alice", "x".repeat(65));
    }

    @ParameterizedTest
    @MethodSource("invalidNames")
    void invalidNamesAreNoUserEvenWhenTheDirectoryExists(String name) {
        if (Names.isStorable(name)) {
            dir(root, name);
        }
        assertThat(accounts.isValidName(name)).isFalse();
        assertThat(accounts.find(name)).isEmpty();
    }

    @Test
    void namesOfUpTo64LettersDigitsAndUnderscoresAreValid() {
        String longest = "A_1".repeat(21) + "z";
        dir(root, longest);
        assertThat(accounts.isValidName(longest)).isTrue();
        assertThat(find(longest).name()).isEqualTo(longest);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "anonymous", "ANONYMOUS", "Anonymous"})
    void emptyOrAnyCaseAnonymousIsTheAnonymousAccount(String name) {
        assertThat(accounts.isValidName(name)).isTrue();
        Account anonymous = find(name);
        assertThat(anonymous.name()).isEqualTo(TreeAccounts.ANONYMOUS);
        assertThat(anonymous.isAnonymous()).isTrue();
        assertThat(anonymous.home()).isEqualTo(new Location(root, StorageKey.parse("anonymous")));
    }

    @Test
    void noAnonymousDirectoryMeansNoAnonymousLogin() {
        root.removeDirectory(StorageKey.parse("anonymous"));
        assertThat(accounts.find("")).isEmpty();
        assertThat(accounts.find("anonymous")).isEmpty();
    }

    @Test
    void withoutPasswordFileAnyPasswordLogsIn() {
        Account alice = find("alice");
        assertThat(accounts.needsPassword(alice)).isFalse();
        assertThat(accounts.passwordMatches(alice, "")).isTrue();
        assertThat(accounts.passwordMatches(alice, "anything")).isTrue();
    }

    @Test
    void setPasswordWritesASaltedHashThatMatches() {
        accounts.setPassword("alice", "n3w secret");
        String stored = text(root, "alice/.xxftp/password");
        assertThat(stored).startsWith("$pbkdf2-sha256$").endsWith("\n");
        Account alice = find("alice");
        assertThat(accounts.passwordMatches(alice, "n3w secret")).isTrue();
        assertThat(accounts.passwordMatches(alice, "n3w secreT")).isFalse();
        accounts.setPassword("alice", "other");
        assertThat(accounts.passwordMatches(alice, "other")).isTrue();
        assertThat(accounts.passwordMatches(alice, "n3w secret")).isFalse();
    }

    @Test
    void setPasswordOfAMissingUserIsNotFound() {
        assertThatThrownBy(() -> accounts.setPassword("carol", "x")).isInstanceOf(Failure.NotFound.class);
        assertThatThrownBy(() -> accounts.setPassword("bob", "x")).isInstanceOf(Failure.NotFound.class);
    }

    @Test
    void legacyMd5PasswordFile() {
        file(root, ControlFiles.password("alice").toString(), PasswordHash.legacyMd5("secret") + "\n");
        Account alice = find("alice");
        assertThat(accounts.needsPassword(alice)).isTrue();
        assertThat(accounts.passwordMatches(alice, "secret")).isTrue();
        assertThat(accounts.passwordMatches(alice, "Secret")).isFalse();
        assertThat(accounts.passwordMatches(alice, "")).isFalse();
    }

    @Test
    void pbkdf2PasswordFile() {
        file(root, "alice/.xxftp/password", PasswordHash.create("correct horse"));
        Account alice = find("alice");
        assertThat(accounts.needsPassword(alice)).isTrue();
        assertThat(accounts.passwordMatches(alice, "correct horse")).isTrue();
        assertThat(accounts.passwordMatches(alice, "wrong")).isFalse();
    }

    @Test
    void anEmptyOrUnreadablePasswordFileLetsNobodyIn() {
        file(root, "alice/.xxftp/password", "");
        Account alice = find("alice");
        assertThat(accounts.needsPassword(alice)).isTrue();
        assertThat(accounts.passwordMatches(alice, "")).isFalse();
        file(root, "alice/.xxftp/password", "plaintext");
        assertThat(accounts.passwordMatches(alice, "plaintext")).isFalse();
    }

    @Test
    void greetingsComeFromTheRoot() {
        assertThat(accounts.welcome()).isEmpty();
        assertThat(accounts.goodbye()).isEmpty();
        file(root, "xxftp.welcome", "Welcome to xxftp\nsecond line\n");
        file(root, "xxftp.goodbye", "Bye");
        file(root, "alice/xxftp.welcome", "not the server's");
        assertThat(accounts.welcome()).contains("Welcome to xxftp\nsecond line\n");
        assertThat(accounts.goodbye()).contains("Bye");
    }

    @Test
    void aPasswordFileThatIsAFolderLocksTheAccount() {
        dir(root, "mallory/.xxftp/password");
        Account mallory = accounts.find("mallory").orElseThrow();
        assertThat(accounts.needsPassword(mallory)).isTrue();
        assertThat(accounts.passwordMatches(mallory, "")).isFalse();
        assertThat(accounts.passwordMatches(mallory, "anything")).isFalse();
    }
}
