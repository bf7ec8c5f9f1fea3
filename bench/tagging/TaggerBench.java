import org.hepml.engine.bayes.BayesianParticleFlowNetwork;
import org.hepml.engine.bayes.BnnOptions;
import org.hepml.engine.bayes.ClassifierPrediction;
import org.hepml.engine.events.FourMomenta;
import org.hepml.engine.events.ParticleEvents;
import org.hepml.engine.jets.ClusterSequence;
import org.hepml.engine.jets.JetAlgorithm;
import org.hepml.engine.jets.JetDefinition;
import org.hepml.engine.jets.Jets;
import org.hepml.engine.nn.ChunkedEvaluation;
import org.hepml.engine.nn.Losses;
import org.hepml.engine.nn.Mlp;
import org.hepml.engine.nn.Trainer;
import org.hepml.engine.nn.TrainingData;
import org.hepml.engine.events.sim.TopQcdJets;
import org.hepml.engine.nn.Activation;
import org.hepml.engine.nn.ParticleFlowNetwork;
import org.hepml.engine.nn.ParticleSets;
import org.hepml.engine.nn.TrainingHistory;
import org.hepml.engine.nn.TrainingSettings;
import org.hepml.engine.tagging.JetSample;
import org.hepml.engine.tagging.ParticleFeatures;
import org.hepml.engine.tagging.Tagger;
import org.hepml.engine.tagging.TaggerModel;
import org.hepml.engine.tagging.TaggerOptions;
import org.hepml.engine.tagging.TaggerResult;
import org.hepml.engine.tagging.TaggingMetrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Issue 18's open lines on the top/QCD simulator (docs/TAGGING.md). One JSON line on stdout per run, tables on stderr;
 * bench/tagging/run.sh starts one JVM per sample or training (DJL trains one network per process at a time) and
 * aggregates them.
 * <pre>
 * sample K NTRAIN NTEST EPOCHS M     independent (training, test) pair K: observables MLP, EFN, PFN (z) and PFN (pT in GeV)
 * init SEEDS NTRAIN NTEST EPOCHS M   the PFN on pair 0, SEEDS trainings: the spread the Tagger's printed error describes
 * info NTRAIN NTEST SAMPLES EPOCHS   where the information is: MLPs on the mass alone, on the five observables, and on
 *                                    the five plus the pair masses of the three exclusive-kT subjets
 * bayes K NTRAIN NTEST EPOCHS        Bayesian PFN training K at pT 550-650: sigma and sigma/sqrt(mu(1-mu)) inside and on
 *                                    shifted jets (other pT, more radiation)
 * </pre>
 */
public class TaggerBench {
    // the particle networks' sizes: -Dphi=64,64 -Dlatent=32 -Df=64,64 (run.sh: PHI, LATENT, F)
    static final int[] PHI = ints(System.getProperty("phi", "64,64")), F = ints(System.getProperty("f", "64,64"));
    static final int LATENT = Integer.parseInt(System.getProperty("latent", "32"));

    static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    public static void main(String[] a) {
        String json = switch (a[0]) {
            case "sample" -> sample(Integer.parseInt(a[1]), Integer.parseInt(a[2]), Integer.parseInt(a[3]), Integer.parseInt(a[4]), Integer.parseInt(a[5]));
            case "init" -> init(Integer.parseInt(a[1]), Integer.parseInt(a[2]), Integer.parseInt(a[3]), Integer.parseInt(a[4]), Integer.parseInt(a[5]));
            case "info" -> info(Integer.parseInt(a[1]), Integer.parseInt(a[2]), Integer.parseInt(a[3]), Integer.parseInt(a[4]));
            case "bayes" -> bayes(Integer.parseInt(a[1]), Integer.parseInt(a[2]), Integer.parseInt(a[3]), Integer.parseInt(a[4]));
            default -> throw new IllegalArgumentException("sample, init, info or bayes");
        };
        System.out.println(json);
    }

    // ---------------------------------------------------------------- compare

    /**
     * The simulator: its defaults; -Dsim=first the first model (no flavour in the hadronisation, no QCD b jets, the W
     * isotropic); -Dsim=bhadrons the second (B hadrons, the W isotropic and its quarks showering one by one).
     */
    static TopQcdJets sim() {
        return switch (System.getProperty("sim", "default")) {
            case "first" -> new TopQcdJets().flavouredHadronisation(false).bFraction(0).standardModelW(false);
            case "bhadrons" -> new TopQcdJets().standardModelW(false);
            case "default" -> new TopQcdJets();
            default -> throw new IllegalArgumentException("SIM must be default, bhadrons or first, got " + System.getProperty("sim"));
        };
    }

