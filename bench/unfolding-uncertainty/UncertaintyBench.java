import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.GaussianToy;
import org.hepml.engine.nn.TrainingSettings;
import org.hepml.engine.unfold.ClassifierReweighter;
import org.hepml.engine.unfold.HistogramReweighter;
import org.hepml.engine.unfold.OmniFold;
import org.hepml.engine.unfold.UnfoldingValidation;

import java.util.List;
import java.util.Locale;

/**
 * Bootstrap error of OmniFold against the actual spread over independent pseudo-data sets of the paper's Gaussian
 * toy (simulation N(0,1), data N(0.2,0.8), smearing 0.5): one simulation, K data sets, each unfolded with B bootstrap
 * replicas and S extra classifier seeds. Settings from the environment (see run.sh). The table goes to standard
 * output, per-set lines to standard error, and the last line is one JSON object.
 */
public class UncertaintyBench {
    static int env(String name, int def) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? def : Integer.parseInt(v.trim());
    }

    static double envD(String name, double def) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? def : Double.parseDouble(v.trim());
    }

    public static void main(String[] args) {
        int n = env("N", 10_000), sets = env("K", 20), boot = env("B", 4), seeds = env("S", 1), iterations = env("ITER", 5);
        int epochs = env("EPOCHS", 20), batch = env("BATCH", 1000), width = env("HIDDEN", 32);
        double lr = envD("LR", 5e-3), finalLr = envD("FINAL_LR", Double.NaN);
        int patience = env("PATIENCE", 0);
        String kind = System.getenv().getOrDefault("REWEIGHTER", "mlp");
        Dataset sim = new GaussianToy().mu(0).sigma(1).seed(1).generate("sim", n);
        UnfoldingValidation.Setup setup = (set, replica) -> {
            long s = 1_000_003L * (set + 1) + 10L * replica;
            OmniFold of = new OmniFold().iterations(iterations);
            if (kind.equals("histogram")) {
                HistogramReweighter h = new HistogramReweighter(40, -4, 4);
                return of.reweighters(h, h);
            }
            return of.reweighters(classifier(width, epochs, batch, lr, finalLr, patience, s), classifier(width, epochs, batch, lr, finalLr, patience, s + 1));
        };
        long t0 = System.nanoTime();
        UnfoldingValidation v = new UnfoldingValidation().simulation(sim, List.of("x.gen"), List.of("x.reco"))
                .pseudoData(k -> new GaussianToy().mu(0.2).sigma(0.8).seed(1000 + k).generate("data" + k, poisson(n, 1000 + k)))
                .setup(setup).replicas(boot, seeds, 17).observable("x.gen", 8, -1.6, 1.6)
                .reference(new HistogramReweighter(40, -4, 4))
                .onDataSet(s -> System.err.printf(Locale.ROOT, "set: mean %.4f +- %.4f (seed %.4f, truth %.4f)  width %.4f +- %.4f (seed %.4f, truth %.4f, IBU %.4f)  %.0f s%n",
                        s.moments()[0], s.bootstrap()[0], s.seedSpread()[0], s.truth()[0], s.moments()[1], s.bootstrap()[1], s.seedSpread()[1],
                        s.truth()[1], s.reference()[1], s.seconds()));
        UnfoldingValidation.Result r = v.run(sets);
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "%d sim + %d data events, %d data sets, %d bootstrap replicas and %d extra seeds each, %d iterations, %s in %.0f s%n",
                n, n, sets, boot, seeds, iterations, kind.equals("histogram") ? "histogram reweighter (binned IBU)"
                        : "MLP " + width + "x" + width + ", " + epochs + " epochs, batch " + batch + ", lr " + lr + (Double.isNaN(finalLr) ? "" : " falling to " + finalLr)
                        + (patience > 0 ? ", early stopping after " + patience + " epochs" : ", no early stopping"), secs);
        System.out.println("precision: actual spread +-1/sqrt(2(K-1)), bootstrap rms from the scatter of per-set variances");
        for (UnfoldingValidation.Comparison c : r.comparisons()) System.out.println(c);
        for (UnfoldingValidation.Closure c : r.closures()) System.out.println(c);
        String json = UnfoldingValidation.json(r);
        System.out.println(json.substring(0, json.length() - 1) + String.format(Locale.ROOT,
                ", \"events\": %d, \"bootstrap_replicas\": %d, \"extra_seeds\": %d, \"iterations\": %d, \"reweighter\": \"%s\", \"epochs\": %d,"
                        + " \"hidden\": %d, \"batch\": %d, \"lr\": %s, \"final_lr\": %s, \"patience\": %d, \"seconds\": %.0f}", n, boot, seeds, iterations, kind, epochs, width, batch, lr,
                Double.isNaN(finalLr) ? "null" : Double.toString(finalLr), patience, secs));
    }

    /** A measurement's number of events: Poisson distributed about n. */
    static int poisson(int n, long seed) {
        return new org.apache.commons.math3.distribution.PoissonDistribution(new org.apache.commons.math3.random.Well19937c(seed), n,
                org.apache.commons.math3.distribution.PoissonDistribution.DEFAULT_EPSILON,
                org.apache.commons.math3.distribution.PoissonDistribution.DEFAULT_MAX_ITERATIONS).sample();
    }

    /** finalLr NaN: OmniFold's default (lr / 20); with early stopping a quarter of the events is held out for it. */
    static ClassifierReweighter classifier(int width, int epochs, int batch, double lr, double finalLr, int patience, long seed) {
        TrainingSettings t = TrainingSettings.UNFOLDING.withHidden(width, width).withEpochs(epochs).withBatchSize(batch).withLearningRate(lr)
                .withPatience(patience).withValidationFraction(patience > 0 ? 0.25 : 0).withSeed(seed);
        return new ClassifierReweighter(Double.isNaN(finalLr) ? t : t.withDecay(TrainingSettings.Decay.cosineTo(finalLr)));
    }
}
