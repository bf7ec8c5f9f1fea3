import org.hepml.engine.bayes.BayesianRatioClassifier;
import org.hepml.engine.bayes.BnnOptions;
import org.hepml.engine.nn.TrainingSettings;
import org.hepml.engine.bayes.EpistemicCheck;
import org.hepml.engine.events.sim.RegressionToy;
import org.hepml.engine.events.sim.TwoClassToy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Validation of Bayesian-network uncertainties against the truth (issue 12, item 6). Prints tables on stderr and one JSON
 * line of figures on stdout. Usage: BnnUncertaintyBench TRAININGS SIZES_TRAININGS RATIO_TRAININGS
 */
public class BnnUncertaintyBench {
    static final double[] X = new double[29];

    static {
        for (int i = 0; i < X.length; i++) X[i] = -3.5 + 0.25 * i;
    }

    static String arr(double[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) b.append(i > 0 ? ", " : "").append(Double.isFinite(v[i]) ? String.format(Locale.ROOT, "%.4g", v[i]) : "null");
        return b.append("]").toString();
    }

    /** The check at one configuration, as a JSON object; the table goes to stderr. */
    static String check(String label, int events, int trainings, int epochs) {
        long t0 = System.nanoTime();
        BnnOptions o = BnnOptions.of(TrainingSettings.BAYESIAN.withHidden(24).withBatchSize(256).withEpochs(epochs).withSeed(7)).withSamples(50);
        EpistemicCheck.Result r = EpistemicCheck.run(new RegressionToy().noise(0.2).seed(5000), events, trainings, o, X);
        double secs = (System.nanoTime() - t0) / 1e9;
        int steps = epochs * (int) Math.ceil(0.8 * events / 256.0);
        System.err.printf("== %s: %d events, %d epochs (%d optimizer steps), %.0f s%n%s", label, events, epochs, steps, secs, r.table());
        double[] in = r.pooledRmsPull(0, 1.75, true), edge = r.pooledRmsPull(2, 2.5, true), far = r.pooledRmsPull(3, 3.5, true);
        double c68 = r.coverage(0, 1.75, true, 0.6827), c95 = r.coverage(0, 1.75, true, 0.9545), e68 = r.coverage(2, 2.5, true, 0.6827),
                f95 = r.coverage(3, 3.5, true, 0.9545);
        System.err.printf("pooled rms pull |x|<=1.75: %.3f +- %.3f, [2, 2.5]: %.2f +- %.2f, [3, 3.5]: %.1f +- %.1f; coverage of the truth inside "
                + "%.3f (68.3%%) %.3f (95.4%%), at [2, 2.5] %.3f (68.3%%), at [3, 3.5] %.3f (95.4%%)%n", in[0], in[1], edge[0], edge[1], far[0], far[1],
                c68, c95, e68, f95);
        int n = X.length;
        double[] bias = new double[n], spread = new double[n], epi = new double[n], pull = new double[n];
        for (int i = 0; i < n; i++) {
            bias[i] = r.bias(i);
            spread[i] = r.spread(i);
            epi[i] = r.meanEpistemic(i);
            pull[i] = r.rmsPull(i);
        }
        return String.format(Locale.ROOT, "{\"events\": %d, \"trainings\": %d, \"epochs\": %d, \"optimizer_steps\": %d, \"seconds\": %.0f, "
                        + "\"rms_pull_inside\": %.4f, \"rms_pull_inside_se\": %.4f, \"rms_pull_edge_2_2.5\": %.3f, \"rms_pull_far_3_3.5\": %.2f, "
                        + "\"coverage68_inside\": %.4f, \"coverage95_inside\": %.4f, \"coverage68_edge\": %.4f, \"coverage95_far\": %.4f, "
                        + "\"spread_relative_precision\": %.3f, \"x\": %s, \"bias\": %s, \"spread\": %s, \"sigma_epistemic\": %s, \"rms_pull\": %s}",
                events, trainings, epochs, steps, secs, in[0], in[1], edge[0], far[0], c68, c95, e68, f95, r.spreadPrecision(), arr(X), arr(bias),
                arr(spread), arr(epi), arr(pull));
    }

