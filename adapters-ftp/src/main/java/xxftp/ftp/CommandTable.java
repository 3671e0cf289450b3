package xxftp.ftp;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Every verb the server knows, each a {@link Command} row contributed by a family of handlers. */
final class CommandTable {

    private final Map<String, Command> rows = new LinkedHashMap<>();

    CommandTable(List<List<Command>> families) {
        for (List<Command> family : families) {
            for (Command command : family) {
                if (rows.putIfAbsent(command.verb(), command) != null) {
                    throw new IllegalStateException("two rows for " + command.verb());
                }
            }
        }
    }

    static CommandTable standard() {
        return new CommandTable(List.of(
                AccessCommands.rows(),
                SecurityCommands.rows(),
                InfoCommands.rows(),
                ParameterCommands.rows(),
                DataPortCommands.rows(),
                DirectoryCommands.rows(),
                FileCommands.rows(),
                TransferCommands.rows(),
                ListingCommands.rows(),
                IntegrityCommands.rows()));
    }

    Optional<Command> find(String verb) {
        return Optional.ofNullable(rows.get(verb.toUpperCase(Locale.ROOT)));
    }

    Collection<Command> all() {
        return rows.values();
    }
}