    static TaggerOptions options(TaggerModel m, int epochs, int particles, long seed) {
        TaggerOptions o = TaggerOptions.of(m).withSeeds(1).withParticles(particles).withNetwork(PHI, LATENT, F);
        // the defaults (lr 1e-3 -> 1e-4, batch 128, 20% validation, best epoch kept, patience 5) with the epochs given;
        // -Dpatience=N (run.sh: PATIENCE) another patience, 0 never stopping early
        var t = o.training().withEpochs(epochs).withSeed(seed);
        if (System.getProperty("patience") != null) t = t.withPatience(Integer.parseInt(System.getProperty("patience")));
        return o.withTraining(t);
    }

    record Run(double rejection, double auc, double trainLoss, double validationLoss, int bestEpoch, int epochs, double seconds) {
        static Run of(TaggerResult r) {
            TaggingMetrics m = r.perSeed().get(0);
            TrainingHistory h = r.histories().get(0);
            int best = h.bestEpoch();
            return new Run(m.rejection(), m.auc(), h.trainLoss().get(best - 1), h.bestValidationLoss(), best, h.trainLoss().size(), h.seconds());
        }
    }

    /** One independent (training, test) pair, sample {@code k}: every model trained once on it (seed 7 + k), as one JSON object. */
    static String sample(int k, int nTrain, int nTest, int epochs, int particles) {
        String[] models = System.getProperty("models", "mlp,efn,pfn,pfn-pt").split(",");
        ParticleEvents tr = sim().seed(1000 + 2L * k).generate("train" + k, nTrain);
        ParticleEvents te = sim().seed(1001 + 2L * k).generate("test" + k, nTest);
        JetSample trZ = JetSample.of(tr, "y", particles), teZ = JetSample.of(te, "y", particles);
        JetSample trPt = JetSample.of("train" + k, tr.particles(), tr.events().column("y"), particles, true, ParticleSets.Weight.PT);
        JetSample tePt = JetSample.of("test" + k, te.particles(), te.events().column("y"), particles, true, ParticleSets.Weight.PT);
        // the settings travel with the figures (summarise.py records them): the ones this JVM ran with
        StringBuilder j = new StringBuilder(String.format(Locale.ROOT,
                "{\"sample\": %d, \"settings\": {\"phi\": %s, \"latent\": %d, \"f\": %s, \"simulator\": \"%s\", \"patience\": %d}", k,
                Arrays.toString(PHI), LATENT, Arrays.toString(F), System.getProperty("sim", "default"), options(TaggerModel.PFN, epochs, particles, 0).training().patience()));
        for (String m : models) {
            TaggerModel model = switch (m) {
                case "mlp" -> TaggerModel.MLP;
                case "efn" -> TaggerModel.EFN;
                default -> TaggerModel.PFN;
            };
            boolean pt = m.equals("pfn-pt");
            int members = m.contains("-ens") ? Integer.parseInt(m.substring(m.indexOf("-ens") + 4)) : 1;
            if (members > 1) {  // an ensemble: the mean of the members' scores (logits), members seeded 7 + k + 1000 j
                TaggerModel base = m.startsWith("mlp") ? TaggerModel.MLP : m.startsWith("efn") ? TaggerModel.EFN : TaggerModel.PFN;
                double[] mean = null;
                double seconds = 0;
                for (int e = 0; e < members; e++) {
                    TaggerResult r = Tagger.train(trZ, teZ, options(base, epochs, particles, 7 + k + 1000L * e).withFeatures(ParticleFeatures.ANGULAR));
                    seconds += r.histories().get(0).seconds();
                    if (mean == null) mean = new double[r.scores().length];
                    for (int i = 0; i < mean.length; i++) mean[i] += r.scores()[i] / members;
                }
                TaggingMetrics em = TaggingMetrics.of(mean, teZ.labels());
                System.err.printf(Locale.ROOT, "sample %d %-8s 1/eps_B %6.1f +- %5.1f (binomial)  AUC %.4f  %.0f s%n", k, m, em.rejection(), em.rejectionError(), em.auc(), seconds);
                j.append(String.format(Locale.ROOT, ", \"%s\": {\"rejection\": %.5g, \"binomial\": %.4g, \"auc\": %.6f, \"members\": %d, \"seconds\": %.1f}",
                        key(m), em.rejection(), em.rejectionError(), em.auc(), members, seconds));
                continue;
            }
            // pfn-rich: the PFN on (z, y, phi, ln z, r), derived features in a well-conditioned form
            // pfn: (z, y, phi); pfn-kin: the tagger's PFN default, (z, y, phi, ln z, delta R, ln pT) (ParticleSets.kinematic)
            boolean richRows = m.equals("pfn-rich");
            TaggerOptions o = options(model, epochs, particles, 7 + k);
            if (model != TaggerModel.MLP) o = o.withFeatures(m.equals("pfn-kin") ? ParticleFeatures.KINEMATIC : ParticleFeatures.ANGULAR);
            TaggerResult r = Tagger.train(pt ? trPt : richRows ? rich(trZ) : trZ, pt ? tePt : richRows ? rich(teZ) : teZ, o);
            Run run = Run.of(r);
            System.err.printf(Locale.ROOT, "sample %d %-6s 1/eps_B %6.1f +- %5.1f (binomial)  AUC %.4f  loss train %.4f val %.4f (best epoch %d of %d)  %.0f s%n",
                    k, m, run.rejection, r.rejectionBinomialError(), run.auc, run.trainLoss, run.validationLoss, run.bestEpoch, run.epochs, run.seconds);
            j.append(String.format(Locale.ROOT, ", \"%s\": {\"rejection\": %.5g, \"binomial\": %.4g, \"auc\": %.6f, \"train_loss\": %.5f, \"validation_loss\": %.5f, "
                            + "\"best_epoch\": %d, \"epochs\": %d, \"seconds\": %.1f, \"train_curve\": %s, \"validation_curve\": %s}", key(m), run.rejection,
                    r.rejectionBinomialError(), run.auc, run.trainLoss, run.validationLoss, run.bestEpoch, run.epochs, run.seconds,
                    arr(r.histories().get(0).trainLoss().stream().mapToDouble(Double::doubleValue).toArray()),
                    arr(r.histories().get(0).validationLoss().stream().mapToDouble(Double::doubleValue).toArray())));
        }
        return j.append("}").toString();
    }

