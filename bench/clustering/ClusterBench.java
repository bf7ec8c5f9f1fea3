import org.hepml.engine.events.FourMomenta;
import org.hepml.engine.jets.ClusterSequence;
import org.hepml.engine.jets.JetAlgorithm;
import org.hepml.engine.jets.JetDefinition;
import org.hepml.engine.jets.Jets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * hepml's side of bench/clustering: {@code compare DIR} checks every jet of FastJet's files (jets_<alg>_<R>.txt) against
 * hepml's (same order, identical constituents, four-momenta to 1e-9 relative) and prints one JSON line of counts;
 * {@code time DIR REPEATS} clusters all events REPEATS times per definition after one untimed pass (the JIT) and prints
 * one JSON line: events per CPU-second and per second on one thread, and per second with Jets.cluster on all cores (medians).
 */
public class ClusterBench {
    static final String[] DEFINITIONS = {"antikt_0.4", "kt_0.6", "ca_0.8", "antikt_1.0"};

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[1]);
        FourMomenta events = read(dir);
        StringBuilder json = new StringBuilder("{");
        for (String name : DEFINITIONS) {
            String[] p = name.split("_");
            JetDefinition def = new JetDefinition(JetAlgorithm.parse(p[0]), Double.parseDouble(p[1]));
            if (json.length() > 1) json.append(", ");
            if (args[0].equals("compare")) {
                json.append('"').append(name).append("\": ").append(compare(events, def, Files.readAllLines(dir.resolve("jets_" + name + ".txt"))));
            } else {
                int repeats = Integer.parseInt(args[2]);
                double[] cpu = new double[repeats], wall = new double[repeats], parallel = new double[repeats];
                oneThread(events, def);  // the JIT's warm-up
                Jets.cluster(events, def, 0, Double.POSITIVE_INFINITY);
                for (int r = 0; r < repeats; r++) {
                    long c0 = THREADS.getCurrentThreadCpuTime(), t0 = System.nanoTime();
                    oneThread(events, def);
                    cpu[r] = (THREADS.getCurrentThreadCpuTime() - c0) / 1e9;
                    wall[r] = (System.nanoTime() - t0) / 1e9;
                    t0 = System.nanoTime();
                    Jets.cluster(events, def, 0, Double.POSITIVE_INFINITY);
                    parallel[r] = (System.nanoTime() - t0) / 1e9;
                }
                json.append('"').append(name).append("\": ").append(String.format(java.util.Locale.ROOT,
                        "{\"events_per_cpu_s\": %.1f, \"events_per_s\": %.1f, \"events_per_s_all_cores\": %.1f}",
                        events.events() / median(cpu), events.events() / median(wall), events.events() / median(parallel)));
            }
        }
        System.out.println(json.append('}'));
    }

    static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
    static int sink;

    /** The peer's work on this thread: every event clustered, its inclusive jets and their constituents listed. */
    static void oneThread(FourMomenta events, JetDefinition def) {
        ClusterSequence cs = new ClusterSequence();
        for (int ev = 0; ev < events.events(); ev++) {
            cs.cluster(def, events.px(), events.py(), events.pz(), events.e(), events.first(ev), events.count(ev));
            for (int j : cs.inclusiveJets(0, Double.POSITIVE_INFINITY)) sink += cs.constituents(j).length;
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    static String compare(FourMomenta events, JetDefinition def, List<String> reference) {
        Jets jets = Jets.cluster(events, def, 0, Double.POSITIVE_INFINITY);
        int[] seen = new int[events.events()];
        int identical = 0, different = 0;
        double worst = 0;
        for (String line : reference) {
            if (line.isBlank()) continue;
            String[] f = line.trim().split(" ");
            int ev = Integer.parseInt(f[0]);
            int j = jets.jet(ev, seen[ev]++);
            if (j < 0) {
                different++;
                continue;
            }
            double[] ref = {Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4])};
            double[] got = {jets.px()[j], jets.py()[j], jets.pz()[j], jets.e()[j]};
            double rel = 0;
            for (int k = 0; k < 4; k++) rel = Math.max(rel, Math.abs(got[k] - ref[k]) / ref[3]);
            worst = Math.max(worst, rel);
            int[] cons = Arrays.stream(f, 5, f.length).mapToInt(Integer::parseInt).toArray();
            if (rel <= 1e-9 && Arrays.equals(cons, jets.constituentsOf(j))) identical++;
            else different++;
        }
        int extra = jets.size() - identical - different;
        return String.format(java.util.Locale.ROOT, "{\"jets\": %d, \"identical\": %d, \"different\": %d, \"extra_in_hepml\": %d, \"worst_relative_p4\": %.3g}",
                reference.size(), identical, different, Math.max(0, extra), worst);
    }

    static FourMomenta read(Path dir) throws IOException {
        ByteBuffer p = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("particles.f64"))).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer o = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("offsets.i32"))).order(ByteOrder.LITTLE_ENDIAN);
        int[] off = new int[o.remaining() / 4];
        for (int i = 0; i < off.length; i++) off[i] = o.getInt();
        int n = p.remaining() / 32;
        double[][] c = new double[4][n];
        for (int i = 0; i < n; i++) for (int k = 0; k < 4; k++) c[k][i] = p.getDouble();
        return new FourMomenta(off, c[0], c[1], c[2], c[3]);
    }
}
