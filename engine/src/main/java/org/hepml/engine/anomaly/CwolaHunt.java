package org.hepml.engine.anomaly;

import org.hepml.engine.Cancelled;
import org.hepml.engine.HepmlException;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.nn.Losses;
import org.hepml.engine.nn.Mlp;
import org.hepml.engine.nn.Trainer;
import org.hepml.engine.nn.TrainingData;
import org.hepml.engine.nn.TrainingSettings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * CWoLa hunting (Collins, Howe, Nachman, PRL 121 (2018) 241803; PRD 99 (2019) 014038): "classification without labels"
 * between a signal region in m_jj and its sidebands. If the substructure features of the background do not depend on
 * m_jj, the best classifier of SR vs SB is a monotone function of signal vs background, so a cut on it enhances a
 * resonance without ever seeing a labelled signal event; then the usual bump hunt runs on the selected events.
 * Because features that do drift with m_jj let the classifier sculpt a bump, they are first standardised in ln m_jj
 * on the sidebands ({@link MassDecorrelation}; {@link #decorrelate} turns it off).
 * <p>k-fold: the events in the range are split at random into k folds; each fold is scored by a classifier trained on
 * the other k - 1 (SR labelled 1, SB 0, each class weighted to half the total), so no event is scored by a classifier
 * that saw it. A fold's scores become percentiles within the fold, so one cut keeps the same fraction of every fold
 * and the folds' classifiers need no common scale. The efficiency scan cuts at several fractions eps kept, and
 * {@link BumpHunt} fits the dijet function to the sidebands of the kept events and measures the excess in the SR.
 */
public final class CwolaHunt {
    private List<String> features = List.of("x.mj1", "x.mj2", "x.tau21_j1", "x.tau21_j2");
    private String mass = "x.mjj";
    private double srLow = 3_300, srHigh = 3_700, low = 2_800, high = 5_000;
    private int folds = 5, bins = 22;
    private double[] efficiencies = {1, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01};
    private TrainingSettings training = Classifiers.WEAK_SUPERVISION;
    private boolean decorrelate = true;

    public CwolaHunt features(List<String> columns) {
        if (columns == null || columns.isEmpty()) throw new HepmlException("CWoLa needs at least one feature column (--features).");
        this.features = List.copyOf(columns);
        return this;
    }

    /** The resonance mass column (default {@code x.mjj}); never an input of the classifier. */
    public CwolaHunt mass(String column) {
        this.mass = column;
        return this;
    }

    public CwolaHunt signalRegion(double low, double high) {
        if (!(low < high)) throw new HepmlException("The signal region needs low < high, got " + low + ", " + high + ".");
        this.srLow = low;
        this.srHigh = high;
        return this;
    }

    /** The outer edges of the sidebands (the fit range). */
    public CwolaHunt range(double low, double high) {
        if (!(low < high)) throw new HepmlException("The range needs low < high, got " + low + ", " + high + ".");
        this.low = low;
        this.high = high;
        return this;
    }

    public CwolaHunt folds(int k) {
        if (k < 2) throw new HepmlException("--folds must be at least 2 (each fold is scored by a classifier trained on the others), got " + k + ".");
        this.folds = k;
        return this;
    }

    public CwolaHunt bins(int n) {
        this.bins = n;
        return this;
    }

    /** The fractions of events kept by the cuts of the scan, each in (0, 1]. */
    public CwolaHunt efficiencies(double... eps) {
        for (double e : eps) if (!(e > 0 && e <= 1)) throw new HepmlException("Selection efficiencies must be in (0, 1], got " + e + ".");
        this.efficiencies = eps.clone();
        return this;
    }

    /**
     * Whether the features are first standardised in m_jj on the sidebands ({@link MassDecorrelation}; default on):
     * without it, features that drift with m_jj let the classifier sculpt a bump into a background-only sample.
     */
    public CwolaHunt decorrelate(boolean on) {
        this.decorrelate = on;
        return this;
    }

    public CwolaHunt training(TrainingSettings settings) {
        this.training = settings;
        return this;
    }

    public TrainingSettings training() {
        return training;
    }

    /** One point of the efficiency scan: the bump hunt on the events kept, and the truth where the data have it. */
    public record ScanPoint(double efficiency, BumpHunt.Result hunt, double trueSignal, double trueBackground) {
        /** S / sqrt(B) in the signal region from the truth labels (NaN without them). */
        public double trueSignificance() {
            return trueBackground > 0 ? trueSignal / Math.sqrt(trueBackground) : Double.NaN;
        }
    }

    /**
     * The result: the events in the range with their CWoLa percentile {@code score.cwola}, the scan, and the AUC of the
     * score for truth signal vs background in the signal region (NaN without truth labels {@code y}).
     */
    public record Result(Dataset scored, List<ScanPoint> scan, double auc, double srLow, double srHigh, double low, double high)
            implements org.hepml.engine.HtmlRenderable {
        @Override
        public String toHtml() {
            return "<div><pre>" + org.hepml.engine.HtmlRenderable.escape(summary()) + "</pre>" + figure().toHtmlImage() + "</div>";
        }

        public ScanPoint at(double efficiency) {
            return scan.stream().min(Comparator.comparingDouble(p -> Math.abs(Math.log(p.efficiency() / efficiency))))
                    .orElseThrow();
        }

        public String summary() {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "CWoLa hunt, SR [%.0f, %.0f], fit range [%.0f, %.0f]%s%n",
                    srLow, srHigh, low, high, Double.isNaN(auc) ? "" : String.format(Locale.ROOT, ", AUC in the SR %.3f", auc)));
            b.append("  eps     N_SR      B_fit +- err     Z_fit  deviance/dof   S/sqrt(B) (truth)\n");
            for (ScanPoint p : scan) {
                BumpHunt.Result h = p.hunt();
                b.append(String.format(Locale.ROOT, "  %-6.3f %7.0f %9.1f +- %-6.1f %6.2f %7.1f/%d %10.2f%n", p.efficiency(), h.observed(), h.expected(),
                        h.sigmaExpected(), h.significance(), h.deviance(), h.degreesOfFreedom(), p.trueSignificance()));
            }
            return b.toString();
        }

        public org.hepml.engine.plot.Figure figure() {
            return AnomalyPlots.cwola(this);
        }
    }

    public Result run(Dataset data) {
        if (!(low < srLow && srHigh < high)) {
            throw new HepmlException(String.format(Locale.ROOT, "The signal region [%g, %g] must lie inside the range (%g, %g): sidebands on both sides.",
                    srLow, srHigh, low, high));
        }
        if (features.contains(mass)) throw new HepmlException("The mass column '" + mass + "' cannot be a feature: CWoLa's labels are made from it.");
        double[] m = data.column(mass);
        double[][] xAll = Classifiers.features(data, features);
        int[] inRange = java.util.stream.IntStream.range(0, m.length).filter(i -> m[i] >= low && m[i] < high).toArray();
        if (inRange.length < 20 * folds) throw new HepmlException("Only " + inRange.length + " events of '" + data.name() + "' in the range: too few for CWoLa.");
        double[][] raw = new double[inRange.length][];
        double[] mjj = new double[inRange.length];
        float[] label = new float[inRange.length];
        double nSr = 0;
        for (int k = 0; k < inRange.length; k++) {
            raw[k] = xAll[inRange[k]];
            mjj[k] = m[inRange[k]];
            label[k] = mjj[k] >= srLow && mjj[k] < srHigh ? 1 : 0;
            nSr += label[k];
        }
        if (nSr < 10 || nSr > inRange.length - 10) throw new HepmlException("The signal region or the sidebands hold fewer than 10 events.");
        boolean[] sideband = new boolean[label.length];
        for (int k = 0; k < label.length; k++) sideband[k] = label[k] == 0;
        double[][] x = decorrelate ? MassDecorrelation.fit(raw, mjj, sideband).apply(raw, mjj) : raw;

        SplittableRandom rng = new SplittableRandom(training.seed() * 31 + 7);
        int[] fold = new int[x.length];
        for (int i = 0; i < fold.length; i++) fold[i] = rng.nextInt(folds);
        double[] percentile = new double[x.length];
        for (int f = 0; f < folds; f++) {
            Cancelled.check("CWoLa hunting");
            final int held = f;
            int[] train = java.util.stream.IntStream.range(0, x.length).filter(i -> fold[i] != held).toArray();
            int[] test = java.util.stream.IntStream.range(0, x.length).filter(i -> fold[i] == held).toArray();
            float[] y = new float[train.length], w = new float[train.length];
            double sr = 0;
            for (int k = 0; k < train.length; k++) sr += label[train[k]];
            for (int k = 0; k < train.length; k++) {
                y[k] = label[train[k]];
                w[k] = (float) (train.length / 2.0 / (y[k] > 0 ? sr : train.length - sr)); // balanced classes
            }
            float[][] in = Classifiers.rows(x, train);
            TrainingSettings s = training.withSeed(training.seed() + 1_000L * f);
            try (Mlp net = Mlp.builder().of(s).seed(s.seed()).build(in)) {
                new Trainer(s).title(String.format(Locale.ROOT, "CWoLa classifier, fold %d of %d", f + 1, folds))
                        .fit(net, new TrainingData(in, w).target("y", y), Losses.bce());
                float[][] out = Classifiers.outputs(net, x, test);
                double[] scores = new double[test.length];
                for (int k = 0; k < test.length; k++) scores[k] = out[k][0];
                double[] q = percentiles(scores);
                for (int k = 0; k < test.length; k++) percentile[test[k]] = q[k];
            }
        }

        double[] truth = data.has("y") ? data.column("y") : null;
        List<ScanPoint> scan = new ArrayList<>();
        for (double eps : efficiencies) {
            List<Double> kept = new ArrayList<>();
            double s = 0, b = 0;
            for (int k = 0; k < x.length; k++) {
                if (percentile[k] < 1 - eps) continue;
                kept.add(mjj[k]);
                if (truth != null && label[k] > 0) {
                    if (truth[inRange[k]] > 0.5) s++; else b++;
                }
            }
            double[] km = kept.stream().mapToDouble(Double::doubleValue).toArray();
            scan.add(new ScanPoint(eps, BumpHunt.fit(km, low, high, bins, srLow, srHigh), truth == null ? Double.NaN : s, truth == null ? Double.NaN : b));
        }

        double auc = Double.NaN;
        if (truth != null) {
            double[] srScore = java.util.stream.IntStream.range(0, x.length).filter(k -> label[k] > 0).mapToDouble(k -> percentile[k]).toArray();
            double[] srTruth = java.util.stream.IntStream.range(0, x.length).filter(k -> label[k] > 0).mapToDouble(k -> truth[inRange[k]]).toArray();
            if (Arrays.stream(srTruth).anyMatch(t -> t > 0.5) && Arrays.stream(srTruth).anyMatch(t -> t < 0.5)) auc = Roc.of(srScore, srTruth).auc();
        }
        Dataset.Builder out = Dataset.builder(data.name());
        for (String c : data.columnNames()) {
            double[] v = data.column(c);
            double[] sel = new double[inRange.length];
            for (int k = 0; k < sel.length; k++) sel[k] = v[inRange[k]];
            out.column(c, sel);
        }
        out.column("score.cwola", percentile);
        data.metadata().forEach(out::meta);
        return new Result(out.build(), List.copyOf(scan), auc, srLow, srHigh, low, high);
    }

    /** The rank of each value among all, as a fraction in (0, 1) (ties broken by position: a cut then keeps exactly its share). */
    static double[] percentiles(double[] v) {
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble(i -> v[i]));
        double[] q = new double[v.length];
        for (int r = 0; r < order.length; r++) q[order[r]] = (r + 0.5) / v.length;
        return q;
    }
}
