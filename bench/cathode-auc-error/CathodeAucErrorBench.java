import org.hepml.engine.anomaly.Cathode;
import org.hepml.engine.anomaly.Classifiers;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.DijetResonance;
import org.hepml.engine.sbi.TwoSampleTest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Is the error printed on CATHODE's AUC the spread the AUC actually has? K independent data sets of the dijet
 * resonance toy (signal = S_OVER_B of the background in the SR), each run through CATHODE as CathodeTest and notebook
 * 08 do (2 folds, flow FLOW_EPOCHS epochs, classifiers 20 epochs of 512), training seed = set number. Per set: the
 * AUC (truth signal vs background among the SR events), Hanley-McNeil's and DeLong's standard errors on the scored SR
 * events, and, for the first SEED_SETS sets, the AUC of SEEDS - 1 further runs on the same data with other training seeds
 * (flow and classifiers): the training spread.
 * Per-set lines on standard error; the last line of standard output is one JSON object.
 */
public class CathodeAucErrorBench {
    static int env(String name, int def) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? def : Integer.parseInt(v.trim());
    }

    static double envD(String name, double def) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? def : Double.parseDouble(v.trim());
    }

    static double hanleyMcNeil(double a, double ns, double nb) {
        double q1 = a / (2 - a), q2 = 2 * a * a / (1 + a);
        return Math.sqrt((a * (1 - a) + (ns - 1) * (q1 - a * a) + (nb - 1) * (q2 - a * a)) / (ns * nb));
    }

    public static void main(String[] args) {
        int sets = env("K", 14), n = env("N", 40_000), flowEpochs = env("FLOW_EPOCHS", 20), seeds = env("SEEDS", 2), seedSets = env("SEED_SETS", 5), clfEpochs = env("CLF_EPOCHS", 20);
        double sb = envD("S_OVER_B", 0.02);
        long t0 = System.nanoTime();
        List<Double> auc = new ArrayList<>(), hm = new ArrayList<>(), dl = new ArrayList<>(), nsig = new ArrayList<>(), seedVar = new ArrayList<>();
        List<List<Double>> perSet = new ArrayList<>();
        for (int k = 0; k < sets; k++) {
            DijetResonance sim = new DijetResonance().seed(5_000 + k);
            sim.signal(3_500, 80, sb * sim.backgroundProbability(3_300, 3_700) / sim.signalProbability(3_300, 3_700));
            Dataset data = sim.generate("data" + k, n);
            List<Double> runs = new ArrayList<>();
            for (int s = 0; s < (k < seedSets ? seeds : 1); s++) {
                long seed = 1 + k + 1_000L * s;
                Cathode c = new Cathode().folds(2).flowTraining(Cathode.FLOW.withEpochs(flowEpochs).withSeed(seed))
                        .classifier(Classifiers.WEAK_SUPERVISION.withEpochs(clfEpochs).withBatchSize(512).withSeed(seed));
                try (Cathode.Result r = c.run(data, Cathode.Method.CATHODE)) {
                    double[] y = r.scored().column("y"), score = r.scored().column("score.cathode");
                    runs.add(r.auc());
                    if (s == 0) {
                        int ns = 0;
                        for (double v : y) if (v > 0.5) ns++;
                        double[] a = new double[ns], b = new double[y.length - ns];
                        int ia = 0, ib = 0;
                        for (int i = 0; i < y.length; i++) if (y[i] > 0.5) a[ia++] = score[i]; else b[ib++] = score[i];
                        double[] d = TwoSampleTest.aucWithStandardError(a, b);
                        auc.add(r.auc());
                        hm.add(hanleyMcNeil(r.auc(), ns, y.length - ns));
                        dl.add(d[1]);
                        nsig.add((double) ns);
                    }
                }
            }
            if (runs.size() > 1) seedVar.add(variance(runs));
            perSet.add(runs);
            System.err.printf(Locale.ROOT, "set %d: %.0f signal, AUC %.4f (seeds %s), Hanley-McNeil %.4f, DeLong %.4f  %.0f s%n", k, nsig.get(k), auc.get(k),
                    runs, hm.get(k), dl.get(k), (System.nanoTime() - t0) / 1e9);
            // the figures so far after every set from the third on: a run stopped early still leaves them (last JSON line)
            if (k >= 2) summary(k + 1, sets, n, sb, flowEpochs, clfEpochs, seeds, seedSets, auc, hm, dl, nsig, seedVar, perSet, (System.nanoTime() - t0) / 1e9);
        }
    }

    static void summary(int sets, int planned, int n, double sb, int flowEpochs, int clfEpochs, int seeds, int seedSets, List<Double> auc, List<Double> hm,
                        List<Double> dl, List<Double> nsig, List<Double> seedVar, List<List<Double>> perSet, double secs) {
        java.io.PrintStream out = sets == planned ? System.out : System.err; // the table at the end; the JSON line after every set
        double actual = Math.sqrt(variance(auc)), rmsHm = rms(hm), rmsDl = rms(dl);
        double rel = 1 / Math.sqrt(2.0 * (sets - 1)); // relative se of a sample sd from K normal values
        double seedSd = seeds > 1 ? Math.sqrt(mean(seedVar)) : Double.NaN;
        double seedRel = seeds > 1 ? 1 / Math.sqrt(2.0 * seedVar.size() * (seeds - 1)) : Double.NaN;
        double combined = seeds > 1 ? Math.sqrt(rmsDl * rmsDl + seedSd * seedSd) : Double.NaN;
        out.printf(Locale.ROOT, "%d data sets of %d events (signal %.3f of the SR background, %.1f signal on average), flow %d epochs, classifiers %d, %d seeds on the first %d, %.0f s%n",
                sets, n, sb, mean(nsig), flowEpochs, clfEpochs, seeds, Math.min(seedSets, sets), secs);
        out.printf(Locale.ROOT, "AUC mean %.4f, actual sd over data sets %.4f +- %.4f%n", mean(auc), actual, actual * rel);
        out.printf(Locale.ROOT, "rms Hanley-McNeil %.4f: actual / printed = %.2f +- %.2f%n", rmsHm, actual / rmsHm, actual / rmsHm * rel);
        out.printf(Locale.ROOT, "rms DeLong        %.4f: actual / DeLong  = %.2f +- %.2f%n", rmsDl, actual / rmsDl, actual / rmsDl * rel);
        if (seeds > 1) {
            out.printf(Locale.ROOT, "training-seed sd on fixed data %.4f +- %.4f; sqrt(DeLong^2 + seed^2) %.4f: actual / it = %.2f +- %.2f%n", seedSd,
                    seedSd * seedRel, combined, actual / combined, actual / combined * rel);
        }
        System.out.printf(Locale.ROOT, "{\"data_sets\": %d, \"events\": %d, \"s_over_b_in_sr\": %.4f, \"flow_epochs\": %d, \"classifier_epochs\": %d, \"seeds_per_set\": %d, \"sets_with_seeds\": %d, "
                        + "\"mean_signal_events\": %.1f, \"auc_mean\": %.5f, \"auc_sd_actual\": %.5f, \"auc_sd_actual_error\": %.5f, "
                        + "\"hanley_mcneil_rms\": %.5f, \"ratio_actual_over_hanley_mcneil\": %.4f, \"ratio_hm_error\": %.4f, "
                        + "\"delong_rms\": %.5f, \"ratio_actual_over_delong\": %.4f, \"ratio_delong_error\": %.4f, "
                        + "\"training_seed_sd\": %s, \"training_seed_sd_error\": %s, \"delong_plus_seed\": %s, \"ratio_actual_over_delong_plus_seed\": %s, "
                        + "\"auc_per_set\": %s, \"seconds\": %.0f, \"complete\": %b}%n",
                sets, n, sb, flowEpochs, clfEpochs, seeds, Math.min(seedSets, sets), mean(nsig), mean(auc), actual, actual * rel, rmsHm, actual / rmsHm, actual / rmsHm * rel, rmsDl,
                actual / rmsDl, actual / rmsDl * rel, num(seedSd), num(seedSd * seedRel), num(combined), num(actual / combined), perSet, secs, sets == planned);
    }

    static String num(double v) {
        return Double.isNaN(v) ? "null" : String.format(Locale.ROOT, "%.5f", v);
    }

    static double mean(List<Double> v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.size();
    }

    static double variance(List<Double> v) {
        double m = mean(v), s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return s / (v.size() - 1);
    }

    static double rms(List<Double> v) {
        double s = 0;
        for (double x : v) s += x * x;
        return Math.sqrt(s / v.size());
    }
}
