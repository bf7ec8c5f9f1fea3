import org.hepml.engine.TaskRunner;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.FourMomenta;
import org.hepml.engine.events.sim.TwoTuneJets;
import org.hepml.engine.events.sim.TwoTuneJets.Tune;
import org.hepml.engine.jets.JetDefinition;
import org.hepml.engine.jets.JetObservables;
import org.hepml.engine.jets.Jets;
import org.hepml.engine.nn.TrainingSettings;
import org.hepml.engine.unfold.BootstrapReplicas;
import org.hepml.engine.unfold.ClassifierReweighter;
import org.hepml.engine.unfold.IterativeBayesianUnfolding;
import org.hepml.engine.unfold.OmniFold;
import org.hepml.engine.unfold.ParticleReweighting;
import org.hepml.engine.unfold.Unfolding;
import org.hepml.engine.unfold.Unfolding.Features;
import org.hepml.engine.unfold.UnfoldingMetrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.io.PrintStream;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Particle-level OmniFold's bootstrap error against the actual spread over independent pseudo-data sets: one
 * TwoTuneJets simulation (tune "simulation", detector ParticleDetector), K independent "nature" sets (Poisson(N)
 * events each; their generator level is the set's own truth), each unfolded as ParticleOmniFoldTest does (PFN
 * classifiers on the padded particles of both levels, warm-started, ITER iterations) with B bootstrap replicas of its
 * data. Compared for the leading jet's mass (computed from the generator-level particles afterwards; no classifier saw
 * it): unfolded mean, width, BINS bin contents, and the triangular discriminator to the set's truth after unfolding
 * and its improvement over the prior (whose bootstrap, as in the test, weights data and truth with the same Poisson
 * counts). Per-set lines on standard error; the table and one JSON line (last) on standard output.
 */
public class ParticleUncertaintyBench {
    static final double[] RANGE = {0, 120};