    /** Rows of (z, y, phi) padded particles widened to (z, y, phi, ln z, r = sqrt(y^2 + phi^2)); padding stays all zero. */
    static JetSample rich(JetSample s) {
        ParticleSets.Padded p = s.particles();
        int m = p.particles(), f = p.features();
        float[][] rows = new float[p.rows().length][m * 5];
        for (int i = 0; i < rows.length; i++) {
            float[] a = p.rows()[i], b = rows[i];
            for (int k = 0; k < m; k++) {
                float z = a[k * f], y = a[k * f + 1], phi = a[k * f + 2];
                if (z == 0) continue;
                b[k * 5] = z;
                b[k * 5 + 1] = y;
                b[k * 5 + 2] = phi;
                b[k * 5 + 3] = (float) Math.log(z);
                b[k * 5 + 4] = (float) Math.sqrt(y * y + phi * phi);
            }
        }
        return new JetSample(s.name(), new ParticleSets.Padded(rows, m, 5, p.weight(), p.truncatedJets(), p.largestJet()), s.observables(), s.labels(), s.pt());
    }

    /** The Tagger's printed error: the PFN on sample 0's jets, {@code seeds} trainings (initial weights, split, batch order). */
    static String init(int seeds, int nTrain, int nTest, int epochs, int particles) {
        ParticleEvents tr = sim().seed(1000).generate("train0", nTrain), te = sim().seed(1001).generate("test0", nTest);
        TaggerResult r = Tagger.train(JetSample.of(tr, "y", particles), JetSample.of(te, "y", particles),
                options(TaggerModel.PFN, epochs, particles, 101).withSeeds(seeds));
        System.err.println("PFN on sample 0 over " + seeds + " seeds: " + r);
        double[] rej = new double[seeds], auc = new double[seeds];
        for (int s = 0; s < seeds; s++) {
            rej[s] = r.perSeed().get(s).rejection();
            auc[s] = r.perSeed().get(s).auc();
        }
        return String.format(Locale.ROOT, "{\"seeds\": %d, \"rejection\": %s, \"auc\": %s, \"tagger_mean\": %.3f, \"tagger_se\": %.3f, \"binomial\": %.3f}",
                seeds, arr(rej), arr(auc), r.rejection()[0], r.rejection()[1], r.rejectionBinomialError());
    }

