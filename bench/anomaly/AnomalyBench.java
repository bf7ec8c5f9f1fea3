import org.hepml.engine.anomaly.AbcdClosure;
import org.hepml.engine.anomaly.Autoencoder;
import org.hepml.engine.anomaly.Classifiers;
import org.hepml.engine.anomaly.CwolaHunt;
import org.hepml.engine.anomaly.DisCo;
import org.hepml.engine.anomaly.Roc;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.DijetResonance;
import org.hepml.engine.events.sim.NegativeWeightToy;
import org.hepml.engine.weights.NegativeWeightResampling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Validation of the anomaly-detection and resampling workflows over independent seeds (issue 20): CWoLa significance
 * before/after the cut at 1% signal in the SR and the background fit without signal; autoencoder AUCs; DisCo ABCD
 * closure pulls with and without the penalty; negative-weight resampling chi2 and ESS gain.
 * Args: seeds events lambda. Prints progress on stderr and one JSON line on stdout.
 */
public class AnomalyBench {
    static final List<String> FEATURES = List.of("x.mj1", "x.mj2", "x.tau21_j1", "x.tau21_j2");

    public static void main(String[] a) {
        int seeds = Integer.parseInt(a[0]), n = Integer.parseInt(a[1]);
        double lambda = Double.parseDouble(a[2]);
        StringBuilder json = new StringBuilder("{");
        // CWoLa at 1% signal in the SR, and without signal
        List<Double> before = new ArrayList<>(), after = new ArrayList<>(), truthBefore = new ArrayList<>(), truthAfter = new ArrayList<>(), auc = new ArrayList<>();
        List<Double> nullDev = new ArrayList<>(), nullZ = new ArrayList<>();
        for (int s = 1; s <= seeds; s++) {
            DijetResonance sim = new DijetResonance().seed(s);
            sim.signal(3500, 80, 0.01 * sim.backgroundProbability(3300, 3700) / sim.signalProbability(3300, 3700));
            CwolaHunt.Result r = hunt(sim.generate("d", n), s);
            before.add(r.at(1).hunt().significance());
            after.add(r.at(0.02).hunt().significance());
            truthBefore.add(r.at(1).trueSignificance());
            truthAfter.add(r.at(0.02).trueSignificance());
            auc.add(r.auc());
            System.err.println(r.summary());
            CwolaHunt.Result z = hunt(new DijetResonance().seed(1000 + s).generate("b", n), s);
            for (CwolaHunt.ScanPoint p : z.scan()) {
                if (p.efficiency() < 1) {
                    nullDev.add(p.hunt().deviance());
                    nullZ.add(p.hunt().significance());
                }
            }
            System.err.println(z.summary());
        }
        json.append(String.format(Locale.ROOT, "\"events\": %d, \"seeds\": %d, \"cwola\": {\"z_fit_before\": %s, \"z_fit_after_eps0.02\": %s, "
                        + "\"truth_s_over_sqrt_b_before\": %s, \"truth_s_over_sqrt_b_after\": %s, \"auc_sr\": %s, \"no_signal_deviance_19dof\": %s, \"no_signal_z\": %s}",
                n, seeds, list(before), list(after), list(truthBefore), list(truthAfter), list(auc), list(nullDev), list(nullZ)));
        // autoencoders: trained on background, scored on SR events with 5% signal
        List<Double> aeAuc = new ArrayList<>(), vaeAuc = new ArrayList<>();
        for (int s = 1; s <= seeds; s++) {
            Dataset bkg = new DijetResonance().seed(2000 + s).generate("b", n / 4);
            Dataset test = new DijetResonance().signal(3500, 80, 0.05).seed(3000 + s).generate("t", n / 4);
            try (Autoencoder ae = Autoencoder.train(bkg, FEATURES, Autoencoder.Kind.PLAIN, 2, 0, Autoencoder.DEFAULT.withSeed(s));
                 Autoencoder vae = Autoencoder.train(bkg, FEATURES, Autoencoder.Kind.VARIATIONAL, 2, 1, Autoencoder.DEFAULT.withSeed(s))) {
                aeAuc.add(Roc.of(ae.score(test), test.column("y")).auc());
                vaeAuc.add(Roc.of(vae.score(test), test.column("y")).auc());
            }
            System.err.printf("AE AUC %.4f VAE %.4f%n", aeAuc.get(s - 1), vaeAuc.get(s - 1));
        }
        json.append(String.format(Locale.ROOT, ", \"autoencoder_auc\": %s, \"vae_auc\": %s", list(aeAuc), list(vaeAuc)));
        // DisCo's ABCD closure as a statistical statement (AbcdClosure: each repetition its own training sample, network
        // seed, working-point sample and 40,000 background events counted): with neither the decorrelation nor the
        // penalty, with the penalty on the raw features, and with the penalty on features decorrelated from m_jj
        int reps = Math.max(4, 3 * seeds + 1);
        AbcdClosure.Result neither = closure(0, 0, Math.max(4, seeds)), penalty = closure(lambda, 0, reps), decorrelated = closure(lambda, 200_000, reps);
        for (AbcdClosure.Result r : List.of(neither, penalty, decorrelated)) System.err.println(r.summary() + "\n  pulls " + Arrays.toString(r.pulls()));
        json.append(String.format(Locale.ROOT, ", \"disco\": {\"lambda\": %g, \"background_efficiency\": 0.1, \"closure_events\": 40000, "
                        + "\"without_penalty\": %s, \"raw_features\": %s, \"decorrelated_features\": %s}",
                lambda, closureJson(neither), closureJson(penalty), closureJson(decorrelated)));
        // resampling
        List<Double> chi2 = new ArrayList<>(), ess = new ArrayList<>();
        for (int s = 1; s <= seeds; s++) {
            Dataset toy = new NegativeWeightToy().seed(7000 + s).generate("toy", n);
            Dataset out = new NegativeWeightResampling().features(List.of("x.x1", "x.x2")).seed(s).resample(toy, "pos");
            double[] w = out.column("weight"), o = out.column("weight.original");
            double[][] ranges = {{-3, 3}, {-3.5, 3.5}, {-4, 6}};
            String[] obs = {"x.x1", "x.x2", "x.x3"};
            for (int k = 0; k < 3; k++) chi2.add(NegativeWeightResampling.chi2(out.column(obs[k]), o, w, 20, ranges[k][0], ranges[k][1])[0]);
            ess.add(NegativeWeightResampling.effectiveSampleSize(w) / NegativeWeightResampling.effectiveSampleSize(o));
            System.err.printf("resampling seed %d: chi2 %s, ESS x %.2f%n", s, chi2.subList(chi2.size() - 3, chi2.size()), ess.get(s - 1));
        }
        json.append(String.format(Locale.ROOT, ", \"resampling\": {\"negative_fraction\": 0.2, \"chi2_20_bins_x1_x2_x3\": %s, \"ess_gain\": %s}", list(chi2), list(ess)));
        json.append(String.format(Locale.ROOT, ", \"headline\": \"CWoLa at 1%% signal in the SR (%d seeds, %,d events): fitted Z %.2f before, %.2f after a 2%% cut "
                        + "(truth S/sqrt(B) %.2f -> %.2f), no-signal fit deviance mean %.1f / 19; AUC AE %.3f, VAE %.3f; DisCo ABCD closure (statistical pulls over %d repetitions at 40,000 events): "
                        + "mean %.1f without the penalty; lambda %g raw features mean %.2f sd %.2f, decorrelated features mean %.2f sd %.2f; resampling 20%% negative weights: chi2 mean %.1f / 20, ESS x %.2f\"}",
                seeds, n, mean(before), mean(after), mean(truthBefore), mean(truthAfter), mean(nullDev), mean(aeAuc), mean(vaeAuc), reps, neither.meanPull(), lambda,
                penalty.meanPull(), penalty.sdPull(), decorrelated.meanPull(), decorrelated.sdPull(),
                mean(chi2), mean(ess)));
        System.out.println(json);
    }

