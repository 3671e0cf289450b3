package xxftp.bootstrap;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * The configuration file: YAML whose keys are the flags' names without the dashes. A group
 * nests one level of a name: {@code tls: {cert: F}} is {@code tls-cert: F}, the flag
 * {@code --tls-cert}. A list is a comma list, or one flag per item for a flag given again and
 * again ({@code --hook-command}). Read with Jackson's YAML streaming parser, which
 * knows the line of every key, so an error can name it.
 */
final class ConfigFile {

    /**
     * One setting of the file: a flag's name (without "--"), its value as text, and its line;
     * a list's items too.
     */
    record Entry(String key, String value, int line, List<String> items) {}

    private ConfigFile() {}

    static List<Entry> read(Path file) {
        try (JsonParser parser = new YAMLFactory().createParser(Files.newBufferedReader(file))) {
            List<Entry> entries = new ArrayList<>();
            JsonToken first = parser.nextToken();
            if (first == null) {
                return entries;
            }
            if (first != JsonToken.START_OBJECT) {
                throw error(file, parser.currentLocation(), "the file must be a map of settings (key: value)");
            }
            readMap(file, parser, "", entries);
            return entries;
        } catch (NoSuchFileException e) {
            throw new UsageError(file + ": no such file");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            // SnakeYAML's own message spans lines (it draws the place); its problem is one line
            String problem = e.getCause() instanceof MarkedYAMLException marked
                    ? marked.getContext() + ", " + marked.getProblem()
                    : e.getOriginalMessage().lines().findFirst().orElse("");
            throw new UsageError(file + ":" + (at == null ? "?" : at.getLineNr()) + ": not valid YAML: " + problem);
        } catch (IOException e) {
            throw new UsageError(file + ": can't be read: " + e.getMessage());
        }
    }

    private static void readMap(Path file, JsonParser parser, String prefix, List<Entry> entries) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = prefix + parser.currentName();
            int line = parser.currentLocation().getLineNr();
            JsonToken value = parser.nextToken();
            switch (value) {
                case START_OBJECT -> readMap(file, parser, key + "-", entries);
                case START_ARRAY -> {
                    List<String> items = readList(file, parser, key);
                    entries.add(new Entry(key, String.join(",", items), line, items));
                }
                case VALUE_NULL -> throw error(file, line, "'" + key + "' has no value");
                default -> entries.add(new Entry(key, parser.getText(), line, List.of(parser.getText())));
            }
        }
    }

    private static List<String> readList(Path file, JsonParser parser, String key) throws IOException {
        List<String> items = new ArrayList<>();
        JsonToken item;
        while ((item = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (item.isStructStart() || item == JsonToken.VALUE_NULL) {
                throw error(file, parser.currentLocation(), "'" + key + "' must be a list of plain values");
            }
            items.add(parser.getText());
        }
        return items;
    }

    private static UsageError error(Path file, JsonLocation at, String message) {
        return error(file, at.getLineNr(), message);
    }

    private static UsageError error(Path file, int line, String message) {
        return new UsageError(file + ":" + line + ": " + message);
    }
}