    // ---------------------------------------------------------------- info

    /**
     * Per jet: m, m_SD, tau21, tau32, D2, then the three exclusive-kT subjets' pair masses, sorted (NaN for a jet of < 3
     * particles), then the number of constituents, then m / pT and m_SD / pT (what z-weighted particles carry), then the
     * jet's pT.
     */
    static double[][] features(ParticleEvents pe) {
        JetSample js = JetSample.of(pe, "y", 10);
        FourMomenta p = pe.particles();
        Jets jets = Jets.cluster(p, JetDefinition.antiKt(JetSample.R), JetSample.PT_MIN, JetSample.Y_MAX);
        ClusterSequence cs = new ClusterSequence();
        double[][] out = new double[js.size()][12];
        for (int ev = 0; ev < js.size(); ev++) {
            System.arraycopy(js.observables()[ev], 0, out[ev], 0, 5);
            Arrays.fill(out[ev], 5, 9, Double.NaN);
            out[ev][9] = out[ev][0] / js.pt()[ev];
            out[ev][10] = out[ev][1] / js.pt()[ev];
            out[ev][11] = js.pt()[ev];
            int j = jets.jet(ev, 0);
            if (j < 0) continue;
            int[] con = jets.constituentsOf(j);
            out[ev][8] = con.length;
            if (con.length < 3) continue;
            double[][] q = new double[4][con.length];
            for (int k = 0; k < con.length; k++) {
                int g = p.first(ev) + con[k];
                q[0][k] = p.px()[g];
                q[1][k] = p.py()[g];
                q[2][k] = p.pz()[g];
                q[3][k] = p.e()[g];
            }
            cs.cluster(new JetDefinition(JetAlgorithm.KT, JetDefinition.MAX_R), q[0], q[1], q[2], q[3], 0, con.length);
            int[] sub = cs.exclusiveJets(3);
            double[] pair = new double[3];
            int n = 0;
            for (int a = 0; a < 3; a++) {
                for (int b = a + 1; b < 3; b++) {
                    double e = cs.e(sub[a]) + cs.e(sub[b]), x = cs.px(sub[a]) + cs.px(sub[b]), y = cs.py(sub[a]) + cs.py(sub[b]), z = cs.pz(sub[a]) + cs.pz(sub[b]);
                    pair[n++] = Math.sqrt(Math.max(0, e * e - x * x - y * y - z * z));
                }
            }
            Arrays.sort(pair);
            System.arraycopy(pair, 0, out[ev], 5, 3);
        }
        return out;
    }

    /** An MLP (the tagger's: 64-64 relu, the defaults) on the columns {@code cols}; NaN filled with the training mean. */
    static TaggingMetrics mlp(double[][] train, double[] yTrain, double[][] test, double[] yTest, int[] cols, int epochs, long seed) {
        int d = cols.length;
        double[] fill = new double[d];
        for (int k = 0; k < d; k++) {
            double s = 0;
            int n = 0;
            for (double[] r : train) if (Double.isFinite(r[cols[k]])) {
                s += r[cols[k]];
                n++;
            }
            fill[k] = n > 0 ? s / n : 0;
        }
        float[][] x = pick(train, cols, fill), xt = pick(test, cols, fill);
        float[] y = new float[yTrain.length];
        for (int i = 0; i < y.length; i++) y[i] = (float) yTrain[i];
        TrainingSettings t = options(TaggerModel.MLP, epochs, 10, seed).training();
        try (Mlp net = Mlp.builder().of(t).seed(seed).build(x)) {
            new Trainer(t).title("MLP").fit(net, new TrainingData(x, null).target("y", y), Losses.bce());
            double[] score = new double[xt.length];
            float[] flat = new float[xt.length * d];
            for (int i = 0; i < xt.length; i++) System.arraycopy(xt[i], 0, flat, i * d, d);
            float[] logit = ChunkedEvaluation.forward(net, flat, xt.length, d);
            for (int i = 0; i < score.length; i++) score[i] = logit[i];
            return TaggingMetrics.of(score, yTest);
        }
    }

