package org.hepml.engine.jets;

import org.hepml.engine.Cancelled;
import org.hepml.engine.Progress;
import org.hepml.engine.events.ColumnRole;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.FourMomenta;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * One row per event with the leading jet's kinematics and substructure: {@code x.pt, x.y, x.phi} and the
 * {@link Substructure#NAMES} as {@code x.m, x.n, x.tau1, ...} (NaN for an event without a jet), plus
 * {@code n_jets}; the source dataset's labels, weights and parameters ({@code y}, {@code weight*}, {@code theta.*})
 * and truth columns ({@code truth.*}) are carried over, so the table is ready for a classifier.
 */
public final class JetObservables {
    private static final int CHUNK = 256;

    private JetObservables() {
    }

    /**
     * @param source the per-event dataset the particles came with (or null); its non-observable columns are carried over
     * @param zCut   soft drop's z_cut; {@code beta} its angular exponent; both with R0 = the jets' R
     */
    public static Dataset leading(String name, Jets jets, Dataset source, double zCut, double beta, boolean energyCorrelations) {
        int events = jets.events();
        String[] names = Substructure.NAMES;
        double[][] cols = new double[3 + names.length][events];
        for (double[] c : cols) Arrays.fill(c, Double.NaN);
        double[] nJets = new double[events];
        FourMomenta p = jets.particles();
        double r0 = jets.definition().r();
        ThreadLocal<Substructure> scratch = ThreadLocal.withInitial(() -> new Substructure(r0, zCut, beta, energyCorrelations));
        Thread caller = Thread.currentThread();
        AtomicLong done = new AtomicLong();
        int chunks = (events + CHUNK - 1) / CHUNK;
        try (Progress progress = Progress.start("Jet substructure", events, "jets")) {
            IntStream.range(0, chunks).parallel().forEach(c -> {
                if (caller.isInterrupted()) throw new Cancelled("Computing jet substructure");
                Substructure s = scratch.get();
                double[] out = new double[names.length];
                int to = Math.min(events, (c + 1) * CHUNK);
                for (int ev = c * CHUNK; ev < to; ev++) {
                    nJets[ev] = jets.count(ev);
                    int j = jets.jet(ev, 0);
                    if (j < 0) continue;
                    cols[0][ev] = jets.pt(j);
                    cols[1][ev] = jets.rap(j);
                    cols[2][ev] = jets.phi(j);
                    s.compute(p.px(), p.py(), p.pz(), p.e(), p.first(ev), jets.constituents(), jets.constituentOffsets()[j],
                            jets.constituentOffsets()[j + 1], out);
                    for (int k = 0; k < names.length; k++) cols[3 + k][ev] = out[k];
                }
                synchronized (progress) {
                    progress.update(done.addAndGet(to - c * CHUNK), "");
                }
            });
            progress.finish(String.format(Locale.ROOT, "%,d events", events));
        }
        Dataset.Builder b = Dataset.builder(name);
        b.column("x.pt", cols[0]).column("x.y", cols[1]).column("x.phi", cols[2]);
        for (int k = 0; k < names.length; k++) b.column("x." + names[k], cols[3 + k]);
        b.column("n_jets", nJets);
        if (source != null && source.size() == events) {
            for (String c : source.columnNames()) {
                ColumnRole role = source.role(c);
                boolean numeric = source.table().column(c) instanceof tech.tablesaw.api.NumericColumn<?>;
                if (role != ColumnRole.OBSERVABLE && numeric && !c.equals("n_jets")) b.column(c, source.column(c).clone());
            }
            source.metadata().forEach(b::meta);
        }
        return b.meta("jets", jets.definition() + String.format(Locale.ROOT, ", pT > %s GeV, |y| < %s", jets.ptMin(), jets.yMax()))
                .meta("soft drop", String.format(Locale.ROOT, "z_cut %s, beta %s, R0 %s", zCut, beta, r0))
                .meta("n-subjettiness", "beta 1, exclusive kT axes, normalised by sum pT R0").build();
    }
}
