package org.hepml.engine.anomaly;

import org.hepml.engine.Cancelled;
import org.hepml.engine.HepmlException;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.flows.FlowShape;
import org.hepml.engine.nn.Activation;
import org.hepml.engine.nn.DeviceChoice;
import org.hepml.engine.nn.Losses;
import org.hepml.engine.nn.Mlp;
import org.hepml.engine.nn.Trainer;
import org.hepml.engine.nn.TrainingData;
import org.hepml.engine.nn.TrainingSettings;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Density-based anomaly detection in a resonance search: CATHODE (Hallin et al., PRD 106 (2022) 055006,
 * arXiv:2109.00546) and ANODE (Nachman and Shih, PRD 101 (2020) 075042, arXiv:2001.04990).
 * <p>Both start from a conditional flow p_bg(x | m_jj) trained on the sideband events ({@link SidebandModel}) and
 * interpolated into the signal region through its m_jj conditioning: the substructure features may depend on m_jj,
 * and the flow learns how.
 * <ul>
 * <li>CATHODE: draw m_jj from a kernel density estimate of the signal region's m_jj, then x ~ p_bg(x | m_jj): events
 * that look like the SR background. A classifier of SR data (label 1) vs these samples (label 0) approaches
 * p_data(x) / p_bg(x) in the SR, the anomaly score. The samples are oversampled (default 4 per SR event); k-fold over
 * data and samples so that no event is scored by a classifier that trained on it; a fold's scores become percentiles
 * within the fold, as in {@link CwolaHunt}.</li>
 * <li>ANODE: a second flow p_data(x | m_jj) on the SR events; score = log p_data(x | m) - log p_bg(x | m), each SR
 * event scored by the p_data of the other folds.</li>
 * </ul>
 * The classifiers never see m_jj. Features positive on every event (jet masses, tau21) are modelled in ln x: the
 * jet masses are near log-normal, and a spline flow on [-B, B] standard deviations fits a log-normal's tail badly.
 */
public final class Cathode {
    /** The background flow's training: conditioners two hidden layers of 32 (tanh), 40 epochs of 256, lr 1e-3 to 1e-4, best of 20% validation. */
    public static final TrainingSettings FLOW = new TrainingSettings(new int[]{32, 32}, Activation.TANH, 40, 256, 1e-3,
            TrainingSettings.Decay.cosineDividedBy(10), 0.2, 6, 1, DeviceChoice.AUTO);

    public enum Method {
        CATHODE, ANODE;

        public String column() {
            return "score." + name().toLowerCase(Locale.ROOT);
        }
    }

    private List<String> features = List.of("x.mj1", "x.mj2", "x.tau21_j1", "x.tau21_j2");
    private String mass = "x.mjj";
    private double srLow = 3_300, srHigh = 3_700, low = 2_800, high = 5_000;
    private int folds = 5, oversampling = 4, trainingSeeds = 0;
    private FlowShape shape = FlowShape.DEFAULT;
    private TrainingSettings flowTraining = FLOW, classifier = Classifiers.WEAK_SUPERVISION;
    private SidebandModel background;

    public Cathode features(List<String> columns) {
        if (columns == null || columns.isEmpty()) throw new HepmlException("CATHODE needs at least one feature column (--features).");
        this.features = List.copyOf(columns);
        return this;
    }

    /** The resonance mass column (default {@code x.mjj}): the flow's condition, never a classifier input. */
    public Cathode mass(String column) {
        this.mass = column;
        return this;
    }

    public Cathode signalRegion(double low, double high) {
        if (!(low < high)) throw new HepmlException("The signal region needs low < high, got " + low + ", " + high + ".");
        this.srLow = low;
        this.srHigh = high;
        return this;
    }

    /** The outer edges of the sidebands. */
    public Cathode range(double low, double high) {
        if (!(low < high)) throw new HepmlException("The range needs low < high, got " + low + ", " + high + ".");
        this.low = low;
        this.high = high;
        return this;
    }

    public Cathode folds(int k) {
        if (k < 2) throw new HepmlException("--folds must be at least 2 (each fold is scored by a model trained on the others), got " + k + ".");
        this.folds = k;
        return this;
    }

    /** Background samples drawn per SR event (CATHODE; default 4). */
    public Cathode oversampling(int n) {
        if (n < 1) throw new HepmlException("--oversampling must be at least 1, got " + n + ".");
        this.oversampling = n;
        return this;
    }

    /**
     * Extra runs of the whole method (flow and classifiers) on the same events with other seeds (default 0): the sd of
     * the AUCs over the nominal and these runs is the training spread, added in quadrature to DeLong's scoring error
     * in {@link Result#aucError()}. Without them the error leaves training out, and that part is the larger one at
     * the sizes measured (docs/ANOMALY.md, "The error on CATHODE's AUC").
     */
    public Cathode trainingSeeds(int extra) {
        if (extra < 0 || extra > 100) throw new HepmlException("--training-seeds must be between 0 and 100, got " + extra + ".");
        this.trainingSeeds = extra;
        return this;
    }