    /** The Bayesian ratio classifier's band against the exact log r = 1.5 x over independent trainings. */
    static String ratio(int trainings) {
        double[] xs = {-3.5, -3, -2.5, -2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5};
        double[][] probe = new double[xs.length][1];
        for (int i = 0; i < xs.length; i++) probe[i][0] = xs[i];
        double[][] err = new double[trainings][], sig = new double[trainings][];
        long t0 = System.nanoTime();
        for (int k = 0; k < trainings; k++) {
            TwoClassToy toy = new TwoClassToy().dimensions(1).shift(1.5).seed(700 + k);
            try (BayesianRatioClassifier c = BayesianRatioClassifier.train(toy.generate("two", 20000),
                    BnnOptions.of(TrainingSettings.BAYESIAN.withHidden(24).withEpochs(100).withSeed(31 + 1000L * k)))) {
                var p = c.logRatio(probe);
                err[k] = new double[xs.length];
                for (int i = 0; i < xs.length; i++) err[k][i] = p.logRatio()[i] - 1.5 * xs[i];
                sig[k] = p.sigma();
            }
        }
        double[] bias = new double[xs.length], sd = new double[xs.length], sigma = new double[xs.length], pull = new double[xs.length], cover = new double[xs.length];
        System.err.printf("== Bayesian ratio classifier, %d trainings on 20000 events (%.0f s)%n     x  exact  bias    spread  sigma   rms_pull cover68%n",
                trainings, (System.nanoTime() - t0) / 1e9);
        for (int i = 0; i < xs.length; i++) {
            double s = 0, s2 = 0, p2 = 0, sg = 0;
            int in = 0;
            for (int k = 0; k < trainings; k++) {
                s += err[k][i];
                p2 += Math.pow(err[k][i] / sig[k][i], 2);
                sg += sig[k][i] * sig[k][i];
                if (Math.abs(err[k][i]) <= sig[k][i]) in++;
            }
            bias[i] = s / trainings;
            for (int k = 0; k < trainings; k++) s2 += Math.pow(err[k][i] - bias[i], 2);
            sd[i] = Math.sqrt(s2 / (trainings - 1));
            sigma[i] = Math.sqrt(sg / trainings);
            pull[i] = Math.sqrt(p2 / trainings);
            cover[i] = (double) in / trainings;
            System.err.printf(Locale.ROOT, "%6.2f %6.2f %7.3f %7.3f %7.3f %8.2f %6.2f%n", xs[i], 1.5 * xs[i], bias[i], sd[i], sigma[i], pull[i], cover[i]);
        }
        return String.format(Locale.ROOT, "{\"trainings\": %d, \"events\": 20000, \"x\": %s, \"bias\": %s, \"spread\": %s, \"sigma\": %s, "
                + "\"rms_pull\": %s, \"coverage68\": %s}", trainings, arr(xs), arr(bias), arr(sd), arr(sigma), arr(pull), arr(cover));
    }

    public static void main(String[] a) {
        int trainings = Integer.parseInt(a[0]), perSize = Integer.parseInt(a[1]), ratioTrainings = Integer.parseInt(a[2]);
        List<String> parts = new ArrayList<>();
        // before: the old default of 100 epochs, ~700 optimizer steps at 2000 events; after: 600 epochs, ~4200 steps
        parts.add("\"before_100_epochs\": " + check("before (100 epochs)", 2000, trainings, 100));
        parts.add("\"after_600_epochs\": " + check("after (600 epochs)", 2000, trainings, 600));
        double[] inside = new double[13];
        for (int i = 0; i < inside.length; i++) inside[i] = -1.5 + 0.25 * i;
        int[] sizes = {500, 1000, 2000, 4000, 8000};
        EpistemicCheck.Scaling s = EpistemicCheck.scaling(new RegressionToy().noise(0.2).seed(9000),
                sizes, perSize, BnnOptions.of(TrainingSettings.BAYESIAN.withHidden(24).withBatchSize(256).withSeed(11)).withSamples(50), 3000, inside);
        System.err.println("== sigma_epi against N (3000 optimizer steps each, " + perSize + " trainings per size)\n" + s);
        double[] sig = new double[sizes.length], err = new double[sizes.length];
        for (int k = 0; k < sizes.length; k++) {
            sig[k] = s.sigma(k);
            err[k] = s.logSigmaError()[k];
        }
        parts.add(String.format(Locale.ROOT, "\"scaling\": {\"sizes\": [500, 1000, 2000, 4000, 8000], \"trainings_per_size\": %d, \"sigma_epistemic\": %s, "
                + "\"log_sigma_error\": %s, \"slope\": %.4f, \"slope_error\": %.4f, \"chi2\": %.2f}", perSize, arr(sig), arr(err), s.slope(), s.slopeError(), s.chi2()));
        parts.add("\"ratio_classifier\": " + ratio(ratioTrainings));
        System.out.println("{" + String.join(", ", parts) + "}");
    }
}