    static float[][] pick(double[][] v, int[] cols, double[] fill) {
        float[][] x = new float[v.length][cols.length];
        for (int i = 0; i < v.length; i++) for (int k = 0; k < cols.length; k++) {
            double a = v[i][cols[k]];
            x[i][k] = (float) (Double.isFinite(a) ? a : fill[k]);
        }
        return x;
    }

    static String info(int nTrain, int nTest, int samples, int epochs) {
        String[] names = {"m", "five_observables", "five_plus_subjet_pair_masses", "m_plus_subjet_pair_masses", "five_plus_multiplicity",
                "five_plus_pair_masses_and_multiplicity", "five_scale_free", "five_plus_jet_pt"};
        int[][] cols = {{0}, {0, 1, 2, 3, 4}, {0, 1, 2, 3, 4, 5, 6, 7}, {0, 5, 6, 7}, {0, 1, 2, 3, 4, 8}, {0, 1, 2, 3, 4, 5, 6, 7, 8},
                {9, 10, 2, 3, 4}, {0, 1, 2, 3, 4, 11}};
        double[][] rej = new double[names.length][samples], auc = new double[names.length][samples];
        for (int k = 0; k < samples; k++) {
            ParticleEvents tr = sim().seed(1000 + 2L * k).generate("train" + k, nTrain), te = sim().seed(1001 + 2L * k).generate("test" + k, nTest);
            double[][] a = features(tr), b = features(te);
            for (int f = 0; f < names.length; f++) {
                TaggingMetrics m = mlp(a, tr.events().column("y"), b, te.events().column("y"), cols[f], epochs, 7 + k);
                rej[f][k] = m.rejection();
                auc[f][k] = m.auc();
                System.err.printf(Locale.ROOT, "sample %d MLP on %-30s 1/eps_B %6.1f +- %5.1f (binomial)  AUC %.4f%n", k, names[f], m.rejection(), m.rejectionError(), m.auc());
            }
        }
        StringBuilder j = new StringBuilder(String.format(Locale.ROOT, "{\"train_jets\": %d, \"test_jets\": %d, \"samples\": %d, \"epochs\": %d, \"simulator\": \"%s\"",
                nTrain, nTest, samples, epochs, System.getProperty("sim", "default")));
        for (int f = 0; f < names.length; f++) {
            double[] r = meanSe(rej[f]), u = meanSe(auc[f]);
            System.err.printf(Locale.ROOT, "MLP on %-30s 1/eps_B %6.1f +- %5.1f  AUC %.4f +- %.4f%n", names[f], r[0], r[1], u[0], u[1]);
            j.append(String.format(Locale.ROOT, ", \"%s\": {\"rejection\": %s, \"rejection_mean\": %.2f, \"rejection_se\": %.2f, \"auc\": %s, \"auc_mean\": %.5f}",
                    names[f], arr(rej[f]), r[0], r[1], arr(auc[f]), u[0]));
        }
        double[] d = meanSe(minus(rej[2], rej[1]));
        System.err.printf(Locale.ROOT, "gain of the subjet pair masses over the five observables: %.1f +- %.1f%n", d[0], d[1]);
        double[] dn = meanSe(minus(rej[4], rej[1]));
        System.err.printf(Locale.ROOT, "gain of the multiplicity over the five observables: %.1f +- %.1f%n", dn[0], dn[1]);
        double[] ds = meanSe(minus(rej[6], rej[1])), dp = meanSe(minus(rej[7], rej[1]));
        System.err.printf(Locale.ROOT, "the five plus the jet pT, minus the five: %.1f +- %.1f%n", dp[0], dp[1]);
        System.err.printf(Locale.ROOT, "the five with m and m_SD divided by the jet pT, minus the five: %.1f +- %.1f%n", ds[0], ds[1]);
        j.append(String.format(Locale.ROOT, ", \"gain_pair_masses\": [%.2f, %.2f], \"gain_multiplicity\": [%.2f, %.2f], \"gain_scale_free\": [%.2f, %.2f], \"gain_jet_pt\": [%.2f, %.2f]}",
                d[0], d[1], dn[0], dn[1], ds[0], ds[1], dp[0], dp[1]));
        return j.toString();
    }

