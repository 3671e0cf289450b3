package xxftp.bootstrap.observe;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code --hook-command EVENT=COMMAND} or {@code --hook-url EVENT=URL}: what runs for which
 * event ({@code *}: every one).
 */
public record Hook(String event, Action action) {

    /** What a hook does with an event. */
    public sealed interface Action {
        /** A program and its arguments, run without a shell (a hook that wants one runs {@code sh -c '...'}). */
        record Command(List<String> argv) implements Action {
            public Command {
                argv = List.copyOf(argv);
            }
        }

        /** A URL the event is POSTed to as JSON. */
        record Url(URI uri) implements Action {}
    }

    public Hook {
        if (!event.equals("*") && !HookEvent.NAMES.contains(event)) {
            throw new IllegalArgumentException("unknown event '" + event + "' (one of " + String.join(", ", HookEvent.NAMES) + ", or *)");
        }
    }

    boolean wants(String name) {
        return event.equals("*") || event.equals(name);
    }

    /** {@code EVENT=COMMAND}: the command's words split at blanks, '...' and "..." keep blanks (no other shell syntax). */
    public static Hook command(String setting) {
        String[] parts = split(setting);
        List<String> argv = words(parts[1]);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("no command after '" + parts[0] + "='");
        }
        return new Hook(parts[0], new Action.Command(argv));
    }

    /** {@code EVENT=URL}, an http or https URL. */
    public static Hook url(String setting) {
        String[] parts = split(setting);
        URI uri;
        try {
            uri = URI.create(parts[1].strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + parts[1] + "' is not a URL");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("'" + parts[1] + "' is not an http or https URL");
        }
        return new Hook(parts[0], new Action.Url(uri));
    }

    private static String[] split(String setting) {
        int equals = setting.indexOf('=');
        if (equals <= 0) {
            throw new IllegalArgumentException("must look like EVENT=..., not '" + setting + "'");
        }
        return new String[] {setting.substring(0, equals).strip(), setting.substring(equals + 1)};
    }

    static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (char c : command.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unclosed " + quote + " in '" + command + "'");
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }
}
