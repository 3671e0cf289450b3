package xxftp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xxftp.domain.tree.PasswordHash;

/** The admin commands through the real command line, on a local tree. */
class AdminCommandsTest {

    @TempDir
    Path root;

    private final InProcessMain main = new InProcessMain();

    private int run(String stdin, String... words) {
        List<String> args = new ArrayList<>(List.of(words));
        args.addAll(List.of("--root", root.toString()));
        return runExactly(stdin, args);
    }

    private int runExactly(String stdin, List<String> args) {
        main.reset();
        return main.run(stdin, args);
    }

    private String output() {
        return main.out();
    }

    private String errors() {
        return main.err();
    }

    @Test
    void aSessionOfUserMountAndQuotaCommands() throws Exception {
        assertThat(run("s3cret\n", "user", "add", "alice", "--password-stdin", "--permission", "read,write", "--quota", "1000"))
                .as(errors()).isZero();
        assertThat(Files.readString(root.resolve("alice/.xxftp/permission"))).isEqualTo("read,write\n");
        assertThat(Files.readString(root.resolve("alice/.xxftp/size"))).isEqualTo("1000\n");
        assertThat(PasswordHash.matches(Files.readString(root.resolve("alice/.xxftp/password")), "s3cret")).isTrue();
        assertThat(run("", "user", "add", "bob")).isZero();

        assertThat(run("", "user", "list")).isZero();
        assertThat(output().lines().toList()).hasSize(3);
        assertThat(output().lines().skip(1).map(line -> List.of(line.trim().split("\\s+"))).toList()).containsExactly(
                List.of("alice", "yes", "read,write", "1000", String.valueOf(Files.size(root.resolve("alice/.xxftp/password")) + 5 + 11)),
                List.of("bob", "no", "read,write,modify", "-", "0"));

        Files.createDirectories(root.resolve("shared"));
        assertThat(run("", "mount", "add", "alice", "pub", "$root/shared", "read")).as(errors()).isZero();
        assertThat(Files.readString(root.resolve("alice/.xxftp/virtual"))).isEqualTo("pub $root/shared read\n");
        assertThat(run("", "mount", "list")).isZero();
        assertThat(output()).isEqualTo("alice pub $root/shared read\n");
        assertThat(run("", "mount", "add", "alice", "gone", "$root/nowhere", "read")).isEqualTo(Main.EXIT_FAILURE);
        assertThat(errors()).startsWith("xxftp: ").contains("nowhere");
        assertThat(run("", "mount", "add", "alice", "x", "$root/shared", "read,all")).isEqualTo(Main.EXIT_USAGE);
        assertThat(run("", "mount", "remove", "alice", "pub")).isZero();
        assertThat(Files.readString(root.resolve("alice/.xxftp/virtual"))).isEmpty();

        assertThat(run("", "quota", "set", "bob", "2048")).isZero();
        Files.write(root.resolve("bob/f"), new byte[48]);
        assertThat(run("", "quota", "show", "bob")).isZero();
        assertThat(output().lines().skip(1).findFirst().orElseThrow().trim().split("\\s+"))
                .containsExactly("bob", "2048", "53", "1995");

        Files.writeString(root.resolve("alice/doc.txt"), "keep me");
        assertThat(run("", "user", "remove", "alice")).isEqualTo(Main.EXIT_FAILURE);
        assertThat(root.resolve("alice/doc.txt")).exists();
        assertThat(run("", "user", "remove", "alice", "--with-files")).isZero();
        assertThat(root.resolve("alice")).doesNotExist();
    }

    @Test
    void checkReportsEachProblemAndExitsOne() throws Exception {
        assertThat(run("", "user", "add", "alice")).isZero();
        assertThat(run("", "check")).as(output()).isZero();
        assertThat(output()).startsWith("No problems in ");

        Files.createDirectories(root.resolve("alice/.xxftp"));
        Files.writeString(root.resolve("alice/.xxftp/size"), "ten\n");
        Files.writeString(root.resolve("alice/.xxftp/virtual"), "pub $root/nowhere read\n");
        assertThat(run("", "check")).isEqualTo(Main.EXIT_FAILURE);
        assertThat(output().lines().toList()).containsExactly(
                "alice/.xxftp/size:1: 'ten' is not a byte count (a whole number, 0 for no limit)",
                "alice/.xxftp/virtual:1: target '$root/nowhere' is not an existing directory",
                "2 problems in " + root.toAbsolutePath() + ".");
    }

    @Test
    void aGroupAloneShowsItsCommands() {
        assertThat(runExactly("", List.of("user"))).isEqualTo(Main.EXIT_USAGE);
        assertThat(errors()).contains("add", "list", "remove");
    }
}
