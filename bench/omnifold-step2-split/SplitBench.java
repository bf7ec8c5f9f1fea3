import org.hepml.engine.events.Dataset;
import org.hepml.engine.unfold.UnfoldedSpectrum;
import org.hepml.engine.nn.TrainingSettings;
import org.hepml.engine.events.sim.GaussianToy;
import org.hepml.engine.unfold.ClassifierReweighter;
import org.hepml.engine.unfold.OmniFold;
import org.hepml.engine.unfold.Reweighter;
import org.hepml.engine.unfold.Unfolding;

import java.util.List;
import java.util.Locale;

/**
 * What keeping both copies of an event on one side of step 2's validation split changes, on the paper's Gaussian toy
 * (simulation N(0,1), data N(0.2,0.8), smearing 0.5) with a quarter of the events held out, as bench/unfolding runs
 * OmniFold. For each classifier seed, the same unfolding twice: step 2 told the two classes are the same events
 * (grouped, the default) and given them as two unrelated samples (split at random, as before issue 13). Prints the
 * unfolded mean and width of each run and the paired differences with their standard errors; the last line is one
 * JSON object. Settings from the environment (see run.sh).
 */
public class SplitBench {
    /** The old behaviour: the same events under two weights handed over as two samples, so the split ignores events. */
    record Ungrouped(Reweighter inner) implements Reweighter {
        public DensityRatio fit(double[][] a, double[] wa, double[][] b, double[] wb) {
            return inner.fit(a, wa, b, wb);
        }

        public DensityRatio fitSameEvents(double[][] x, double[] wa, double[] wb) {
            return inner.fit(x, wa, x, wb);
        }

        public Reweighter copy() {
            return new Ungrouped(inner.copy());
        }

        public void forget() {
            inner.forget();
        }

        public String describe() {
            return inner.describe() + ", step-2 copies split at random";
        }
    }

    static int env(String name, int def) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? def : Integer.parseInt(v.trim());
    }

    static ClassifierReweighter classifier(int epochs, double validation, long seed) {
        return new ClassifierReweighter(TrainingSettings.UNFOLDING.withHidden(32, 32).withEpochs(epochs).withBatchSize(1000)
                .withLearningRate(5e-3).withValidationFraction(validation).withSeed(seed));
    }


    static double[] meanSe(double[] d) {
        double m = 0, s = 0;
        for (double x : d) m += x / d.length;
        for (double x : d) s += (x - m) * (x - m);
        return new double[]{m, Math.sqrt(s / (d.length - 1) / d.length)};
    }

    public static void main(String[] args) {
        int n = env("N", 20_000), seeds = env("SEEDS", 4), epochs = env("EPOCHS", 20), iterations = env("ITER", 5);
        double validation = env("VALIDATION_PERCENT", 25) / 100.0;
        Dataset sim = new GaussianToy().mu(0).sigma(1).seed(1).generate("sim", n);
        Dataset data = new GaussianToy().mu(0.2).sigma(0.8).seed(2).generate("data", n);
        double[] truth = UnfoldedSpectrum.meanStdSum(data.column("x.gen"), data.weights());
        System.out.printf(Locale.ROOT, "data truth: mean %.4f, width %.4f%n", truth[0], truth[1]);
        double[] dMean = new double[seeds], dWidth = new double[seeds], gMean = new double[seeds], gWidth = new double[seeds];
        double[] uMean = new double[seeds], uWidth = new double[seeds];
        long t0 = System.nanoTime();
        for (int k = 0; k < seeds; k++) {
            for (boolean grouped : new boolean[]{true, false}) {
                Reweighter step1 = classifier(epochs, validation, 3 + 10L * k), step2 = classifier(epochs, validation, 4 + 10L * k);
                OmniFold of = new OmniFold().iterations(iterations).reweighters(step1, grouped ? step2 : new Ungrouped(step2));
                Dataset u = Unfolding.omnifold(of, sim, List.of("x.gen"), List.of("x.reco"), data, List.of("x.reco"), "u");
                double[] m = UnfoldedSpectrum.meanStdSum(u.column("x.gen"), u.column("weight"));
                System.out.printf(Locale.ROOT, "seed %d %-9s mean %.4f width %.4f%n", k, grouped ? "grouped" : "ungrouped", m[0], m[1]);
                if (grouped) {
                    gMean[k] = m[0];
                    gWidth[k] = m[1];
                } else {
                    uMean[k] = m[0];
                    uWidth[k] = m[1];
                }
            }
            dMean[k] = gMean[k] - uMean[k];
            dWidth[k] = gWidth[k] - uWidth[k];
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        double[] dm = meanSe(dMean), dw = meanSe(dWidth), gm = meanSe(gMean), gw = meanSe(gWidth), um = meanSe(uMean), uw = meanSe(uWidth);
        System.out.printf(Locale.ROOT, "grouped - ungrouped: mean %+.4f +- %.4f, width %+.4f +- %.4f (over %d seeds)%n", dm[0], dm[1], dw[0], dw[1], seeds);
        System.out.printf(Locale.ROOT, "{\"events\": %d, \"seeds\": %d, \"epochs\": %d, \"iterations\": %d, \"validation\": %s,"
                        + " \"truth_mean\": %.5f, \"truth_width\": %.5f,"
                        + " \"grouped_mean\": %.5f, \"grouped_mean_se\": %.5f, \"grouped_width\": %.5f, \"grouped_width_se\": %.5f,"
                        + " \"ungrouped_mean\": %.5f, \"ungrouped_mean_se\": %.5f, \"ungrouped_width\": %.5f, \"ungrouped_width_se\": %.5f,"
                        + " \"diff_mean\": %.5f, \"diff_mean_se\": %.5f, \"diff_width\": %.5f, \"diff_width_se\": %.5f, \"seconds\": %.0f}%n",
                n, seeds, epochs, iterations, validation, truth[0], truth[1], gm[0], gm[1], gw[0], gw[1], um[0], um[1], uw[0], uw[1],
                dm[0], dm[1], dw[0], dw[1], secs);
    }
}
