import org.hepml.engine.events.FourMomenta;
import org.hepml.engine.events.ParticleEvents;
import org.hepml.engine.events.sim.TopQcdJets;

/**
 * The memory figure of issue 18: 10^6 jets with up to 100 constituents each as jagged columns (FourMomenta: offsets
 * plus px, py, pz, E as flat double arrays) in the JVM's default heap. Run in a JVM without -Xmx (the default heap is
 * a quarter of the machine's memory). Prints one JSON line:
 *  - worst case: every jet with exactly 100 constituents (10^8 particles), the heap used after a GC;
 *  - the simulator: 10^6 TopQcdJets jets at their default settings, the heap used after a GC, the largest and mean
 *    multiplicity, and the wall time.
 */
public class MemoryFigure {
    public static void main(String[] args) {
        Runtime rt = Runtime.getRuntime();
        int jets = 1_000_000, k = 100;
        long before = used(rt);
        int[] off = new int[jets + 1];
        for (int i = 0; i < jets; i++) off[i + 1] = off[i] + k;
        FourMomenta full = new FourMomenta(off, new double[jets * k], new double[jets * k], new double[jets * k], new double[jets * k]);
        long worst = used(rt) - before;
        System.err.println("worst case " + full + ": " + worst / 1e9 + " GB");
        full = null;
        off = null;
        before = used(rt);
        long t0 = System.nanoTime();
        ParticleEvents sim = new TopQcdJets().seed(1).generate("memory", jets);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long simulated = used(rt) - before;
        int max = 0;
        for (int i = 0; i < jets; i++) max = Math.max(max, sim.particles().count(i));
        System.err.println("simulated " + sim + ": " + simulated / 1e9 + " GB in " + seconds + " s");
        System.out.printf(java.util.Locale.ROOT, "{\"max_heap_gb\": %.2f, \"worst_case_jets\": %d, \"worst_case_constituents\": %d, \"worst_case_heap_gb\": %.3f,"
                        + " \"simulated_jets\": %d, \"simulated_particles\": %d, \"simulated_max_constituents\": %d, \"simulated_heap_gb\": %.3f,"
                        + " \"simulated_seconds\": %.1f}%n", rt.maxMemory() / 1e9, jets, k, worst / 1e9, jets, sim.particles().particles(), max,
                simulated / 1e9, seconds);
    }

    static long used(Runtime rt) {
        for (int i = 0; i < 3; i++) System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }
}
