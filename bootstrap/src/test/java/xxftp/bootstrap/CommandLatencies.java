package xxftp.bootstrap;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.net.ftp.FTPClient;

/**
 * How long the commands of a browsing and uploading session take, one client and one after
 * another: on S3 each is a few requests, and through the relay each request a round trip
 * (20 ms), so this shows what the requests per command cost a client. Medians and 90th
 * percentiles of {@link #ROUNDS} rounds, in a folder of its own that stays behind.
 */
final class CommandLatencies {

    private static final int ROUNDS = 30;

    private interface Command {
        void run(FTPClient ftp, String folder) throws Exception;
    }

    private CommandLatencies() {}

    /** {@code ftp} logged in; prints one line a command. */
    static void print(FTPClient ftp, String label) throws Exception {
        Map<String, Command> commands = new LinkedHashMap<>();
        commands.put("MKD", (client, folder) -> client.makeDirectory(folder));
        commands.put("CWD", (client, folder) -> client.changeWorkingDirectory(folder));
        commands.put("STOR 1 KiB", (client, folder) -> client.storeFile("f.txt", new ByteArrayInputStream(new byte[1024])));
        commands.put("LIST", (client, folder) -> client.listFiles());
        commands.put("SIZE", (client, folder) -> client.getSize("f.txt"));
        commands.put("RETR 1 KiB", (client, folder) -> client.retrieveFile("f.txt", OutputStream.nullOutputStream()));
        commands.put("CDUP", (client, folder) -> client.changeToParentDirectory());
        String top = "latency-" + System.nanoTime();
        ftp.makeDirectory(top);
        ftp.changeWorkingDirectory(top);
        Map<String, List<Long>> micros = new LinkedHashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            String folder = "d" + round;
            for (Map.Entry<String, Command> command : commands.entrySet()) {
                long start = System.nanoTime();
                command.getValue().run(ftp, folder);
                micros.computeIfAbsent(command.getKey(), key -> new ArrayList<>()).add((System.nanoTime() - start) / 1_000);
            }
        }
        System.out.printf("%s, ms (median / 90th percentile of %d):", label, ROUNDS);
        micros.forEach((command, taken) -> {
            List<Long> sorted = taken.stream().sorted().toList();
            System.out.printf("  %s %.0f / %.0f", command, sorted.get(sorted.size() / 2) / 1e3, sorted.get(sorted.size() * 9 / 10) / 1e3);
        });
        System.out.println();
    }
}
