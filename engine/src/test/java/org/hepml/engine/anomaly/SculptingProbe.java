package org.hepml.engine.anomaly;

import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.DijetResonance;
import org.junit.jupiter.api.Test;

/** Not run by the suite (no Test suffix): CWoLa without signal, plain and decorrelated, printing the sculpting. */
class SculptingProbe {
    @Test
    void probe() {
        int n = Integer.getInteger("probe.n", 40_000);
        double dep = Double.parseDouble(System.getProperty("probe.dep", "3"));
        String[] seeds = System.getProperty("probe.seeds", "1,2").split(",");
        String[] modes = System.getProperty("probe.modes", "false,true").split(",");
        for (String sd : seeds) {
            long seed = Long.parseLong(sd);
            long off = Long.getLong("probe.offset", 0);
            int folds = Integer.getInteger("probe.folds", 2);
            Dataset d = new DijetResonance().mjjDependence(dep).seed(off + seed).generate("bkg", n);
            if (Boolean.getBoolean("probe.dropClipped")) {
                double[] t1 = d.column("x.tau21_j1"), t2 = d.column("x.tau21_j2");
                int[] keep = java.util.stream.IntStream.range(0, t1.length).filter(i -> t1[i] > 0.01 && t1[i] < 0.99 && t2[i] > 0.01 && t2[i] < 0.99).toArray();
                System.out.printf("PROBE clipped events %d of %d%n", t1.length - keep.length, t1.length);
                d = CathodeTest.subset(d, keep);
            }
            for (String mode : modes) {
                long t0 = System.nanoTime();
                CwolaHunt.Result r = new CwolaHunt().decorrelate(Boolean.parseBoolean(mode)).folds(folds)
                        .training(Classifiers.WEAK_SUPERVISION.withEpochs(20).withBatchSize(512).withSeed(seed)).run(d);
                double[] m = r.scored().column("x.mjj"), q = r.scored().column("score.cwola");
                StringBuilder b = new StringBuilder();
                for (double eps : new double[]{0.2, 0.1, 0.05, 0.02}) {
                    double sr = 0, srKept = 0, sb = 0, sbKept = 0;
                    for (int i = 0; i < m.length; i++) {
                        boolean in = m[i] >= 3_300 && m[i] < 3_700, kept = q[i] >= 1 - eps;
                        if (in) { sr++; if (kept) srKept++; } else { sb++; if (kept) sbKept++; }
                    }
                    b.append(String.format(java.util.Locale.ROOT, " eps %.2f: eps_SR/eps_SB %.3f +- %.3f;", eps, (srKept / sr) / (sbKept / sb),
                            (srKept / sr) / (sbKept / sb) * Math.sqrt(1 / srKept + 1 / sbKept)));
                }
                double[] edges = new double[23];
                for (int k = 0; k <= 22; k++) edges[k] = 2_800 + 100 * k;
                StringBuilder curve = new StringBuilder("PROBE eps(m)/eps at 0.1:");
                for (int k = 0; k < 22; k++) {
                    double all = 0, kept = 0;
                    for (int i = 0; i < m.length; i++) if (m[i] >= edges[k] && m[i] < edges[k + 1]) { all++; if (q[i] >= 0.9) kept++; }
                    curve.append(String.format(java.util.Locale.ROOT, " %.2f", kept / all / 0.1));
                }
                System.out.println(curve);
                System.out.printf("PROBE dep %.1f n %d seed %d decorrelate %s (%.0f s)%n%s%nPROBE ratio%s%n", dep, n, seed, mode,
                        (System.nanoTime() - t0) / 1e9, r.summary(), b);
            }
        }
    }
}
