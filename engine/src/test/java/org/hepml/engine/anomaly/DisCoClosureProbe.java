package org.hepml.engine.anomaly;

import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.DijetResonance;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

/**
 * Not run by the suite (no Test suffix): the per-network ABCD non-closure measured on a large background sample, so that
 * the Poisson error is small against it, for DisCo with and without the designed decorrelation of its inputs; and the
 * same network's closure in a validation region below the signal region's mass cut (issue 20).
 * -Dprobe.nets=6 -Dprobe.seed=701 -Dprobe.modes=0:false,50:false,0:true,50:true -Dprobe.closure=400000
 */
class DisCoClosureProbe {
    @Test
    void probe() {
        int nets = Integer.getInteger("probe.nets", 6), big = Integer.getInteger("probe.closure", 400_000);
        int epochs = Integer.getInteger("probe.epochs", 8), training = Integer.getInteger("probe.training", 10_000);
        long seed = Long.getLong("probe.seed", 701);
        String[] modes = System.getProperty("probe.modes", "0:false,50:false,0:true,50:true").split(",");
        double vrLow = Double.parseDouble(System.getProperty("probe.vrcut", "3000"));
        Dataset closure = new DijetResonance().seed(seed + 300_000_000L).generate("big", big);
        double[] m = closure.column("x.mjj");
        // validation region: only m_jj < 3300, its own mass cut
        int[] below = java.util.stream.IntStream.range(0, m.length).filter(i -> m[i] < 3_300).toArray();
        for (String mode : modes) {
            double lambda = Double.parseDouble(mode.split(":")[0]);
            boolean dec = Boolean.parseBoolean(mode.split(":")[1]);
            for (int k = 0; k < nets; k++) {
                long s = seed * 1_000 + k;
                long t0 = System.nanoTime();
                Dataset train = new DijetResonance().signal(3_500, 80, 0.3).seed(s).generate("train", training);
                Dataset wp = new DijetResonance().seed(s + 100_000_000L).generate("wp", 20_000);
                int decN = Integer.getInteger("probe.decN", 200_000);
                MassDecorrelation md = !dec ? null : DisCo.decorrelation(decN > 0 ? new DijetResonance().seed(s + 400_000_000L).generate("dec", decN)
                        : background(train), List.of(DijetResonance.FEATURES), "x.mjj");
                try (DisCo d = DisCo.train(train, List.of(DijetResonance.FEATURES), "y", "x.mjj", lambda,
                        DisCo.DEFAULT.withEpochs(epochs).withSeed(s), 1, md)) {
                    double cut = Abcd.cutKeeping(d.score(wp), 0.1);
                    double[] sc = d.score(closure);
                    Abcd sr = Abcd.count(sc, m, null, cut, 3_300);
                    double[] scv = new double[below.length], mv = new double[below.length];
                    for (int i = 0; i < below.length; i++) {
                        scv[i] = sc[below[i]];
                        mv[i] = m[below[i]];
                    }
                    Abcd vr = Abcd.count(scv, mv, null, cut, vrLow);
                    double r = sr.predicted() / sr.a(), er = Math.sqrt(Math.pow(sr.predictedError(), 2) + sr.a()) / sr.a();
                    double rv = vr.predicted() / vr.a(), erv = Math.sqrt(Math.pow(vr.predictedError(), 2) + vr.a()) / vr.a();
                    System.out.printf(Locale.ROOT, "PROBE lambda %g dec %b net %d: SR N_pred/N_A - 1 = %+.4f +- %.4f (N_A %.0f); VR %+.4f +- %.4f (N_A %.0f); %.0f s%n",
                            lambda, dec, k, r - 1, er, sr.a(), rv - 1, erv, vr.a(), (System.nanoTime() - t0) / 1e9);
                }
            }
        }
    }

    /** -Dprobe.runs=lambda:decorrelationEvents:closureEvents:repetitions;... -Dprobe.seed=801 */
    @Test
    void closures() {
        String runs = System.getProperty("probe.runs");
        if (runs == null) return;
        long seed = Long.getLong("probe.seed", 801);
        int epochs = Integer.getInteger("probe.epochs", 8);
        for (String run : runs.split(";")) {
            String[] f = run.split(":");
            long t0 = System.nanoTime();
            AbcdClosure.Result r = new AbcdClosure().lambda(Double.parseDouble(f[0])).decorrelate(Integer.parseInt(f[1]))
                    .events(10_000, 20_000, Integer.parseInt(f[2])).repetitions(Integer.parseInt(f[3])).training(DisCo.DEFAULT.withEpochs(epochs)).seed(seed).run();
            System.out.printf(Locale.ROOT, "CLOSURE %s seed %d: %s; %.0f s%n  pulls %s%n", run, seed, r.summary(), (System.nanoTime() - t0) / 1e9,
                    java.util.Arrays.toString(java.util.Arrays.stream(r.pulls()).map(v -> Math.round(v * 100) / 100.0).toArray()));
        }
    }

    static Dataset background(Dataset d) {
        double[] y = d.column("y");
        boolean[] keep = new boolean[y.length];
        for (int i = 0; i < y.length; i++) keep[i] = y[i] == 0;
        return d.select(keep);
    }
}