    // ---------------------------------------------------------------- bayes

    record Shift(String name, Supplier<TopQcdJets> sim) {
    }

    /** Bayesian PFN training {@code k} (its own training jets at pT 550-650 and seed), scored inside and on shifted jets. */
    static String bayes(int k, int nTrain, int nTest, int epochs) {
        int m = 30, draws = 30;
        List<Shift> shifts = List.of(
                new Shift("pt_550_650", () -> sim().pt(550, 650)),
                new Shift("pt_1000_1200", () -> sim().pt(1000, 1200)),
                new Shift("pt_1600_2000", () -> sim().pt(1600, 2000)),
                new Shift("pt_300_350", () -> sim().pt(300, 350)),
                new Shift("alpha_s_0.24", () -> sim().pt(550, 650).alphaS(0.24)));
        JetSample train = JetSample.of(sim().pt(550, 650).seed(2000 + 10L * k).generate("train", nTrain), "y", m);
        TrainingSettings t = TrainingSettings.ESTIMATOR.withActivation(Activation.RELU).withEpochs(epochs).withBatchSize(64).withLearningRate(2e-3, 2e-4)
                .withPatience(0).withValidationFraction(0).withSeed(24 + k);
        float[] y = new float[train.size()];
        for (int i = 0; i < y.length; i++) y[i] = (float) train.labels()[i];
        StringBuilder j = new StringBuilder(String.format(Locale.ROOT, "{\"training\": %d", k));
        try (BayesianParticleFlowNetwork net = BayesianParticleFlowNetwork.trainClassifier(ParticleFlowNetwork.Kind.PFN, m, ParticleSets.FEATURES,
                new int[]{32, 32}, 16, new int[]{32}, Activation.RELU, train.particles().rows(), y, null, BnnOptions.of(t).withSamples(draws), "BNN-PFN")) {
            for (int i = 0; i < shifts.size(); i++) {
                JetSample test = JetSample.of(shifts.get(i).sim.get().seed(2001 + 10L * k + i).generate(shifts.get(i).name, nTest), "y", m);
                ClassifierPrediction p = net.predict(test.particles().rows(), test.labels(), draws, 25 + k);
                double[] a = meanSe(p.sigma()), b = meanSe(relative(p)), c = meanSe(p.logitSigma());
                double auc = TaggingMetrics.of(p.mean(), test.labels()).auc();
                System.err.printf(Locale.ROOT, "training %d %-13s AUC %.3f  mean sigma %.4f +- %.4f  sigma/sqrt(mu(1-mu)) %.4f +- %.4f  logit sigma %.4f +- %.4f%n", k,
                        shifts.get(i).name, auc, a[0], a[1], b[0], b[1], c[0], c[1]);
                j.append(String.format(Locale.ROOT, ", \"%s\": {\"auc\": %.5f, \"sigma\": %.6f, \"sigma_se\": %.6f, \"relative\": %.6f, \"relative_se\": %.6f, "
                        + "\"logit_sigma\": %.6f, \"logit_sigma_se\": %.6f}", shifts.get(i).name, auc, a[0], a[1], b[0], b[1], c[0], c[1]));
            }
        }
        return j.append("}").toString();
    }

    static double[] relative(ClassifierPrediction p) {
        double[] r = new double[p.size()];
        for (int i = 0; i < r.length; i++) r[i] = p.sigma()[i] / Math.sqrt(Math.max(p.mean()[i] * (1 - p.mean()[i]), 1e-12));
        return r;
    }

    // ---------------------------------------------------------------- helpers

    static String key(String m) {
        return m.replace('-', '_');
    }

    static double[] column(List<Run> runs, java.util.function.ToDoubleFunction<Run> f) {
        return runs.stream().mapToDouble(f).toArray();
    }

    static double[] minus(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i] - b[i];
        return d;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    static double sd(double[] v) {
        if (v.length < 2) return Double.NaN;
        double m = mean(v), s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return Math.sqrt(s / (v.length - 1));
    }

    static double[] meanSe(double[] v) {
        return new double[]{mean(v), sd(v) / Math.sqrt(v.length)};
    }

    static String arr(double[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) b.append(i > 0 ? ", " : "").append(Double.isFinite(v[i]) ? String.format(Locale.ROOT, "%.5g", v[i]) : "null");
        return b.append("]").toString();
    }
}
