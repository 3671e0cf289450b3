package xxftp.domain.tree;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHashTest {

    @Test
    void legacyMd5FileStillLogsIn() {
        // md5("secret"), as the original server wrote it, with the newline an editor adds
        String stored = "5ebe2294ecd0e0f08eab7690d2a6ee69\n";
        assertThat(PasswordHash.matches(stored, "secret")).isTrue();
        assertThat(PasswordHash.matches(stored.toUpperCase(), "secret")).isTrue();
        assertThat(PasswordHash.matches(stored, "Secret")).isFalse();
    }

    @Test
    void newHashesAreSaltedAndVerify() {
        String first = PasswordHash.create("correct horse");
        String second = PasswordHash.create("correct horse");
        assertThat(first).startsWith("$pbkdf2-sha256$" + PasswordHash.ROUNDS + "$").isNotEqualTo(second);
        assertThat(PasswordHash.matches(first, "correct horse")).isTrue();
        assertThat(PasswordHash.matches(first, "correct horse ")).isFalse();
    }

    @Test
    void passlibHashVerifies() {
        // passlib.hash.pbkdf2_sha256.using(rounds=1000, salt=b"saltsalt").hash("password"), computed with Python hashlib
        String passlib = "$pbkdf2-sha256$1000$c2FsdHNhbHQ$E196ZhRPzw.wA84EjzHwJO1cv/MFJdO6C/sxmUeTYqY";
        assertThat(PasswordHash.matches(passlib, "password")).isTrue();
    }

    @Test
    void unknownFormsNeverMatch() {
        assertThat(PasswordHash.matches("", "")).isFalse();
        assertThat(PasswordHash.matches("plaintext", "plaintext")).isFalse();
        assertThat(PasswordHash.matches("$pbkdf2-sha256$0$c2FsdA$AAAA", "x")).isFalse();
        assertThat(PasswordHash.matches("$2b$12$abcdefghijklmnopqrstuu", "x")).isFalse();
    }
}
