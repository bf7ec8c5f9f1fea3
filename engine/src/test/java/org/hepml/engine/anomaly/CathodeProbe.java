package org.hepml.engine.anomaly;

import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.DijetResonance;
import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

/** Not run by the suite (no Test suffix): prints CATHODE's figures at several sizes. */
class CathodeProbe {
    @Test
    void probe() {
        int n = Integer.getInteger("probe.n", 40_000);
        double sb = Double.parseDouble(System.getProperty("probe.sb", "0.02"));
        int epochs = Integer.getInteger("probe.epochs", 20);
        long t0 = System.nanoTime();
        DijetResonance sim = new DijetResonance().seed(31);
        sim.signal(3_500, 80, sb * sim.backgroundProbability(3_300, 3_700) / sim.signalProbability(3_300, 3_700));
        Dataset data = sim.generate("data", n);
        Cathode c = new Cathode().folds(2).flowTraining(Cathode.FLOW.withEpochs(epochs).withSeed(Long.getLong("probe.seed", 5)))
                .classifier(Classifiers.WEAK_SUPERVISION.withEpochs(20).withBatchSize(512).withSeed(Long.getLong("probe.seed", 5)));
        try (Cathode.Result r = c.run(data, Cathode.Method.valueOf(System.getProperty("probe.method", "CATHODE")))) {
            System.out.printf("PROBE %s  (%.0f s)%n", r.summary(), (System.nanoTime() - t0) / 1e9);
            if (r.method() == Cathode.Method.ANODE) return;
            Dataset bkg = new DijetResonance().seed(32).generate("bkg", n);
            double[] m = bkg.column("x.mjj");
            double[][] x = Classifiers.features(bkg, DijetResonance.FEATURES.length == 4 ? java.util.List.of(DijetResonance.FEATURES) : null);
            int[] sr = IntStream.range(0, m.length).filter(i -> m[i] >= 3_300 && m[i] < 3_700).toArray();
            int[] low = IntStream.range(0, m.length).filter(i -> m[i] < 3_300).limit(sr.length).toArray();
            double[][] trueSr = r.background().preprocess(Cathode.rows(x, sr));
            double[][] lowSb = r.background().preprocess(Cathode.rows(x, low));
            double[][] fake = r.background().sampleSignalRegion(sr.length, 99);
            double[] a = Cathode.twoSampleAuc(trueSr, fake, 2, Classifiers.WEAK_SUPERVISION.withEpochs(20).withBatchSize(512).withSeed(6));
            double[] b = Cathode.twoSampleAuc(trueSr, lowSb, 2, Classifiers.WEAK_SUPERVISION.withEpochs(20).withBatchSize(512).withSeed(6));
            System.out.printf("PROBE two-sample AUC samples vs true SR bkg %.4f +- %.4f; low SB vs SR %.4f (n %d) (%.0f s)%n", a[0], a[1], b[0], sr.length,
                    (System.nanoTime() - t0) / 1e9);
        }
    }
}
