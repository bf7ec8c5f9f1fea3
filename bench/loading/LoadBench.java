import org.hepml.engine.events.io.EventFiles;
import org.hepml.engine.events.io.LoadOptions;
import org.hepml.engine.events.io.LoadedEvents;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Times hepml's LHE loading against the I/O floor (a plain sequential read of the same file).
 * Prints one line: events, bytes, best seconds of hepml's load (of REPEATS, after one warm-up), best seconds
 * of the plain read. Usage: java -cp ENGINE_CLASSPATH LoadBench.java FILE REPEATS
 */
public class LoadBench {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int repeats = Integer.parseInt(args[1]);
        long bytes = Files.size(file);
        double bestRead = Double.MAX_VALUE, bestLoad = Double.MAX_VALUE;
        int events = 0;
        for (int r = 0; r <= repeats; r++) {
            long t0 = System.nanoTime();
            long sum = 0;
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buf = new byte[1 << 20];
                for (int n; (n = in.read(buf)) > 0; ) sum += buf[n - 1]; // touch the data so the read is not elided
            }
            double read = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            LoadedEvents ev = EventFiles.load(file, LoadOptions.defaults());
            double load = (System.nanoTime() - t0) / 1e9;
            events = ev.size();
            if (r > 0) { // the first round warms up the JIT
                bestRead = Math.min(bestRead, read);
                bestLoad = Math.min(bestLoad, load);
            }
            if (sum == 42) System.out.print("");
        }
        System.out.printf(java.util.Locale.ROOT, "%d %d %.6f %.6f%n", events, bytes, bestLoad, bestRead);
    }
}