    public Cathode flowShape(FlowShape s) {
        this.shape = s;
        return this;
    }

    /** Training of the flows (the sideband flow, and ANODE's signal-region flows). */
    public Cathode flowTraining(TrainingSettings s) {
        this.flowTraining = s;
        return this;
    }

    /**
     * A background flow already trained (by a CATHODE or ANODE run, or {@link #fitBackground}) to use instead of
     * training it again: on the same events with the same features, regions and flow settings the two methods train the
     * same p_bg(x | m_jj), and that flow is most of their time. The run checks that it was trained on
     * exactly what this run would train it on ({@link SidebandModel.TrainedOn}) and stops, saying what differs, if
     * not. The result holds the model too (it is closed when its last holder is). The {@link #trainingSeeds} runs
     * train their own, with their own seeds.
     */
    public Cathode background(SidebandModel trained) {
        this.background = trained;
        return this;
    }

    /** Training of CATHODE's data-vs-samples classifiers. */
    public Cathode classifier(TrainingSettings s) {
        this.classifier = s;
        return this;
    }

    public TrainingSettings classifier() {
        return classifier;
    }

    /**
     * The result: the SR events with their score, its ROC against the truth {@code y} (null without it), and the
     * sideband model (kept open for sampling until {@link #close}).
     */
    public record Result(Method method, Dataset scored, Roc roc, int sidebandEvents, int signalRegionEvents, int samples,
                         SidebandModel background, double[] seedAucs) implements AutoCloseable, org.hepml.engine.HtmlRenderable {
        public double auc() {
            return roc == null ? Double.NaN : roc.auc();
        }

        /**
         * DeLong's standard error of the AUC on the SR events, each scored by a classifier that did not train on it
         * (held out by the k folds): which events were scored, the trained score held fixed. NaN without the truth.
         */
        public double scoringError() {
            return roc == null ? Double.NaN : roc.standardError();
        }

        /** The sd of the AUC over the nominal run and the {@link Cathode#trainingSeeds} runs; NaN without them. */
        public double trainingSpread() {
            if (seedAucs == null || seedAucs.length < 2) return Double.NaN;
            return new StandardDeviation().evaluate(seedAucs); // the sample sd (n - 1)
        }

        /**
         * The AUC's standard error: the scoring error (DeLong) and, with training seeds, the training spread in
         * quadrature. Without training seeds it is the scoring error alone, which misses the training part.
         */
        public double aucError() {
            double t = trainingSpread();
            return Double.isNaN(t) ? scoringError() : Math.hypot(scoringError(), t);
        }

        private String aucText() {
            double t = trainingSpread();
            if (Double.isNaN(t)) {
                return String.format(Locale.ROOT, "%.3f +- %.3f (DeLong, scoring only: the training spread, larger at the sizes measured, needs --training-seeds)",
                        roc.auc(), scoringError());
            }
            return String.format(Locale.ROOT, "%.3f +- %.3f (scoring %.3f (DeLong) (+) training %.3f, sd over %d seeds)", roc.auc(), aucError(),
                    scoringError(), t, seedAucs.length);
        }

        public String summary() {
            return String.format(Locale.ROOT, "%s: background flow on %,d sideband events, %,d signal-region events%s%s", method, sidebandEvents,
                    signalRegionEvents, samples > 0 ? String.format(Locale.ROOT, " vs %,d background samples", samples) : "",
                    roc == null ? "" : String.format(Locale.ROOT, "; AUC (truth signal vs background in the SR) %s, max SIC %.1f", aucText(),
                            roc.maxSic(0.01)));
        }

        @Override
        public String toHtml() {
            return "<div><pre>" + org.hepml.engine.HtmlRenderable.escape(summary()) + "</pre></div>";
        }

        @Override
        public String toString() {
            return summary();
        }

        @Override
        public void close() {
            background.close();
        }
    }

    /** The events of {@code data} in the range, split into sidebands and signal region. */
    private record Regions(double[][] sidebandX, double[] sidebandM, double[][] srX, double[] srM, int[] srRows) {
    }

