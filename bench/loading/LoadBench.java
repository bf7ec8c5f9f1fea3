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
 * Before them, "init tablesaw WALL_S CPU_S": the first use of Tablesaw's Table, whose class initialisation scans the
 * whole class path for readers and writers (about a second here); timed on its own so that the cold load is the
 * reader's own, and done in any notebook session before its first load.
 * Only the public API is used, so the same source runs against an earlier commit's classes (compare.sh).
 * Usage: java -cp ENGINE_CLASSPATH LoadBench.java FILE REPEATS
 */
public class LoadBench {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int repeats = Integer.parseInt(args[1]);
        long bytes = Files.size(file);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuInit = os.getProcessCpuTime(), tInit = System.nanoTime();
        tech.tablesaw.api.Table.create("init");
        System.out.printf(java.util.Locale.ROOT, "init tablesaw %.6f %.6f%n", (System.nanoTime() - tInit) / 1e9, (os.getProcessCpuTime() - cpuInit) / 1e9);
        for (int r = 0; r <= repeats; r++) {
            long cpu0 = os.getProcessCpuTime(), t0 = System.nanoTime();
            LoadedEvents ev = EventFiles.load(file, LoadOptions.defaults());
            double wall = (System.nanoTime() - t0) / 1e9, cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            System.out.printf(java.util.Locale.ROOT, "load %d %.6f %.6f %d %d%n", r, wall, cpu, ev.size(), bytes);
        }
    }
}
