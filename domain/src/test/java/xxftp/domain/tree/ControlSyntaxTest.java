package xxftp.domain.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import xxftp.domain.model.Permission;

class ControlSyntaxTest {

    @Test
    void aMountLineParsesAndFormatsBack() throws Exception {
        ControlSyntax.MountLine line = ControlSyntax.mountLine("  pub \t $root/shared  write,read ").orElseThrow();
        assertThat(line).isEqualTo(new ControlSyntax.MountLine("pub", "$root/shared", Set.of(Permission.READ, Permission.WRITE)));
        assertThat(line.format()).isEqualTo("pub $root/shared read,write");
        assertThat(ControlSyntax.mountLine("# comment")).isEmpty();
        assertThat(ControlSyntax.mountLine("   ")).isEmpty();
    }

    /** The first two were found by TreeFuzzTest: a rights field of only a NUL or a comma granted nothing yet parsed. */
    @ParameterizedTest
    @ValueSource(strings = {"' # \u0000", "a $root/x ,", "a $root/x", "a b c d", ".xxftp $root/x read", "a/b $root/x read",
            "a $root/x reed"})
    void malformedMountLinesAreRefusedWithAReason(String line) {
        assertThatThrownBy(() -> ControlSyntax.mountLine(line)).isInstanceOf(ControlSyntax.Malformed.class)
                .hasMessageNotContaining("null");
    }

    @Test
    void sizesAreWholeNonNegativeNumbers() throws Exception {
        assertThat(ControlSyntax.sizeLimit(" 100 ")).isEqualTo(100);
        assertThat(ControlSyntax.sizeLimit("0")).isZero();
        for (String bad : new String[] {"-1", "1e6", "", "ten", "99999999999999999999"}) {
            assertThatThrownBy(() -> ControlSyntax.sizeLimit(bad)).as(bad).isInstanceOf(ControlSyntax.Malformed.class);
        }
    }

    @Test
    void passwordFilesMustBeAKnownForm() throws Exception {
        ControlSyntax.password(PasswordHash.legacyMd5("x"));
        ControlSyntax.password(PasswordHash.create("x") + "\n");
        assertThatThrownBy(() -> ControlSyntax.password("secret")).isInstanceOf(ControlSyntax.Malformed.class);
        assertThatThrownBy(() -> ControlSyntax.password("$2b$10$abc")).isInstanceOf(ControlSyntax.Malformed.class);
    }
}