    private Regions regions(Dataset data) {
        if (!(low < srLow && srHigh < high)) {
            throw new HepmlException(String.format(Locale.ROOT, "The signal region [%g, %g] must lie inside the range (%g, %g): sidebands on both sides.",
                    srLow, srHigh, low, high));
        }
        if (features.contains(mass)) throw new HepmlException("The mass column '" + mass + "' cannot be a feature: the flow is conditioned on it.");
        double[] m = data.column(mass);
        double[][] x = Classifiers.features(data, features);
        int[] sb = IntStream.range(0, m.length).filter(i -> m[i] >= low && m[i] < high && !(m[i] >= srLow && m[i] < srHigh)).toArray();
        int[] sr = IntStream.range(0, m.length).filter(i -> m[i] >= srLow && m[i] < srHigh).toArray();
        if (sb.length < 200 || sr.length < 20 * folds) {
            throw new HepmlException("'" + data.name() + "' has " + sb.length + " sideband and " + sr.length
                    + " signal-region events: too few for a density estimate (at least 200 and " + 20 * folds + ").");
        }
        return new Regions(rows(x, sb), pick(m, sb), rows(x, sr), pick(m, sr), sr);
    }

    /** The sideband flow alone (for the idealised check: its SR samples against the true SR background). */
    public SidebandModel fitBackground(Dataset data) {
        Regions r = regions(data);
        return SidebandModel.train(features, r.sidebandX(), r.sidebandM(), r.srM(), shape, flowTraining);
    }

    public Result run(Dataset data, Method method) {
        Result nominal = runOnce(data, method, flowTraining, classifier, background);
        if (trainingSeeds == 0 || nominal.roc() == null) return nominal;
        double[] aucs = new double[trainingSeeds + 1];
        aucs[0] = nominal.auc();
        try {
            for (int s = 1; s <= trainingSeeds; s++) {
                Cancelled.check(method + " training seeds");
                long shift = 7_919L * s; // flow, its samples, the folds and the classifiers all take their seeds from these
                try (Result other = runOnce(data, method, flowTraining.withSeed(flowTraining.seed() + shift), classifier.withSeed(classifier.seed() + shift), null)) {
                    aucs[s] = other.auc();
                }
            }
        } catch (RuntimeException e) {
            nominal.close();
            throw e;
        }
        return new Result(nominal.method(), nominal.scored(), nominal.roc(), nominal.sidebandEvents(), nominal.signalRegionEvents(), nominal.samples(),
                nominal.background(), aucs);
    }

    private Result runOnce(Dataset data, Method method, TrainingSettings flowTraining, TrainingSettings classifier, SidebandModel trained) {
        Regions r = regions(data);
        double[] truth = data.has("y") ? pick(data.column("y"), r.srRows()) : null;
        SidebandModel bg = trained == null ? SidebandModel.train(features, r.sidebandX(), r.sidebandM(), r.srM(), shape, flowTraining)
                : reuse(trained, r, flowTraining);
        try {
            double[][] x = bg.preprocess(r.srX());
            double[] score;
            int samples = 0;
            if (method == Method.CATHODE) {
                samples = oversampling * x.length;
                double[][] fake = bg.sampleSignalRegion(samples, flowTraining.seed() * 7919 + 3);
                score = crossPredict(x, fake, folds, classifier, "CATHODE classifier, SR data vs background samples")[0];
            } else {
                score = anodeScores(bg, x, r.srM(), flowTraining);
            }
            Roc roc = null;
            if (truth != null && Arrays.stream(truth).anyMatch(t -> t > 0.5) && Arrays.stream(truth).anyMatch(t -> t < 0.5)) roc = Roc.of(score, truth);
            Dataset.Builder out = Dataset.builder(data.name());
            for (String c : data.columnNames()) out.column(c, pick(data.column(c), r.srRows()));
            out.column(method.column(), score);
            data.metadata().forEach(out::meta);
            return new Result(method, out.build(), roc, r.sidebandM().length, x.length, samples, bg, null);
        } catch (RuntimeException e) {
            bg.close();
            throw e;
        }
    }

    /** The trained background flow for one more holder, if it was trained on what this run would train it on. */
    private SidebandModel reuse(SidebandModel trained, Regions r, TrainingSettings flowTraining) {
        var wanted = SidebandModel.TrainedOn.of(features, r.sidebandX(), r.sidebandM(), r.srM(), shape, flowTraining);
        String difference = trained.trainedOn().differenceFrom(wanted);
        if (difference != null) {
            throw new HepmlException("The background flow given to reuse was trained on " + difference
                    + ": it is not the flow this run would train. Leave out the reuse (--background) to train one, or run with the options of the run that trained it.");
        }
        return trained.share();
    }