    static CwolaHunt.Result hunt(Dataset d, long seed) {
        return new CwolaHunt().folds(3).training(Classifiers.WEAK_SUPERVISION.withEpochs(20).withBatchSize(512).withSeed(seed)).run(d);
    }

    static AbcdClosure.Result closure(double lambda, int decorrelationEvents, int repetitions) {
        return new AbcdClosure().lambda(lambda).decorrelate(decorrelationEvents).events(10_000, 20_000, 40_000).training(DisCo.DEFAULT.withEpochs(8))
                .repetitions(repetitions).seed(4001).run();
    }

    static String closureJson(AbcdClosure.Result r) {
        return String.format(Locale.ROOT, "{\"repetitions\": %d, \"pulls\": %s, \"mean_pull\": %.3f, \"mean_pull_se\": %.3f, \"sd_pull\": %.3f, "
                        + "\"sd_pull_se\": %.3f, \"relative_bias\": %.4f, \"held_out_dcor2\": %.5f}", r.repetitions().size(),
                list(Arrays.stream(r.pulls()).boxed().toList()), r.meanPull(), r.meanStandardError(), r.sdPull(), r.sdStandardError(), r.meanRelativeBias(),
                r.meanHeldOutDistanceCorrelation());
    }

    static String list(List<Double> v) {
        return v.stream().map(x -> String.format(Locale.ROOT, "%.4g", x)).toList().toString();
    }

    static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
