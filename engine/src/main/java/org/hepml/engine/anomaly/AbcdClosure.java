package org.hepml.engine.anomaly;

import org.hepml.engine.Cancelled;
import org.hepml.engine.HepmlException;
import org.hepml.engine.HtmlRenderable;
import org.hepml.engine.Progress;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.DijetResonance;
import org.hepml.engine.nn.TrainingSettings;
import org.hepml.engine.plot.Figure;
import org.hepml.engine.plot.HepStyle;
import org.hepml.engine.plot.Series;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The ABCD closure of a DisCo classifier as a statistical statement: over independent repetitions on the dijet toy,
 * each with its own training sample and network seed, the pull (N_pred - N_A) / sqrt(sigma_pred^2 + N_A) should have
 * mean 0 and sd 1 when the method closes. Each repetition has three independent samples: the labelled training events,
 * background events that fix the working point (the score cut keeping {@code efficiency} of them) and measure the
 * held-out dCor^2(score, m_jj), and the background events on which ABCD is counted; choosing the cut on the counted
 * events would tie the four counts to the cut and change their fluctuations.
 * <p>A trained network's residual correlation in the tail varies from one training to the next: on the dijet toy
 * (10,000 labelled events, 8 epochs) it moves N_pred / N_A by ~ 8% rms around 1 ({@link #NON_CLOSURE}), which at
 * 10,000 background events is as large as the Poisson error. The pulls with only the statistical error are then
 * centred but wider than 1; with the non-closure systematic added they have unit width.
 * <p>Why, and the cure ({@link #decorrelate}): the network learns the background's tail correlation with m_jj from its
 * own training sample (7,000 background events), so its decorrelation carries that sample's Poisson fluctuation, about
 * the size of the ABCD error itself. With the features first decorrelated from m_jj by a transform of 4 parameters per
 * feature fitted on a large simulated background sample, every function of them is (nearly) independent of m_jj
 * whatever the training, and the statistical pulls have unit width (docs/ANOMALY.md, measured).
 */
public final class AbcdClosure {
    /**
     * The rms non-closure N_pred / N_A - 1 of a DisCo network on the raw features (lambda 50, batch 256, 8 epochs,
     * 10,000 labelled events) beyond the Poisson error, measured on validation trainings whose seeds the tests do not
     * use: 6.2% (4 trainings x 8 closure samples of 20,000 events), 7.8% (lambda 100) and 8.8% (lambda 50, batch 128;
     * 6 trainings x 4 of 10,000). Not needed with {@link #decorrelate}.
     */
    public static final double NON_CLOSURE = 0.08;

    private List<String> features = List.of(DijetResonance.FEATURES);
    private double lambda = DisCo.DEFAULT_LAMBDA;
    private TrainingSettings settings = DisCo.DEFAULT;
    private int trainingEvents = 10_000, workingPointEvents = 20_000, closureEvents = 10_000;
    private double signalFraction = 0.3, efficiency = 0.1, massCut = 3_300;
    private int repetitions = 10;
    private int members = 1;
    private int decorrelationEvents = 0;
    private long seed = 1;

    public AbcdClosure lambda(double v) {
        if (!(v >= 0) || Double.isInfinite(v)) throw new HepmlException("--lambda must be zero or positive, got " + v + ".");
        this.lambda = v;
        return this;
    }

    public AbcdClosure training(TrainingSettings s) {
        this.settings = s;
        return this;
    }

    /** Labelled training events (signal fraction {@code signalFraction}) and background events per repetition for the cut and for ABCD. */
    public AbcdClosure events(int training, int workingPoint, int closure) {
        if (training < 100 || workingPoint < 100 || closure < 100) {
            throw new HepmlException("Each sample needs at least 100 events; got " + training + ", " + workingPoint + ", " + closure + ".");
        }
        this.trainingEvents = training;
        this.workingPointEvents = workingPoint;
        this.closureEvents = closure;
        return this;
    }

    public AbcdClosure efficiency(double e) {
        if (!(e > 0 && e < 1)) throw new HepmlException("--efficiency must be in (0, 1), got " + e + ".");
        this.efficiency = e;
        return this;
    }

    /** Networks per DisCo ensemble (their logits averaged), each repetition its own ensemble. */
    public AbcdClosure members(int k) {
        if (k < 1) throw new HepmlException("--members must be at least 1, got " + k + ".");
        this.members = k;
        return this;
    }

    /**
     * Feeds the network the features decorrelated from m_jj ({@link DisCo#decorrelation}), fitted in each repetition on
     * its own simulated background sample of {@code backgroundEvents} (0: the raw features, the default).
     */
    public AbcdClosure decorrelate(int backgroundEvents) {
        if (backgroundEvents != 0 && backgroundEvents < 1_000) {
            throw new HepmlException("--decorrelate needs at least 1000 background events to fit on (0 for the raw features), got " + backgroundEvents + ".");
        }
        this.decorrelationEvents = backgroundEvents;
        return this;
    }

    public AbcdClosure repetitions(int r) {
        if (r < 2) throw new HepmlException("The closure needs at least 2 repetitions, got " + r + ".");
        this.repetitions = r;
        return this;
    }

    public AbcdClosure seed(long s) {
        this.seed = s;
        return this;
    }

    /** One repetition's ABCD counts and the held-out dCor^2 of the score with m_jj (background, 2,000 events). */
    public record Repetition(Abcd abcd, double heldOutDistanceCorrelation) {
    }

    /** @param decorrelated whether the networks saw the features decorrelated from m_jj ({@link #decorrelate}) */
    public record Result(double lambda, boolean decorrelated, double efficiency, int closureEvents, List<Repetition> repetitions) implements HtmlRenderable {
        /** The statistical pulls, (N_pred - N_A) / sqrt(sigma_pred^2 + N_A). */
        public double[] pulls() {
            return pulls(0);
        }

        /** The pulls with the relative non-closure {@code systematic} added to the prediction's error. */
        public double[] pulls(double systematic) {
            return repetitions.stream().mapToDouble(r -> r.abcd().closurePull(systematic)).toArray();
        }

        public double meanPull() {
            return meanPull(0);
        }

        public double meanPull(double systematic) {
            return Arrays.stream(pulls(systematic)).average().orElseThrow();
        }

        /** The sample sd of the pulls. */
        public double sdPull() {
            return sdPull(0);
        }

        public double sdPull(double systematic) {
            double[] p = pulls(systematic);
            double m = meanPull(systematic), s = 0;
            for (double v : p) s += (v - m) * (v - m);
            return Math.sqrt(s / (p.length - 1));
        }

        /** The standard error of the mean pull, sd / sqrt(R). */
        public double meanStandardError(double systematic) {
            return sdPull(systematic) / Math.sqrt(repetitions.size());
        }

        public double meanStandardError() {
            return meanStandardError(0);
        }

        /** The standard error of the sample sd of R unit normals: 1 / sqrt(2 (R - 1)). */
        public double sdStandardError() {
            return 1 / Math.sqrt(2.0 * (repetitions.size() - 1));
        }

        /** The mean relative bias (N_pred - N_A) / N_A over the repetitions. */
        public double meanRelativeBias() {
            return repetitions.stream().mapToDouble(r -> r.abcd().predicted() / r.abcd().a() - 1).average().orElseThrow();
        }

        public double meanHeldOutDistanceCorrelation() {
            return repetitions.stream().mapToDouble(Repetition::heldOutDistanceCorrelation).average().orElseThrow();
        }

        public String summary() {
            return String.format(Locale.ROOT, "lambda %g%s: ABCD closure over %d repetitions (%d background events each, %.0f%% score efficiency): "
                            + "statistical pull mean %.2f +- %.2f, sd %.2f +- %.2f; with %.0f%% non-closure: mean %.2f, sd %.2f; "
                            + "(N_pred - N_A) / N_A %.1f%%; held-out dCor^2 %.4f",
                    lambda, decorrelated ? ", decorrelated inputs" : "", repetitions.size(), closureEvents, 100 * efficiency, meanPull(), meanStandardError(), sdPull(), sdStandardError(),
                    100 * NON_CLOSURE, meanPull(NON_CLOSURE), sdPull(NON_CLOSURE), 100 * meanRelativeBias(), meanHeldOutDistanceCorrelation());
        }

        @Override
        public String toString() {
            return summary();
        }

        @Override
        public String toHtml() {
            return "<div><pre>" + HtmlRenderable.escape(summary()) + "</pre>" + figure(List.of(this)).toHtmlImage() + "</div>";
        }
    }

    /**
     * N_pred / N_A - 1 per repetition with its error bar sqrt(sigma_pred^2 + N_A) / N_A, one series per result (with
     * and without the penalty side by side): a method that closes scatters around 0 within its bars.
     */
    public static Figure figure(List<Result> results) {
        XYChart c = new XYChartBuilder().width(620).height(400).xAxisTitle("repetition").yAxisTitle("N_pred / N_A \u2212 1")
                .title("ABCD closure on background").build();
        HepStyle.apply(c);
        double max = 1;
        for (int k = 0; k < results.size(); k++) {
            Result r = results.get(k);
            int n = r.repetitions().size();
            double[] x = new double[n], y = new double[n], err = new double[n];
            for (int i = 0; i < n; i++) {
                Abcd a = r.repetitions().get(i).abcd();
                double e = a.predictedError();
                x[i] = i + 1 + 0.2 * (k - (results.size() - 1) / 2.0);
                y[i] = a.predicted() / a.a() - 1;
                err[i] = Math.sqrt(e * e + a.a()) / a.a();
            }
            max = Math.max(max, n);
            Series.errorBars(c, "bars " + k, x, y, err, err, HepStyle.color(k), 1.4f);
            Series.points(c, String.format(Locale.ROOT, "\u03bb = %g%s: pull %.2f \u00b1 %.2f, sd %.2f", r.lambda(), r.decorrelated() ? ", decorrelated" : "", r.meanPull(), r.meanStandardError(), r.sdPull()),
                    x, y, HepStyle.color(k), SeriesMarkers.CIRCLE);
        }
        Series.reference(c, "closure", new double[]{0.5, max + 0.5}, new double[]{0, 0});
        return Figure.of(c);
    }

    public Result run() {
        List<Repetition> out = new ArrayList<>();
        try (Progress progress = Progress.start(String.format(Locale.ROOT, "ABCD closure, lambda %g%s", lambda, decorrelationEvents > 0 ? ", decorrelated" : ""),
                repetitions, "repetitions")) {
            for (int r = 0; r < repetitions; r++) {
                Cancelled.check("ABCD closure");
                long s = seed * 1_000 + r;
                Dataset train = new DijetResonance().signal(3_500, 80, signalFraction).seed(s).generate("closure.train", trainingEvents);
                Dataset workingPoint = new DijetResonance().seed(s + 100_000_000L).generate("closure.cut", workingPointEvents);
                Dataset closure = new DijetResonance().seed(s + 200_000_000L).generate("closure.abcd", closureEvents);
                MassDecorrelation decorrelation = decorrelationEvents == 0 ? null
                        : DisCo.decorrelation(new DijetResonance().seed(s + 300_000_000L).generate("closure.decorrelation", decorrelationEvents), features, "x.mjj");
                try (DisCo d = DisCo.train(train, features, "y", "x.mjj", lambda, settings.withSeed(s), members, decorrelation)) {
                    double[] w = d.score(workingPoint), m = workingPoint.column("x.mjj");
                    int held = Math.min(2_000, w.length);
                    double dcor = DisCo.distanceCorrelationSquared(Arrays.copyOf(w, held), Arrays.copyOf(m, held));
                    Abcd abcd = Abcd.count(d.score(closure), closure.column("x.mjj"), null, Abcd.cutKeeping(w, efficiency), massCut);
                    out.add(new Repetition(abcd, dcor));
                }
                progress.update(r + 1, String.format(Locale.ROOT, "pull %.2f", out.get(r).abcd().closurePull()));
            }
        }
        return new Result(lambda, decorrelationEvents > 0, efficiency, closureEvents, List.copyOf(out));
    }
}
