package xxftp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xxftp.domain.model.Location;
import xxftp.domain.model.StorageKey;

class UriBackendsTest {

    private final UriBackends backends = new UriBackends(
            new StorageOptions.S3Access(Optional.empty(), Optional.empty(), false),
            new Stores(settings -> { throw new AssertionError("no bucket in this test"); }));

    @Test
    void aTargetThatFailedOnceOpensWhenItAppears(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("later");
        URI target = folder.toUri();
        assertThat(backends.open(target)).isEmpty();
        assertThat(backends.open(target)).isEmpty();

        Files.createDirectory(folder);
        Files.writeString(folder.resolve("f"), "bytes");

        Optional<Location> opened = backends.open(target);
        assertThat(opened).isPresent();
        assertThat(opened.get().storage().stat(StorageKey.parse("f")).size()).isEqualTo(5);
        // one storage per target, so a quota scope on it is shared by every mount naming it
        assertThat(backends.open(target).get().storage()).isSameAs(opened.get().storage());
    }

    @Test
    void anUnknownSchemeOpensNothing() {
        assertThat(backends.open(URI.create("gopher://host/x"))).isEmpty();
    }
}
