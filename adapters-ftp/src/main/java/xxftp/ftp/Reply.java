package xxftp.ftp;

import java.util.List;

/**
 * One reply: a code and one or more lines of text. Multi-line replies follow RFC 959 4.2:
 * "123-first", inner lines, "123 last"; an inner line that itself starts with three digits
 * is indented so no client mistakes it for the end.
 */
public record Reply(int code, List<String> lines) {

    public Reply {
        if (code < 100 || code > 599) {
            throw new IllegalArgumentException("reply code " + code);
        }
        lines = lines.isEmpty() ? List.of("") : lines.stream().map(Reply::clean).toList();
    }

    public static Reply of(int code, String text) {
        return new Reply(code, text.lines().toList());
    }

    public String format() {
        if (lines.size() == 1) {
            return code + " " + lines.getFirst() + "\r\n";
        }
        StringBuilder out = new StringBuilder();
        out.append(code).append('-').append(lines.getFirst()).append("\r\n");
        for (String line : lines.subList(1, lines.size() - 1)) {
            out.append(line.length() >= 3 && Character.isDigit(line.charAt(0)) ? " " + line : line).append("\r\n");
        }
        return out.append(code).append(' ').append(lines.getLast()).append("\r\n").toString();
    }

    /** No CR or LF may reach the wire inside a line: they would forge a reply. */
    private static String clean(String line) {
        return line.replace('\r', ' ').replace('\n', ' ');
    }
}