    /** ANODE: log p_data(x | m) from flows on the other folds of the SR minus log p_bg(x | m). */
    private double[] anodeScores(SidebandModel bg, double[][] x, double[] m, TrainingSettings flowTraining) {
        double[] logBg = bg.logDensity(x, m);
        double[] score = new double[x.length];
        int[] fold = folds(x.length, folds, flowTraining.seed() * 31 + 11);
        for (int f = 0; f < folds; f++) {
            Cancelled.check("ANODE");
            final int held = f;
            int[] train = IntStream.range(0, x.length).filter(i -> fold[i] != held).toArray();
            int[] test = IntStream.range(0, x.length).filter(i -> fold[i] == held).toArray();
            try (SidebandModel.Flow sr = SidebandModel.Flow.train(rows(x, train), pick(m, train), shape, flowTraining.withSeed(flowTraining.seed() + 100L * (f + 1)),
                    String.format(Locale.ROOT, "ANODE p_data(x | m) in the signal region, fold %d of %d", f + 1, folds))) {
                double[] logData = sr.logDensity(rows(x, test), pick(m, test));
                for (int k = 0; k < test.length; k++) score[test[k]] = logData[k] - logBg[test[k]];
            }
        }
        return score;
    }

    /**
     * Out-of-fold scores of a classifier of {@code a} (label 1) vs {@code b} (label 0), classes weighted to half the
     * total each: every event is scored by the classifier trained on the other k - 1 folds, as its percentile among
     * the held-out events (a and b) of its fold. Returns {scores of a, scores of b}.
     */
    public static double[][] crossPredict(double[][] a, double[][] b, int folds, TrainingSettings settings, String title) {
        int na = a.length, n = na + b.length;
        double[][] x = new double[n][];
        System.arraycopy(a, 0, x, 0, na);
        System.arraycopy(b, 0, x, na, b.length);
        int[] fold = folds(n, folds, settings.seed() * 31 + 7);
        double[] percentile = new double[n];
        for (int f = 0; f < folds; f++) {
            Cancelled.check(title);
            final int held = f;
            int[] train = IntStream.range(0, n).filter(i -> fold[i] != held).toArray();
            int[] test = IntStream.range(0, n).filter(i -> fold[i] == held).toArray();
            float[] y = new float[train.length], w = new float[train.length];
            double ones = 0;
            for (int i : train) if (i < na) ones++;
            for (int k = 0; k < train.length; k++) {
                y[k] = train[k] < na ? 1 : 0;
                w[k] = (float) (train.length / 2.0 / (y[k] > 0 ? ones : train.length - ones));
            }
            float[][] in = Classifiers.rows(x, train);
            TrainingSettings s = settings.withSeed(settings.seed() + 1_000L * f);
            try (Mlp net = Mlp.builder().of(s).seed(s.seed()).build(in)) {
                new Trainer(s).title(String.format(Locale.ROOT, "%s, fold %d of %d", title, f + 1, folds))
                        .fit(net, new TrainingData(in, w).target("y", y), Losses.bce());
                float[][] out = Classifiers.outputs(net, x, test);
                double[] scores = new double[test.length];
                for (int k = 0; k < test.length; k++) scores[k] = out[k][0];
                double[] q = CwolaHunt.percentiles(scores);
                for (int k = 0; k < test.length; k++) percentile[test[k]] = q[k];
            }
        }
        return new double[][]{Arrays.copyOfRange(percentile, 0, na), Arrays.copyOfRange(percentile, na, n)};
    }

    /**
     * The classifier two-sample test: the out-of-fold AUC of telling {@code a} from {@code b}, and its standard error
     * when they follow one distribution (Mann-Whitney, no ties: sqrt((n_a + n_b + 1) / (12 n_a n_b))).
     */
    public static double[] twoSampleAuc(double[][] a, double[][] b, int folds, TrainingSettings settings) {
        double[][] s = crossPredict(a, b, folds, settings, "Two-sample classifier");
        double[] score = new double[a.length + b.length], label = new double[score.length];
        System.arraycopy(s[0], 0, score, 0, a.length);
        System.arraycopy(s[1], 0, score, a.length, b.length);
        Arrays.fill(label, 0, a.length, 1);
        double na = a.length, nb = b.length;
        return new double[]{Roc.of(score, label).auc(), Math.sqrt((na + nb + 1) / (12 * na * nb))};
    }

    static int[] folds(int n, int k, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] fold = new int[n];
        for (int i = 0; i < n; i++) fold[i] = rng.nextInt(k);
        return fold;
    }

    static double[][] rows(double[][] x, int[] events) {
        double[][] out = new double[events.length][];
        for (int k = 0; k < events.length; k++) out[k] = x[events[k]];
        return out;
    }

    static double[] pick(double[] v, int[] events) {
        double[] out = new double[events.length];
        for (int k = 0; k < events.length; k++) out[k] = v[events[k]];
        return out;
    }

    /** A short description list for summaries: the features the flow models in ln x. */
    static List<String> logged(List<String> features, boolean[] log) {
        List<String> out = new ArrayList<>();
        for (int j = 0; j < log.length; j++) if (log[j]) out.add(features.get(j));
        return out;
    }
}
