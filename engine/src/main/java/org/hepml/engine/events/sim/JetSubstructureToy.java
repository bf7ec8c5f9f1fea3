package org.hepml.engine.events.sim;

import org.hepml.engine.Cancelled;
import org.hepml.engine.HepmlException;
import org.hepml.engine.Progress;
import org.hepml.engine.events.Dataset;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A jet-substructure toy for multi-observable unfolding, after the Z+jets study of the OmniFold paper: six
 * correlated observables of one jet (mass m in GeV, constituent multiplicity n, width w, N-subjettiness ratio
 * tau21, groomed momentum fraction zg, ln rho = ln(m^2 / pT^2)), for a quark/gluon mixture. Two generator
 * "tunes" differ in the gluon fraction, the width scale, the multiplicity and the zg and tau21 shapes, so
 * that "nature" and "simulation" disagree the way Herwig and Pythia do.
 * <p>Generator level, per jet: pT = 200 GeV + Exp(50 GeV); gluon with probability f_g; w ~ Gamma(2, 0.03 s_w)
 * (quark) or Gamma(3, 0.04 s_w) (gluon); n = 1 + Poisson(lambda (1 + 2w)) with lambda = 12 s_n (quark),
 * 22 s_n (gluon); m = 0.35 pT sqrt(w) (1 + 0.2 N(0,1)); tau21 = c_tau Beta(6, 3) (quark) or c_tau Beta(7, 3)
 * (gluon); zg = 0.1 + 0.4 Beta(1, b) with b = 1.5 (quark) or 2.0 (gluon) plus the tune's shift.
 * <p>Detector: a jet is reconstructed with the given efficiency; pT smeared 5%; each constituent found with
 * probability 0.85 plus Poisson(0.5) fake constituents; w smeared 10% and shifted by 0.005; m smeared 8% and
 * shifted by 1 GeV; tau21 + N(0, 0.05); zg + N(0, 0.03) kept in [0.1, 0.5]; ln rho from the reconstructed m
 * and pT. With a fake rate, that fraction of extra detector-level jets has no generator-level partner.
 */
public final class JetSubstructureToy {
    public static final String[] OBSERVABLES = {"m", "n", "w", "tau21", "zg", "lnrho"};
    private static final int CHUNK = 8192;

    public enum Tune {
        SIMULATION(0.50, 1.00, 1.00, 1.00, 0.0),
        NATURE(0.60, 1.12, 0.90, 0.94, 0.4);

        final double gluonFraction, widthScale, multiplicityScale, tauScale, zgShift;

        Tune(double gluonFraction, double widthScale, double multiplicityScale, double tauScale, double zgShift) {
            this.gluonFraction = gluonFraction;
            this.widthScale = widthScale;
            this.multiplicityScale = multiplicityScale;
            this.tauScale = tauScale;
            this.zgShift = zgShift;
        }
    }

    private Tune tune = Tune.SIMULATION;
    private double efficiency = 1;
    private double fakeRate = 0;
    private long seed = 1;

    public JetSubstructureToy tune(Tune tune) {
        this.tune = tune;
        return this;
    }

    public JetSubstructureToy efficiency(double efficiency) {
        if (!(efficiency > 0 && efficiency <= 1)) throw new HepmlException("efficiency must be in (0, 1], got " + efficiency + ".");
        this.efficiency = efficiency;
        return this;
    }

    /** Extra detector-level jets without a generator-level partner, as a fraction of the jets generated. */
    public JetSubstructureToy fakeRate(double fakeRate) {
        if (!(fakeRate >= 0 && fakeRate < 1)) throw new HepmlException("the fake rate must be in [0, 1), got " + fakeRate + ".");
        this.fakeRate = fakeRate;
        return this;
    }

    public JetSubstructureToy seed(long seed) {
        this.seed = seed;
        return this;
    }

