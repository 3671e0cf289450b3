package xxftp.dist;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** curl as an FTP client of the distribution's server, with no ~/.curlrc or ~/.netrc of the developer's. */
final class Curl {

    private final Path home;

    Curl(Path home) {
        this.home = home;
    }

    /** {@code curl [OPTIONS] -T file URL}: stores the file under the URL's folder, by its own name. */
    Programs.Result upload(Path file, String url, String... options) {
        return curl(List.of(options), List.of("-T", file.toString(), url));
    }

    /** {@code curl [OPTIONS] -o file URL}. */
    Programs.Result download(String url, Path file, String... options) {
        return curl(List.of(options), List.of("-o", file.toString(), url));
    }

    private Programs.Result curl(List<String> options, List<String> transfer) {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "60"));
        command.addAll(options);
        command.addAll(transfer);
        return Programs.run(command, Map.of("PATH", "/usr/bin:/bin", "HOME", home.toString()), home, "");
    }
}
