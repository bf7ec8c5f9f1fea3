import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.AugmentedSimulation;
import org.hepml.engine.events.sim.ElectroweakMuonPairs;
import org.hepml.engine.flows.FlowShape;
import org.hepml.engine.nn.TrainingSettings;
import org.hepml.engine.sbi.LikelihoodEstimator;
import org.hepml.engine.sbi.LikelihoodMethod;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The mining-gold comparison for flows (bench/flows-mining-gold/run.sh): NDE against SCANDAL at a small training set on
 * smeared ee -> mumu (sin2w ~ U(0.15, 0.27), smearing 0.1), K seeds (each its own training sample and network seed),
 * error E[(log p_hat(x|theta) - log p(x|theta))^2] on 4000 held-out events with theta ~ U(0.17, 0.25) (one fixed test
 * sample). Args: N SEEDS EPOCHS ALPHA. Prints per-seed errors, then one JSON line.
 */
public class FlowsMiningGold {
    static final ElectroweakMuonPairs EE = new ElectroweakMuonPairs(List.of("sin2w"), ElectroweakMuonPairs.SIN2W, ElectroweakMuonPairs.MZ, 0.1);

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]), seeds = Integer.parseInt(args[1]), epochs = Integer.parseInt(args[2]);
        double alpha = Double.parseDouble(args[3]);
        TrainingSettings base = LikelihoodEstimator.DEFAULT_SETTINGS.withEpochs(epochs).withPatience(0);
        Dataset test = new AugmentedSimulation(EE).theta("uniform(0.17,0.25)").seed(999).generate("test", 4000);
        double[] x = test.column("x.cos"), th = test.column("theta.sin2w"), exact = new double[x.length];
        double[][] xs = new double[x.length][1], cs = new double[x.length][1];
        for (int i = 0; i < x.length; i++) {
            xs[i][0] = x[i];
            cs[i][0] = th[i];
            exact[i] = EE.logLikelihood(x[i], new double[]{th[i]});
        }
        List<Double> nde = new ArrayList<>(), scandal = new ArrayList<>();
        for (int s = 1; s <= seeds; s++) {
            Dataset train = new AugmentedSimulation(EE).theta("uniform(0.15,0.27)").augment(true).seed(100 + s).generate("train", n);
            for (LikelihoodMethod m : LikelihoodMethod.values()) {
                try (LikelihoodEstimator e = LikelihoodEstimator.train(train, m, alpha, base.withSeed(s), FlowShape.DEFAULT)) {
                    double[] lp = e.flow().logDensity(xs, cs);
                    double err = 0;
                    for (int i = 0; i < lp.length; i++) err += Math.pow(lp[i] - exact[i], 2) / lp.length;
                    (m == LikelihoodMethod.NDE ? nde : scandal).add(err);
                    System.out.printf(Locale.ROOT, "seed %d %s error %.5f%n", s, m.label(), err);
                }
            }
        }
        double[] a = stats(nde), b = stats(scandal);
        double gap = a[2] - b[2], se = Math.hypot(a[3], b[3]);
        System.out.printf(Locale.ROOT, "NDE %.5f (sd %.5f), SCANDAL %.5f (sd %.5f); ln-error gap %.2f = %.1f combined se%n",
                a[0], a[1], b[0], b[1], gap, gap / se);
        System.out.printf(Locale.ROOT, "{\"events\": %d, \"seeds\": %d, \"epochs\": %d, \"alpha\": %s, \"nde_error_mean\": %.6f, \"nde_error_sd\": %.6f, "
                        + "\"scandal_error_mean\": %.6f, \"scandal_error_sd\": %.6f, \"ln_gap\": %.4f, \"ln_gap_in_se\": %.3f, \"nde\": %s, \"scandal\": %s}%n",
                n, seeds, epochs, alpha, a[0], a[1], b[0], b[1], gap, gap / se, nde, scandal);
    }

    /** mean, sd, mean of ln, standard error of the mean of ln. */
    static double[] stats(List<Double> v) {
        int k = v.size();
        double m = 0, l = 0;
        for (double x : v) {
            m += x / k;
            l += Math.log(x) / k;
        }
        double s2 = 0, l2 = 0;
        for (double x : v) {
            s2 += (x - m) * (x - m) / (k - 1);
            l2 += Math.pow(Math.log(x) - l, 2) / (k - 1);
        }
        return new double[]{m, Math.sqrt(s2), l, Math.sqrt(l2 / k)};
    }
}
