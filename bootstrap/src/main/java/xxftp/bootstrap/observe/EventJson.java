package xxftp.bootstrap.observe;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link HookEvent} as a hook URL receives it (JSON, one object) and as a hook command does
 * (environment variables). Absent values are left out, never empty strings or nulls.
 */
final class EventJson {

    private static final JsonFactory JSON = new JsonFactory();

    private EventJson() {}

    static String of(HookEvent event) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeNumberField("version", HookEvent.VERSION);
            json.writeStringField("event", event.event());
            json.writeStringField("id", event.id());
            json.writeStringField("time", event.time().toString());
            json.writeNumberField("session", event.session());
            optional(json, "user", event.user());
            json.writeStringField("remote", event.remote());
            optional(json, "path", event.path());
            optional(json, "from", event.from());
            if (event.bytes().isPresent()) {
                json.writeNumberField("bytes", event.bytes().getAsLong());
            }
            optional(json, "sha256", event.sha256());
            if (event.bucket().isPresent()) {
                json.writeObjectFieldStart("s3");
                json.writeStringField("bucket", event.bucket().get());
                optional(json, "key", event.key());
                json.writeEndObject();
            }
            optional(json, "file", event.file());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to a string", e);
        }
        return text.toString();
    }

    /** XXFTP_EVENT, XXFTP_USER, XXFTP_PATH, XXFTP_BYTES, XXFTP_REMOTE, ...: the same values, for a command. */
    static Map<String, String> environment(HookEvent event) {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("XXFTP_EVENT_VERSION", Integer.toString(HookEvent.VERSION));
        variables.put("XXFTP_EVENT", event.event());
        variables.put("XXFTP_EVENT_ID", event.id());
        variables.put("XXFTP_TIME", event.time().toString());
        variables.put("XXFTP_SESSION", Long.toString(event.session()));
        event.user().ifPresent(user -> variables.put("XXFTP_USER", user));
        variables.put("XXFTP_REMOTE", event.remote());
        event.path().ifPresent(path -> variables.put("XXFTP_PATH", path));
        event.from().ifPresent(from -> variables.put("XXFTP_FROM", from));
        event.bytes().ifPresent(bytes -> variables.put("XXFTP_BYTES", Long.toString(bytes)));
        event.sha256().ifPresent(hash -> variables.put("XXFTP_SHA256", hash));
        event.bucket().ifPresent(bucket -> variables.put("XXFTP_S3_BUCKET", bucket));
        event.key().ifPresent(key -> variables.put("XXFTP_S3_KEY", key));
        event.file().ifPresent(file -> variables.put("XXFTP_FILE", file));
        return variables;
    }

    private static void optional(JsonGenerator json, String name, Optional<String> value) throws IOException {
        if (value.isPresent()) {
            json.writeStringField(name, value.get());
        }
    }
}