    public Dataset generate(String name, int n) {
        if (n <= 0) throw new HepmlException("The number of events must be positive, got " + n + ".");
        SplittableRandom rng = new SplittableRandom(seed);
        int fakes = (int) Math.round(n * fakeRate);
        int total = n + fakes;
        MemoryBudget.require(total, 13, "simulating " + total + " jets");
        double[][] gen = new double[6][total], reco = new double[6][total];
        double[] pass = new double[total];
        double[] jet = new double[7];
        try (Progress progress = Progress.start("Jet toy '" + name + "' (" + tune.name().toLowerCase(Locale.ROOT) + ")", total, "jets")) {
            for (int start = 0; start < total; start += CHUNK) {
                Cancelled.check("Simulating '" + name + "'");
                int end = Math.min(total, start + CHUNK);
                for (int i = start; i < end; i++) {
                    generatorJet(rng, jet);
                    boolean isFake = i >= n;
                    for (int k = 0; k < 6; k++) gen[k][i] = isFake ? Double.NaN : jet[k];
                    boolean passed = isFake || rng.nextDouble() < efficiency;
                    if (passed) {
                        detectorJet(rng, jet, reco, i);
                        pass[i] = 1;
                    } else {
                        for (int k = 0; k < 6; k++) reco[k][i] = Double.NaN;
                    }
                }
                progress.update(end, "");
            }
            progress.finish(String.format(Locale.ROOT, "%,d jets", total));
        }
        Dataset.Builder b = Dataset.builder(name);
        for (int k = 0; k < 6; k++) b.column("x.gen." + OBSERVABLES[k], gen[k]);
        for (int k = 0; k < 6; k++) b.column("x.reco." + OBSERVABLES[k], reco[k]);
        b.column("pass_reco", pass);
        return b.meta("simulator", "jets").meta("tune", tune.name().toLowerCase(Locale.ROOT)).meta("efficiency", efficiency)
                .meta("fake_rate", fakeRate).meta("seed", seed).build();
    }

    /** Fills {m, n, w, tau21, zg, lnrho, pT}. */
    private void generatorJet(SplittableRandom rng, double[] out) {
        double pt = 200 - 50 * Math.log(1 - rng.nextDouble());
        boolean gluon = rng.nextDouble() < tune.gluonFraction;
        double w = Math.min(0.599, gamma(rng, gluon ? 3 : 2, (gluon ? 0.04 : 0.03) * tune.widthScale));
        double lambda = (gluon ? 22 : 12) * tune.multiplicityScale * (1 + 2 * w);
        double n = 1 + poisson(rng, lambda);
        double m = Math.max(0.5, 0.35 * pt * Math.sqrt(w) * (1 + 0.2 * rng.nextGaussian()));
        double tau = tune.tauScale * beta(rng, gluon ? 7 : 6, 3);
        double zg = 0.1 + 0.4 * beta(rng, 1, (gluon ? 2.0 : 1.5) + tune.zgShift);
        out[0] = m;
        out[1] = n;
        out[2] = w;
        out[3] = tau;
        out[4] = zg;
        out[5] = 2 * Math.log(m / pt);
        out[6] = pt;
    }

    private static void detectorJet(SplittableRandom rng, double[] jet, double[][] reco, int i) {
        double pt = jet[6] * (1 + 0.05 * rng.nextGaussian());
        double m = Math.max(0.5, jet[0] * (1 + 0.08 * rng.nextGaussian()) + 1.0);
        int found = 0;
        for (int c = 0; c < (int) jet[1]; c++) if (rng.nextDouble() < 0.85) found++;
        reco[0][i] = m;
        reco[1][i] = found + poisson(rng, 0.5);
        reco[2][i] = Math.max(0, jet[2] * (1 + 0.1 * rng.nextGaussian()) + 0.005);
        reco[3][i] = jet[3] + 0.05 * rng.nextGaussian();
        reco[4][i] = Math.max(0.1, Math.min(0.5, jet[4] + 0.03 * rng.nextGaussian()));
        reco[5][i] = 2 * Math.log(m / pt);
    }

    /** Marsaglia-Tsang for shape >= 1. */
    static double gamma(SplittableRandom rng, double shape, double scale) {
        double d = shape - 1.0 / 3, c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = rng.nextGaussian(), v = 1 + c * x;
            if (v <= 0) continue;
            v = v * v * v;
            double u = rng.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v * scale;
        }
    }

    static double beta(SplittableRandom rng, double a, double b) {
        double x = gamma(rng, a, 1), y = gamma(rng, b, 1);
        return x / (x + y);
    }

    /** Knuth's method; fine for the means below 100 used here. */
    static int poisson(SplittableRandom rng, double mean) {
        double l = Math.exp(-mean), p = 1;
        int k = 0;
        do {
            k++;
            p *= rng.nextDouble();
        } while (p > l);
        return k - 1;
    }
}
