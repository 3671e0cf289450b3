package xxftp.bootstrap;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** The child's used heap (young + old), every 100 ms, from jstat -gc. */
final class JstatHeap {

    final Process jstat;
    private final AtomicLong peakKib = new AtomicLong();

    JstatHeap(String java, long pid) throws IOException {
        Path jstatBinary = Path.of(java).resolveSibling("jstat");
        jstat = new ProcessBuilder(jstatBinary.toString(), "-gc", Long.toString(pid), "100").start();
        Thread.ofVirtual().start(this::read);
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(jstat.getInputStream()))) {
            List<String> header = null;
            String line;
            while ((line = lines.readLine()) != null) {
                List<String> fields = Arrays.asList(line.trim().split("\\s+"));
                if (fields.contains("EU")) {
                    header = fields;
                    continue;
                }
                if (header == null || fields.size() != header.size()) {
                    continue;
                }
                double used = 0;
                for (String column : List.of("S0U", "S1U", "EU", "OU")) {
                    used += Double.parseDouble(fields.get(header.indexOf(column)));
                }
                long kib = (long) used;
                peakKib.accumulateAndGet(kib, Math::max);
            }
        } catch (IOException | NumberFormatException e) {
            // the sampler ends with the child
        }
    }

    String peakMiB() {
        return peakKib.get() / 1024 + " MiB";
    }

    void reset() {
        peakKib.set(0);
    }

    void stop() {
        jstat.destroy();
    }
}
