package org.hepml.engine.jets;

import org.hepml.engine.Cancelled;
import org.hepml.engine.HepmlException;
import org.hepml.engine.Progress;
import org.hepml.engine.events.FourMomenta;
import org.hepml.engine.events.JaggedColumn;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * The jets of many events, as jagged columns: event {@code i} owns jets {@code jetOffsets[i] .. jetOffsets[i+1]-1},
 * hardest first; jet {@code j} has four-momentum {@code px[j], py[j], pz[j], e[j]} and constituents
 * {@code constituents[constituentOffsets[j] .. constituentOffsets[j+1]-1]}, indices of particles within its event
 * (0 = the event's first particle), ascending. Arrays are shared: read, do not modify.
 */
public record Jets(JetDefinition definition, double ptMin, double yMax, FourMomenta particles, int[] jetOffsets,
                   double[] px, double[] py, double[] pz, double[] e, int[] constituentOffsets, int[] constituents) {
    private static final int CHUNK = 256;

    /**
     * Clusters every event's particles and keeps the inclusive jets with pT >= {@code ptMin} and |y| <= {@code yMax}.
     * Events are clustered in parallel (chunks of events per thread); the result does not depend on the threads.
     */
    public static Jets cluster(FourMomenta particles, JetDefinition definition, double ptMin, double yMax) {
        if (!(ptMin >= 0)) throw new HepmlException("The jets' minimum pT must be >= 0 GeV, got " + ptMin + ".");
        if (!(yMax > 0)) throw new HepmlException("The jets' largest |y| must be > 0, got " + yMax + ".");
        int events = particles.events();
        int chunks = (events + CHUNK - 1) / CHUNK;
        Chunk[] out = new Chunk[chunks];
        AtomicLong done = new AtomicLong();
        ThreadLocal<ClusterSequence> sequences = ThreadLocal.withInitial(ClusterSequence::new);
        Thread caller = Thread.currentThread();  // a kernel interrupt reaches this thread, not the pool's
        try (Progress progress = Progress.start("Clustering " + definition, events, "events")) {
            IntStream.range(0, chunks).parallel().forEach(c -> {
                if (caller.isInterrupted()) throw new Cancelled("Jet clustering");
                int from = c * CHUNK, to = Math.min(events, from + CHUNK);
                out[c] = clusterChunk(particles, definition, ptMin, yMax, from, to, sequences.get());
                synchronized (progress) {
                    progress.update(done.addAndGet(to - from), "");
                }
            });
            progress.finish(String.format(Locale.ROOT, "%,d events", events));
        }
        return concatenate(particles, definition, ptMin, yMax, out);
    }

    private record Chunk(int[] jetsPerEvent, double[] p4, int[] sizes, int[] constituents, int jets, int nConstituents) {
    }

    private static Chunk clusterChunk(FourMomenta p, JetDefinition def, double ptMin, double yMax, int from, int to, ClusterSequence cs) {
        int[] perEvent = new int[to - from];
        double[] p4 = new double[64];
        int[] sizes = new int[16], cons = new int[256];
        int jets = 0, nc = 0;
        for (int ev = from; ev < to; ev++) {
            cs.cluster(def, p.px(), p.py(), p.pz(), p.e(), p.first(ev), p.count(ev));
            int[] js = cs.inclusiveJets(ptMin, yMax);
            perEvent[ev - from] = js.length;
            for (int j : js) {
                if (4 * jets + 4 > p4.length) p4 = Arrays.copyOf(p4, p4.length * 2);
                if (jets + 1 > sizes.length) sizes = Arrays.copyOf(sizes, sizes.length * 2);
                p4[4 * jets] = cs.px(j);
                p4[4 * jets + 1] = cs.py(j);
                p4[4 * jets + 2] = cs.pz(j);
                p4[4 * jets + 3] = cs.e(j);
                int[] c = cs.constituents(j);
                sizes[jets++] = c.length;
                if (nc + c.length > cons.length) cons = Arrays.copyOf(cons, Math.max(cons.length * 2, nc + c.length));
                System.arraycopy(c, 0, cons, nc, c.length);
                nc += c.length;
            }
        }
        return new Chunk(perEvent, p4, sizes, cons, jets, nc);
    }

    private static Jets concatenate(FourMomenta particles, JetDefinition def, double ptMin, double yMax, Chunk[] chunks) {
        int events = particles.events(), jets = 0, nc = 0;
        for (Chunk c : chunks) {
            jets += c.jets;
            nc += c.nConstituents;
        }
        int[] jetOffsets = new int[events + 1], consOffsets = new int[jets + 1], cons = new int[nc];
        double[] px = new double[jets], py = new double[jets], pz = new double[jets], e = new double[jets];
        int ev = 0, j = 0, k = 0;
        for (Chunk c : chunks) {
            for (int n : c.jetsPerEvent) {
                jetOffsets[ev + 1] = jetOffsets[ev] + n;
                ev++;
            }
            for (int i = 0; i < c.jets; i++) {
                px[j] = c.p4[4 * i];
                py[j] = c.p4[4 * i + 1];
                pz[j] = c.p4[4 * i + 2];
                e[j] = c.p4[4 * i + 3];
                consOffsets[j + 1] = consOffsets[j] + c.sizes[i];
                j++;
            }
            System.arraycopy(c.constituents, 0, cons, k, c.nConstituents);
            k += c.nConstituents;
        }
        return new Jets(def, ptMin, yMax, particles, jetOffsets, px, py, pz, e, consOffsets, cons);
    }

    public int events() {
        return jetOffsets.length - 1;
    }

    /** Total number of jets. */
    public int size() {
        return px.length;
    }

    /** Number of jets of an event. */
    public int count(int event) {
        return jetOffsets[event + 1] - jetOffsets[event];
    }

    /** Index of the event's {@code k}-th hardest jet (0 = leading), or -1 where it has fewer. */
    public int jet(int event, int k) {
        return k < count(event) ? jetOffsets[event] + k : -1;
    }

    public double pt(int j) {
        return Math.hypot(px[j], py[j]);
    }

    /** Rapidity (not pseudorapidity). */
    public double rap(int j) {
        return 0.5 * Math.log((e[j] + pz[j]) / (e[j] - pz[j]));
    }

    /** Azimuth in (-pi, pi]. */
    public double phi(int j) {
        return Math.atan2(py[j], px[j]);
    }

    public double m(int j) {
        double m2 = (e[j] + pz[j]) * (e[j] - pz[j]) - px[j] * px[j] - py[j] * py[j];
        return m2 > 0 ? Math.sqrt(m2) : 0;
    }

    /** Constituents of jet {@code j}, as indices within its event. */
    public int[] constituentsOf(int j) {
        return Arrays.copyOfRange(constituents, constituentOffsets[j], constituentOffsets[j + 1]);
    }

    public int multiplicity(int j) {
        return constituentOffsets[j + 1] - constituentOffsets[j];
    }

    /** A per-jet quantity as a jagged column over events: {@code pt, y, phi, m, n}. */
    public JaggedColumn column(String quantity) {
        double[] v = new double[size()];
        for (int j = 0; j < v.length; j++) {
            v[j] = switch (quantity) {
                case "pt" -> pt(j);
                case "y" -> rap(j);
                case "phi" -> phi(j);
                case "m" -> m(j);
                case "n" -> multiplicity(j);
                default -> throw new HepmlException("No jet quantity '" + quantity + "': use pt, y, phi, m or n.");
            };
        }
        return new JaggedColumn("jet." + quantity, jetOffsets, v);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Jets (%s, pT > %s GeV, |y| < %s): %,d jets in %,d events", definition, ptMin, yMax, size(), events());
    }
}
