package xxftp.bootstrap;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every setting has one name in three places: the flag {@code --max-connections-per-ip}, the
 * file key {@code max-connections-per-ip} and the environment variable
 * {@code XXFTP_MAX_CONNECTIONS_PER_IP}. A flag beats the environment, which beats the file, which
 * beats the default: the file's and the environment's settings become flags placed before the
 * command line's, and picocli keeps the last of each.
 */
final class SettingSources {

    static final String CONFIG_FLAG = "--config";
    static final String ENV_PREFIX = "XXFTP_";

    /** Where a value came from, for errors and {@code --print-config}. */
    record Source(String text) {
        static final Source DEFAULT = new Source("default");
        static final Source COMMAND_LINE = new Source("command line");
    }

    private record Layered(String option, String value, Source source) {}

    private final List<Layered> layered = new ArrayList<>();
    private final Map<String, Source> lastSource = new HashMap<>();
    private final List<String> arguments = new ArrayList<>();
    private Supplier<Object> reparse;

    private SettingSources() {}

    /**
     * The arguments to parse for {@code command}: the file's settings that name its options,
     * then the environment's, then the command line's. A file key that names no option of any
     * command is an error with the file and line.
     */
    static SettingSources layer(CommandSpec command, Set<String> everyOption, List<String> commandLine,
                                Map<String, String> environment) {
        SettingSources sources = new SettingSources();
        Optional<Path> file = configFile(commandLine, environment);
        if (file.isPresent() && command.findOption(CONFIG_FLAG) != null) {
            for (ConfigFile.Entry entry : ConfigFile.read(file.get())) {
                String option = "--" + entry.key();
                if (!everyOption.contains(option) || option.equals(CONFIG_FLAG)) {
                    throw new UsageError(file.get() + ":" + entry.line() + ": unknown key '" + entry.key() + "'");
                }
                OptionSpec spec = command.findOption(option);
                if (spec != null) {
                    Source source = new Source(file.get() + ":" + entry.line());
                    // a flag that may be given again and again takes a list's items one by one
                    for (String value : spec.isMultiValue() ? entry.items() : List.of(entry.value())) {
                        sources.add(option, value, source);
                    }
                }
            }
        }
        for (OptionSpec option : command.options()) {
            String value = environment.get(environmentName(option.longestName()));
            if (value != null && !option.usageHelp() && !option.versionHelp()) {
                sources.add(option.longestName(), value, new Source("environment " + environmentName(option.longestName())));
            }
        }
        for (String argument : commandLine) {
            sources.arguments.add(argument);
            if (argument.startsWith("--")) {
                int equals = argument.indexOf('=');
                sources.lastSource.put(equals < 0 ? argument : argument.substring(0, equals), Source.COMMAND_LINE);
            }
        }
        return sources;
    }

    /** {@code --max-connections-per-ip} is read from {@code XXFTP_MAX_CONNECTIONS_PER_IP}. */
    static String environmentName(String option) {
        return ENV_PREFIX + option.replaceFirst("^--", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    private static Optional<Path> configFile(List<String> commandLine, Map<String, String> environment) {
        for (int i = 0; i < commandLine.size(); i++) {
            String argument = commandLine.get(i);
            if (argument.equals(CONFIG_FLAG) && i + 1 < commandLine.size()) {
                return Optional.of(Path.of(commandLine.get(i + 1)));
            }
            if (argument.startsWith(CONFIG_FLAG + "=")) {
                return Optional.of(Path.of(argument.substring(CONFIG_FLAG.length() + 1)));
            }
        }
        return Optional.ofNullable(environment.get(environmentName(CONFIG_FLAG))).map(Path::of);
    }

    private void add(String option, String value, Source source) {
        layered.add(new Layered(option, value, source));
        lastSource.put(option, source);
        arguments.add(option + "=" + value);
    }

    void reparsedBy(Supplier<Object> parser) {
        reparse = parser;
    }

    /** The command object parsed again from the same command line, the file and the environment read anew. */
    Object reparse() {
        return reparse.get();
    }

    String[] arguments() {
        return arguments.toArray(String[]::new);
    }

    /** Where the option's value came from. */
    Source sourceOf(String option) {
        return lastSource.getOrDefault(option, Source.DEFAULT);
    }

    /**
     * Says where a bad value came from: picocli names the option and the value; if the file or
     * the environment gave that value, the message starts with that source.
     */
    String explain(CommandLine.ParameterException problem) {
        if (problem.getArgSpec() instanceof OptionSpec option) {
            for (Layered setting : layered) {
                if (setting.option().equals(option.longestName()) && setting.value().equals(problem.getValue())) {
                    return setting.source().text() + ": " + option.longestName().substring(2) + ": " + problem.getMessage();
                }
            }
        }
        return problem.getMessage();
    }

    /** Prefixes a semantic error about an option with where its value came from. */
    String explain(UsageError problem) {
        return problem.option()
                .map(option -> sourceOf(option))
                .filter(source -> source != Source.COMMAND_LINE && source != Source.DEFAULT)
                .map(source -> source.text() + ": " + problem.getMessage())
                .orElse(problem.getMessage());
    }

    /** The effective settings, one a line, with their sources; secrets masked. */
    static Map<String, String> effective(CommandSpec command, SettingSources sources) {
        Map<String, String> lines = new LinkedHashMap<>();
        for (OptionSpec option : command.options()) {
            if (option.usageHelp() || option.versionHelp() || option.longestName().equals("--print-config")) {
                continue;
            }
            Object value = option.getValue();
            String shown = value == null ? "(none)" : isSecret(option.longestName()) ? "********" : String.valueOf(value);
            lines.put(option.longestName().substring(2), shown + "    (" + sources.sourceOf(option.longestName()).text() + ")");
        }
        return lines;
    }

    static boolean isSecret(String option) {
        return option.endsWith("-password") || option.endsWith("-secret");
    }
}
