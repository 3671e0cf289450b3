package xxftp.domain.tree;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The password file's two forms: the original's bare hex MD5 (read, never written anew) and
 * a salted PBKDF2-SHA256 string in passlib's modular form,
 * {@code $pbkdf2-sha256$ROUNDS$SALT$HASH} with SALT and HASH in passlib's "ab64" base64.
 */
public final class PasswordHash {

    /** OWASP's 2021 floor for PBKDF2-HMAC-SHA256; a login costs about a tenth of a second. */
    static final int ROUNDS = 310_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Pattern MD5_HEX = Pattern.compile("[0-9a-fA-F]{32}");
    private static final Pattern PBKDF2 = Pattern.compile("\\$pbkdf2-sha256\\$(\\d{1,9})\\$([A-Za-z0-9./]+)\\$([A-Za-z0-9./]+)");
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHash() {}

    /** A new salted hash for a password file. */
    public static String create(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = pbkdf2(password, salt, ROUNDS, HASH_BYTES);
        return "$pbkdf2-sha256$" + ROUNDS + "$" + ab64(salt) + "$" + ab64(hash);
    }

    /** Whether checking against this stored form is slow (a salted hash), as opposed to the original MD5. */
    public static boolean isSlow(String stored) {
        return PBKDF2.matcher(stored.trim()).matches();
    }

    /** Whether the stored text is a form this server can check at all. */
    public static boolean isKnownForm(String stored) {
        String trimmed = stored.trim();
        return MD5_HEX.matcher(trimmed).matches() || PBKDF2.matcher(trimmed).matches();
    }

    /** Whether {@code password} matches the stored form; an unknown form never matches. */
    public static boolean matches(String stored, String password) {
        String trimmed = stored.trim();
        if (MD5_HEX.matcher(trimmed).matches()) {
            byte[] actual = md5(password);
            return MessageDigest.isEqual(HexFormat.of().parseHex(trimmed.toLowerCase(Locale.ROOT)), actual);
        }
        var pbkdf2 = PBKDF2.matcher(trimmed);
        if (pbkdf2.matches()) {
            int rounds = Integer.parseInt(pbkdf2.group(1));
            byte[] salt = fromAb64(pbkdf2.group(2));
            byte[] expected = fromAb64(pbkdf2.group(3));
            if (rounds < 1 || expected.length == 0) {
                return false;
            }
            return MessageDigest.isEqual(expected, pbkdf2(password, salt, rounds, expected.length));
        }
        return false;
    }

    /** The original form, for tests and migration tools: lowercase hex MD5. */
    public static String legacyMd5(String password) {
        return HexFormat.of().formatHex(md5(password));
    }

    private static byte[] md5(String password) {
        try {
            return MessageDigest.getInstance("MD5").digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    private static byte[] pbkdf2(String password, byte[] salt, int rounds, int bytes) {
        try {
            var spec = new PBEKeySpec(password.toCharArray(), salt, rounds, bytes * 8);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has PBKDF2WithHmacSHA256", e);
        }
    }

    private static String ab64(byte[] bytes) {
        return Base64.getEncoder().withoutPadding().encodeToString(bytes).replace('+', '.');
    }

    private static byte[] fromAb64(String text) {
        try {
            return Base64.getDecoder().decode(text.replace('.', '+'));
        } catch (IllegalArgumentException malformed) {
            return new byte[0];
        }
    }
}
