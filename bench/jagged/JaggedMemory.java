import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.JaggedColumn;
import org.hepml.engine.events.io.EventFiles;
import org.hepml.engine.events.io.LoadOptions;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The memory figure of issue 18 for jagged columns in a Dataset, run in a JVM with the default heap (no -Xmx: a quarter
 * of the machine's memory). Prints one JSON line:
 *  - worst case: 10^6 jets x 100 constituents x 4 features as a Dataset's jagged columns (one shared offsets array,
 *    four flat double arrays) plus a label column; heap after a GC and bytes per constituent;
 *  - loaded: the padded HDF5 file FILE ([N, M, 4] float32, zero padded; bench/jagged/make_padded.py) through
 *    EventFiles.load (the %events load path): the peak heap while loading (the float32 array jHDF reads plus the jagged
 *    result), the heap the loaded Dataset keeps, its constituents, and the wall time.
 * Usage: java -cp CLASSES JaggedMemory.java FILE
 */
public class JaggedMemory {
    public static void main(String[] args) {
        Runtime rt = Runtime.getRuntime();
        int jets = 1_000_000, k = 100;
        long before = used(rt);
        int[] off = new int[jets + 1];
        for (int i = 0; i < jets; i++) off[i + 1] = off[i] + k;
        Dataset.Builder b = Dataset.builder("worst").column("y", new double[jets]);
        for (String f : new String[]{"pt", "eta", "phi", "e"}) b.jagged(new JaggedColumn(f, off, new double[jets * k]));
        Dataset worst = b.build();
        long worstBytes = used(rt) - before;
        System.err.println(worst + ": " + worstBytes / 1e9 + " GB");
        worst = null;
        b = null;
        off = null;

        before = used(rt);
        Peak peak = new Peak(rt);
        peak.start();
        long t0 = System.nanoTime();
        Dataset loaded = EventFiles.load(Path.of(args[0]), LoadOptions.defaults()).events();
        double seconds = (System.nanoTime() - t0) / 1e9;
        peak.stop = true;
        long kept = used(rt) - before;
        long constituents = loaded.jagged("pt").values().length;
        System.err.println(loaded + ": " + constituents + " constituents, kept " + kept / 1e9 + " GB, peak " + (peak.max - before) / 1e9 + " GB");
        System.out.printf(Locale.ROOT, "{\"max_heap_gb\": %.2f, \"worst_case_jets\": %d, \"worst_case_constituents\": %d, \"worst_case_heap_gb\": %.3f,"
                        + " \"worst_case_bytes_per_constituent\": %.2f, \"loaded_jets\": %d, \"loaded_constituents\": %d, \"loaded_heap_gb\": %.3f,"
                        + " \"loaded_bytes_per_constituent\": %.2f, \"loading_peak_heap_gb\": %.3f, \"loading_seconds\": %.1f}%n",
                rt.maxMemory() / 1e9, jets, k, worstBytes / 1e9, worstBytes / (double) (jets * (long) k), loaded.size(), constituents,
                kept / 1e9, kept / (double) constituents, (peak.max - before) / 1e9, seconds);
    }

    /** Samples the heap in use every 20 ms (an upper bound on the live data: garbage not yet collected counts too). */
    static final class Peak extends Thread {
        final Runtime rt;
        volatile boolean stop;
        volatile long max;

        Peak(Runtime rt) {
            this.rt = rt;
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!stop) {
                max = Math.max(max, rt.totalMemory() - rt.freeMemory());
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    static long used(Runtime rt) {
        for (int i = 0; i < 3; i++) System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }
}
