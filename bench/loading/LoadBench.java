import org.hepml.engine.events.io.EventFiles;
import org.hepml.engine.events.io.LoadOptions;
import org.hepml.engine.events.io.LoadedEvents;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Times hepml's loading of an event file into columns (the events table and the particles), REPEATS + 1 times in
 * this JVM: load 0 is the cold one (a fresh JVM: classes loaded, code not yet compiled), the others warm.
 * Prints one line per load: "load K WALL_S CPU_S EVENTS BYTES", where CPU_S is the CPU time of the whole process
 * during the load (parsing threads, the inflating thread, the JIT compiler and the garbage collector included).
 * Only the public API is used, so the same source runs against an earlier commit's classes (compare.sh).
 * Usage: java -cp ENGINE_CLASSPATH LoadBench.java FILE REPEATS
 */
public class LoadBench {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int repeats = Integer.parseInt(args[1]);
        long bytes = Files.size(file);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int r = 0; r <= repeats; r++) {
            long cpu0 = os.getProcessCpuTime(), t0 = System.nanoTime();
            LoadedEvents ev = EventFiles.load(file, LoadOptions.defaults());
            double wall = (System.nanoTime() - t0) / 1e9, cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            System.out.printf(java.util.Locale.ROOT, "load %d %.6f %.6f %d %d%n", r, wall, cpu, ev.size(), bytes);
        }
    }
}