    static int env(String name, int def) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? def : Integer.parseInt(v.trim());
    }

    static double envD(String name, double def) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? def : Double.parseDouble(v.trim());
    }

    public static void main(String[] args) {
        int n = env("N", 4000), sets = env("K", 20), boot = env("B", 4), iterations = env("ITER", 3), epochs = env("EPOCHS", 6);
        int padTo = env("PAD", 32), latent = env("LATENT", 32), hidden = env("HIDDEN", 32), batch = env("BATCH", 256), bins = env("BINS", 6);
        double lr = envD("LR", 2e-3);
        long t0 = System.nanoTime();
        TwoTuneJets.Pairs sim = new TwoTuneJets().tune(Tune.SIMULATION).seed(11).generate("sim", n);
        Features simGen = Features.particles("sim.gen", sim.gen(), padTo), simReco = Features.particles("sim", sim.reco(), padTo);
        int[] kept = Unfolding.unfoldedEvents(sim.events(), simGen);
        double[] mass = observables("sim", ParticleReweighting.select(sim.gen(), kept)).column("x.m");
        TrainingSettings t = TrainingSettings.UNFOLDING.withHidden(hidden, hidden).withEpochs(epochs).withBatchSize(batch).withLearningRate(lr);
        ParticleReweighting.Network pfn = new ParticleReweighting.Network(false, padTo, latent);
        // quantities: mean, width, bins, D after, D improvement
        int q = 2 + bins + 2;
        if (sets < 2) throw new IllegalArgumentException("K must be at least 2 (a spread over data sets)");
        String[] names = new String[q];
        names[0] = "mean";
        names[1] = "width";
        for (int b = 0; b < bins; b++) names[2 + b] = String.format(Locale.ROOT, "bin %.0f-%.0f", RANGE[0] + b * (RANGE[1] - RANGE[0]) / bins,
                RANGE[0] + (b + 1) * (RANGE[1] - RANGE[0]) / bins);
        names[2 + bins] = "D after x1e3";
        names[3 + bins] = "D gain x1e3";
        double[][] nominal = new double[sets][], bootSd = new double[sets][];
        int missingReco = 0;
        // FIRST: the first data set's index, so that runs side by side (or later) add independent sets to earlier ones
        int first = env("FIRST", 0);
        for (int k = 0; k < sets; k++) {
            final int set = first + k;
            final long base = 1_000_000L * (set + 1);
            int nk = poisson(n, 5_000 + set);
            TwoTuneJets.Pairs nature = new TwoTuneJets().tune(Tune.NATURE).seed(20_000 + set).generate("nature" + set, nk);
            BootstrapReplicas.Configured configured = r -> new OmniFold().iterations(iterations).reweighters(
                    new ClassifierReweighter(t.withSeed(base + 10L * r), pfn), new ClassifierReweighter(t.withSeed(base + 10L * r + 1), pfn));
            long bootSeed = 7 + 31L * set;
            Dataset u = Unfolding.omnifold(configured, sim.events(), simGen, simReco, nature.events(), Features.particles("nature", nature.reco(), padTo),
                    "unfolded", new Unfolding.Replicas(boot, 0, bootSeed), TaskRunner.LOCAL);
            double[] truthMass = observables("truth", nature.gen()).column("x.m");
            double[] ones = new double[nk];
            Arrays.fill(ones, 1);
            double before = distance(mass, u.column("weight.prior"), truthMass, ones);
            nominal[k] = quantities(mass, u.column("weight"), before, truthMass, ones, bins);
            // the replicas' Poisson counts, drawn as BootstrapReplicas draws them, over the data events with detector-level particles
            int[] measured = java.util.stream.IntStream.range(0, nk).filter(i -> nature.reco().count(i) > 0).toArray();
            missingReco += nk - measured.length;
            SplittableRandom rng = new SplittableRandom(bootSeed);
            double[][] replica = new double[boot][];
            for (int b = 0; b < boot; b++) {
                byte[] counts = IterativeBayesianUnfolding.bootstrapCounts(measured.length, rng);
                double[] w = ones.clone(); // an event without detector-level particles is in no data set: its truth keeps weight 1
                for (int j = 0; j < measured.length; j++) w[measured[j]] = counts[j];
                double beforeB = distance(mass, u.column("weight.prior"), truthMass, w);
                replica[b] = quantities(mass, u.column("weight.boot" + (b + 1)), beforeB, truthMass, w, bins);
            }
            bootSd[k] = new double[q];
            for (int j = 0; j < q; j++) {
                double[] v = new double[boot];
                for (int b = 0; b < boot; b++) v[b] = replica[b][j];
                bootSd[k][j] = sd(v);
            }
            System.err.printf(Locale.ROOT, "set %d (%d events): mass mean %.3f +- %.3f, width %.3f +- %.3f, D after %.3f +- %.3f, gain %.3f +- %.3f (x1e3)  %.0f s%n",
                    set, nk, nominal[k][0], bootSd[k][0], nominal[k][1], bootSd[k][1], nominal[k][2 + bins], bootSd[k][2 + bins], nominal[k][3 + bins],
                    bootSd[k][3 + bins], (System.nanoTime() - t0) / 1e9);
            // every quantity of the set, nominal and bootstrap sd, so that runs with other FIRSTs can be pooled
            System.err.println("set " + set + " values " + Arrays.toString(nominal[k]) + " bootstrap-sd " + Arrays.toString(bootSd[k]));
            // the summary so far after every set from the second on: a run stopped early still leaves its figures (last JSON line)
            if (k >= 1) summary(Arrays.copyOf(nominal, k + 1), Arrays.copyOf(bootSd, k + 1), names, n, boot, iterations, padTo, hidden, latent, epochs,
                    batch, lr, (System.nanoTime() - t0) / 1e9, missingReco, k + 1 == sets);
        }
    }

    static void summary(double[][] nominal, double[][] bootSd, String[] names, int n, int boot, int iterations, int padTo, int hidden, int latent,
                        int epochs, int batch, double lr, double secs, int missingReco, boolean last) {
        int q = names.length, sets = nominal.length;
        PrintStream out = last ? System.out : System.err; // the table at the end; the JSON line after every set
        out.printf(Locale.ROOT, "%d sim events, %d data sets (so far) of Poisson(%d) nature events, %d bootstrap replicas each, %d iterations, PFN %d particles,"
                        + " Phi/F %dx%d, latent %d, %d epochs, batch %d, lr %s; %.0f s; %d data events without detector-level particles%n",
                n, sets, n, boot, iterations, padTo, hidden, hidden, latent, epochs, batch, lr, secs, missingReco);
        out.println("precision: actual spread +-1/sqrt(2(K-1)), bootstrap rms from the scatter of per-set variances");
        StringBuilder json = new StringBuilder(String.format(Locale.ROOT, "{\"data_sets\": %d, \"events\": %d, \"bootstrap_replicas\": %d, \"iterations\": %d, "
                        + "\"particles\": %d, \"hidden\": %d, \"latent\": %d, \"epochs\": %d, \"batch\": %d, \"lr\": %s, \"observable\": \"leading-jet mass (anti-kT R=0.8), GeV\", "
                        + "\"seconds\": %.0f, \"comparisons\": [", sets, n, boot, iterations, padTo, hidden, latent, epochs, batch, lr, secs));
        for (int j = 0; j < q; j++) {
            double[] v = new double[sets], bv = new double[sets];
            for (int k = 0; k < sets; k++) {
                v[k] = nominal[k][j];
                bv[k] = bootSd[k][j] * bootSd[k][j];
            }
            double actual = sd(v), actualPrec = 1 / Math.sqrt(2.0 * (sets - 1)), meanBootVar = mean(bv);
            double bootPrec = 0.5 * sd(bv) / Math.sqrt(sets) / meanBootVar, bootstrap = Math.sqrt(meanBootVar);
            double ratio = bootstrap / actual, ratioErr = ratio * Math.hypot(actualPrec, bootPrec);
            out.printf(Locale.ROOT, "%-14s mean %9.4f  actual %.5f (+-%2.0f%%)  bootstrap %.5f (+-%2.0f%%)  ratio %.2f +- %.2f%n", names[j], mean(v), actual,
                    100 * actualPrec, bootstrap, 100 * bootPrec, ratio, ratioErr);
            json.append(j == 0 ? "" : ", ").append(String.format(Locale.ROOT, "{\"quantity\": \"%s\", \"mean\": %.6g, \"actual\": %.6g, \"actual_rel_precision\": %.4f, "
                    + "\"bootstrap\": %.6g, \"bootstrap_rel_precision\": %.4f, \"ratio\": %.4f, \"ratio_error\": %.4f}", names[j], mean(v), actual, actualPrec,
                    bootstrap, bootPrec, ratio, ratioErr));
        }
        System.out.println(json.append(String.format(Locale.ROOT, "], \"complete\": %b}", last)));
    }

    /** {mean, width, bin contents, D after x1e3, (D before - D after) x1e3} of the mass with these weights. */
    static double[] quantities(double[] mass, double[] w, double before, double[] truthMass, double[] truthW, int bins) {
        double s = 0, m = 0, v = 0;
        double[] h = new double[bins];
        for (int i = 0; i < mass.length; i++) {
            if (Double.isNaN(mass[i])) continue;
            s += w[i];
            m += w[i] * mass[i];
            if (mass[i] >= RANGE[0] && mass[i] < RANGE[1]) h[(int) ((mass[i] - RANGE[0]) / (RANGE[1] - RANGE[0]) * bins)] += w[i];
        }
        m /= s;
        for (int i = 0; i < mass.length; i++) if (!Double.isNaN(mass[i])) v += w[i] * (mass[i] - m) * (mass[i] - m);
        double after = distance(mass, w, truthMass, truthW);
        double[] out = new double[2 + bins + 2];
        out[0] = m;
        out[1] = Math.sqrt(v / s);
        System.arraycopy(h, 0, out, 2, bins);
        out[2 + bins] = after * 1e3;
        out[3 + bins] = (before - after) * 1e3;
        return out;
    }

    /** The leading anti-kT R = 0.8 jet's observables of every event (NaN where no jet), as ParticleOmniFoldTest. */
    static Dataset observables(String name, FourMomenta p) {
        return JetObservables.leading(name, Jets.cluster(p, JetDefinition.antiKt(0.8), 50, 10), null, 0.1, 0, false);
    }

    /** Triangular discriminator of the weighted 24-bin histograms over RANGE, as ParticleOmniFoldTest. */
    static double distance(double[] x, double[] w, double[] truth, double[] wTruth) {
        return UnfoldingMetrics.triangularDiscriminator(weighted(x, w), weighted(truth, wTruth));
    }

    static double[] weighted(double[] x, double[] w) {
        double[] h = new double[24];
        for (int i = 0; i < x.length; i++) {
            if (Double.isNaN(x[i]) || x[i] < RANGE[0] || x[i] >= RANGE[1]) continue;
            h[(int) ((x[i] - RANGE[0]) / (RANGE[1] - RANGE[0]) * h.length)] += w[i];
        }
        return h;
    }

    static int poisson(int n, long seed) {
        return new org.apache.commons.math3.distribution.PoissonDistribution(new org.apache.commons.math3.random.Well19937c(seed), n,
                org.apache.commons.math3.distribution.PoissonDistribution.DEFAULT_EPSILON,
                org.apache.commons.math3.distribution.PoissonDistribution.DEFAULT_MAX_ITERATIONS).sample();
    }

    static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    static double sd(double[] v) {
        double m = mean(v), s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return Math.sqrt(s / (v.length - 1));
    }
}
