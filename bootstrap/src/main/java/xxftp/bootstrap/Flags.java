package xxftp.bootstrap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** "--name value" and "--name=value" flags plus positional words, checked against the known names. */
final class Flags {

    private final Map<String, String> values = new HashMap<>();
    private final List<String> positional = new ArrayList<>();

    private Flags() {}

    /** Parses args; {@code switches} are flags without a value. */
    static Flags parse(List<String> args, Set<String> valued, Set<String> switches) {
        Flags flags = new Flags();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                flags.positional.add(arg);
                continue;
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
            if (switches.contains(name) && equals < 0) {
                flags.values.put(name, "true");
            } else if (valued.contains(name)) {
                String value;
                if (equals >= 0) {
                    value = arg.substring(equals + 1);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new UsageError("--" + name + " needs a value");
                }
                if (flags.values.put(name, value) != null) {
                    throw new UsageError("--" + name + " given twice");
                }
            } else {
                throw new UsageError("unknown option --" + name);
            }
        }
        return flags;
    }

    Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    boolean isSet(String name) {
        return values.containsKey(name);
    }

    List<String> positional() {
        return positional;
    }

    int intValue(String name, int fallback, int min, int max) {
        return value(name).map(text -> {
            try {
                int number = Integer.parseInt(text);
                if (number < min || number > max) {
                    throw new UsageError("--" + name + " must be between " + min + " and " + max);
                }
                return number;
            } catch (NumberFormatException e) {
                throw new UsageError("--" + name + " must be a whole number, not '" + text + "'");
            }
        }).orElse(fallback);
    }
}
