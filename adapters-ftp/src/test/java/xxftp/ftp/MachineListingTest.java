package xxftp.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import xxftp.domain.model.Entry;
import xxftp.domain.model.Permission;
import xxftp.domain.model.VirtualPath;
import xxftp.domain.tree.UserTree;

class MachineListingTest {

    private static final Instant MODIFIED = Instant.parse("2021-03-04T05:06:07.890Z");

    private static UserTree.Listed file(String name, long size, Set<Permission> permissions) {
        return new UserTree.Listed(new Entry(name, Entry.Kind.FILE, size, MODIFIED), permissions, false);
    }

    private static UserTree.Listed dir(String name, Set<Permission> permissions, boolean mountPoint) {
        return new UserTree.Listed(new Entry(name, Entry.Kind.DIRECTORY, 0, MODIFIED), permissions, mountPoint);
    }

    @Test
    void aFileEntryHasEveryFactThenASpaceAndTheName() {
        VirtualPath path = VirtualPath.ROOT.resolve("/docs/a b.txt");
        String line = MachineListing.entry(file("a b.txt", 1234, Permission.ALL), MachineListing.Type.FILE, path,
                "a b.txt", MachineListing.ALL_FACTS);
        assertThat(line).isEqualTo("type=file;size=1234;modify=20210304050607;perm=rwadf;unique="
                + MachineListing.unique(path) + "; a b.txt");
    }

    @Test
    void aDirectoryHasNoSizeAndItsOwnTypes() {
        VirtualPath path = VirtualPath.ROOT.resolve("/docs");
        UserTree.Listed docs = dir("docs", Set.of(Permission.READ), false);
        assertThat(MachineListing.entry(docs, MachineListing.typeOf(docs), path, "docs", MachineListing.ALL_FACTS))
                .startsWith("type=dir;modify=20210304050607;perm=el;unique=").endsWith("; docs");
        assertThat(MachineListing.entry(docs, MachineListing.Type.CDIR, path, ".", MachineListing.ALL_FACTS))
                .startsWith("type=cdir;");
        assertThat(MachineListing.entry(docs, MachineListing.Type.PDIR, path, "..", MachineListing.ALL_FACTS))
                .startsWith("type=pdir;");
    }

    @Test
    void onlySelectedFactsAppearAndNoneLeavesTheSpace() {
        UserTree.Listed a = file("a.txt", 5, Permission.ALL);
        VirtualPath path = VirtualPath.ROOT.resolve("a.txt");
        assertThat(MachineListing.entry(a, MachineListing.Type.FILE, path, "a.txt",
                EnumSet.of(MachineListing.Fact.SIZE, MachineListing.Fact.TYPE))).isEqualTo("type=file;size=5; a.txt");
        assertThat(MachineListing.entry(a, MachineListing.Type.FILE, path, "a.txt", Set.of())).isEqualTo(" a.txt");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "true  | read              | false | r",
            "true  | read,write        | false | r",
            "true  | read,modify       | false | rwadf",
            "true  | modify            | false | wadf",
            "true  | ''                | false | ''",
            "false | read              | false | el",
            "false | read,write        | false | elc",
            "false | read,write,modify | false | elcmpdf",
            "false | read,write,modify | true  | elcmp",
            "false | modify            | true  | elmp"})
    void permFollowsTheEffectiveRights(boolean isFile, String rights, boolean mountPoint, String perm) {
        Set<Permission> permissions = Permission.parseList(rights).orElseThrow();
        assertThat(MachineListing.perm(isFile, permissions, mountPoint)).isEqualTo(perm);
    }

    @Test
    void aListedEntrysTokenIsItsPathsThoughThePathIsNeverPutTogether() {
        UserTree.Listed listed = file("a.txt", 1, Permission.ALL);
        String line = MachineListing.entry(listed, MachineListing.Type.FILE, "/docs/", "a.txt", "a.txt", Set.of(MachineListing.Fact.UNIQUE));
        assertThat(line).isEqualTo("unique=" + MachineListing.unique(VirtualPath.ROOT.resolve("/docs/a.txt")) + "; a.txt");
        // the value the build before this one gave, a hash of the path's UTF-8 bytes: tokens stay as clients saw them
        assertThat(MachineListing.unique(VirtualPath.ROOT.resolve("/docs/a.txt"))).isEqualTo(HexFormat.of().toHexDigits(
                fnvOfBytes("/docs/a.txt".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void theHashWalksTheSameBytesAsTheUtf8EncoderForAnyText() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            char[] text = new char[random.nextInt(12)];
            for (int c = 0; c < text.length; c++) {
                // ASCII, two- and three-byte characters, and surrogates paired or not
                text[c] = switch (random.nextInt(4)) {
                    case 0 -> (char) random.nextInt(0x80);
                    case 1 -> (char) (0x80 + random.nextInt(0x780));
                    case 2 -> (char) (0x800 + random.nextInt(0xf800));
                    default -> (char) (0xd800 + random.nextInt(0x800));
                };
            }
            String name = new String(text);
            assertThat(MachineListing.fnv1a(0xcbf29ce484222325L, name)).as(name)
                    .isEqualTo(fnvOfBytes(name.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static long fnvOfBytes(byte[] bytes) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : bytes) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        return hash;
    }

    @Test
    void uniqueIsStableHexAndDiffersByPath() {
        VirtualPath a = VirtualPath.ROOT.resolve("/docs/a.txt");
        assertThat(MachineListing.unique(a)).matches("[0-9a-f]{16}").isEqualTo(MachineListing.unique(VirtualPath.ROOT.resolve("docs//a.txt")));
        assertThat(MachineListing.unique(a)).isNotEqualTo(MachineListing.unique(VirtualPath.ROOT.resolve("/docs/b.txt")));
        // an entry listed in its directory has the token of its own path
        assertThat(MachineListing.child(VirtualPath.ROOT.resolve("/docs"), "a.txt")).isEqualTo(a);
        assertThat(MachineListing.child(VirtualPath.ROOT, "a.txt")).isEqualTo(VirtualPath.ROOT.resolve("a.txt"));
    }

    @Test
    void featureStarsTheSelectedFacts() {
        assertThat(MachineListing.feature(MachineListing.ALL_FACTS)).isEqualTo("MLST type*;size*;modify*;perm*;unique*;");
        assertThat(MachineListing.feature(EnumSet.of(MachineListing.Fact.SIZE))).isEqualTo("MLST type;size*;modify;perm;unique;");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "type;size;             | type;size;",
            "Size;TYPE;             | type;size;",
            "modify;unix.mode;perm; | modify;perm;",
            "''                     | ''",
            "unique                 | unique;"})
    void optsSelectionIgnoresCaseOrderAndUnknownFacts(String asked, String selected) {
        assertThat(MachineListing.selection(MachineListing.parseSelection(asked))).isEqualTo(selected);
    }
}
