package org.hepml.engine.sbi;

import org.apache.commons.math3.linear.SingularMatrixException;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.hepml.engine.Cancelled;
import org.hepml.engine.HepmlException;
import org.hepml.engine.HtmlRenderable;
import org.hepml.engine.Progress;
import org.hepml.engine.StoppedEarly;
import org.hepml.engine.flows.ConditionalFlow;
import org.hepml.engine.flows.FlowShape;
import org.hepml.engine.nn.Mlp;
import org.hepml.engine.nn.ModelFile;
import org.hepml.engine.nn.TrainingData;
import org.hepml.engine.nn.TrainingHistory;
import org.hepml.engine.nn.TrainingSettings;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Neural posterior estimation (NPE; Papamakarios and Murray 2016, Greenberg et al. 2019) for one observation of N
 * events: a conditional normalizing flow q(theta | s(x)) over the parameter, conditioned on the summary statistics
 * s of the sample ({@link SummarySimulator#summaries()}). Trained by maximum likelihood on pairs theta_i ~ prior,
 * x_i ~ sim(theta_i) of N events, s_i = s(x_i): the minimiser of E[-log q(theta | s)] over those pairs is the
 * posterior p(theta | s) under that prior (amortised: one training serves every observation of N events).
 * <p>The flow learns the residual r = theta - (a + b.s) of a least-squares line fitted to the training pairs (the
 * regression adjustment of Beaumont, Zhang and Balding 2002), so that q(theta | s) = q_r(theta - a - b.s | s), the
 * shift having unit Jacobian. Why: a rational-quadratic spline flow maps its box [-B, B] onto itself, so a posterior
 * much narrower than the prior (theta standardised over the prior) would get tails pinned to the box's edge, too heavy
 * by far (seen: posterior widths 15% too large on the Gaussian toy without it); the residual's spread is the
 * posterior's width, and the flow then only learns the shape around it.
 */
public final class PosteriorEstimator implements HtmlRenderable, AutoCloseable, StoppedEarly {
    /**
     * Conditioners of two hidden layers of 32 (tanh), 256 simulations per step, 10 epochs, learning rate 3e-3 to 3e-4:
     * simulations are cheap, so many (20,000 by default) seen few times beat few seen often (less overfitting; probe on
     * the Gaussian toy: 20,000 x 10 epochs gave half the posterior-mean error of 5,000 x 40 at the same cost).
     */
    public static final TrainingSettings DEFAULT_SETTINGS = LikelihoodEstimator.DEFAULT_SETTINGS.withEpochs(10);
    private final SummarySimulator simulator;
    private final PosteriorPrior prior;
    private final int events, simulations;
    private final ConditionalFlow flow;
    private final TrainingHistory history;
    private final TrainingSettings settings;
    /** The regression adjustment: theta's least-squares line in the summaries, intercept then slopes. */
    private final double[] line;

    private PosteriorEstimator(SummarySimulator simulator, PosteriorPrior prior, int events, int simulations, ConditionalFlow flow,
                               TrainingHistory history, TrainingSettings settings, double[] line) {
        this.settings = settings;
        this.line = line;
        this.simulator = simulator;
        this.prior = prior;
        this.events = events;
        this.simulations = simulations;
        this.flow = flow;
        this.history = history;
    }

    /** Simulates {@code simulations} samples of {@code events} events at theta ~ {@code prior} and trains q(theta | s) on them. */
    public static PosteriorEstimator train(SummarySimulator simulator, PosteriorPrior prior, int events, int simulations,
                                           TrainingSettings settings, FlowShape shape) {
        if (events < 2) throw new HepmlException("--events must be at least 2 (the summaries include a standard deviation), got " + events + ".");
        if (simulations < 100) throw new HepmlException("--simulations must be at least 100 to train a flow on, got " + simulations + ".");
        SplittableRandom rng = new SplittableRandom(settings.seed() + 11);
        int k = simulator.summaries().size();
        float[][] theta = new float[simulations][1], summary = new float[simulations][k], inputs = new float[simulations][1 + k];
        try (Progress progress = Progress.start("Simulating " + simulations + " samples of " + events + " events", simulations, "samples")) {
            for (int i = 0; i < simulations; i++) {
                if (i % 256 == 0) {
                    Cancelled.check("The posterior's simulations");
                    progress.update(i, "");
                }
                double t = prior.draw(rng);
                double[] s = simulator.summarise(simulator.simulate(t, events, rng));
                theta[i][0] = (float) t;
                inputs[i][0] = (float) t;
                for (int j = 0; j < k; j++) summary[i][j] = inputs[i][1 + j] = (float) s[j];
            }
            progress.finish(String.format(Locale.ROOT, "%,d samples", simulations));
        }
        float[] w = new float[simulations];
        Arrays.fill(w, 1f);
        double[] line = leastSquaresLine(theta, summary);
        for (int i = 0; i < simulations; i++) inputs[i][0] = theta[i][0] = (float) (theta[i][0] - predict(line, summary[i]));
        ConditionalFlow flow = ConditionalFlow.build(shape, settings, theta, summary, new boolean[]{false});
        try {
            TrainingHistory h = flow.fit(settings, new TrainingData(inputs, w), ConditionalFlow.negativeLogLikelihood(),
                    "Training the posterior q(" + simulator.parameter() + " | s)", false);
            return new PosteriorEstimator(simulator, prior, events, simulations, flow, h, settings, line);
        } catch (RuntimeException e) {
            flow.close();
            throw e;
        }
    }

    /** theta = a + b.s by least squares over the pairs (normal equations, solved by QR). */
    private static double[] leastSquaresLine(float[][] theta, float[][] summary) {
        int n = theta.length, k = summary[0].length;
        double[] y = new double[n];
        double[][] x = new double[n][k];
        for (int i = 0; i < n; i++) {
            y[i] = theta[i][0];
            for (int j = 0; j < k; j++) x[i][j] = summary[i][j];
        }
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        ols.newSampleData(y, x);
        try {
            return ols.estimateRegressionParameters();
        } catch (SingularMatrixException e) {
            throw new HepmlException("The summaries of the simulations are linearly dependent (a constant summary?); cannot regress theta on them.");
        }
    }

    private static double predict(double[] line, float[] s) {
        double p = line[0];
        for (int j = 0; j < s.length; j++) p += line[1 + j] * s[j];
        return p;
    }

    private double predict(double[] s) {
        double p = line[0];
        for (int j = 0; j < s.length; j++) p += line[1 + j] * s[j];
        return p;
    }

    /** log q(theta_i | s) for the given parameter values at one summary. */
    public double[] logDensity(double[] theta, double[] summary) {
        double shift = predict(summary);
        double[][] r = new double[theta.length][1];
        for (int i = 0; i < theta.length; i++) r[i][0] = theta[i] - shift;
        return flow.logDensity(r, summary);
    }

    public SummarySimulator simulator() {
        return simulator;
    }

    public PosteriorPrior prior() {
        return prior;
    }

    /** N, the number of events per sample the posterior was trained for. */
    public int events() {
        return events;
    }

    public ConditionalFlow flow() {
        return flow;
    }

    public TrainingHistory history() {
        return history;
    }

    /** {@code n} draws from q(theta | s) at the summary {@code s}. */
    public double[] sample(double[] summary, int n, long seed) {
        double[][] t = flow.sample(n, summary, seed);
        double shift = predict(summary);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = t[i][0] + shift;
        return out;
    }

    /** {@code perRow} draws from q(theta | s_r) for every summary row, {@code [row][draw]}: one batch through the flow. */
    public double[][] sample(double[][] summaries, int perRow, long seed) {
        double[][] c = new double[summaries.length * perRow][];
        for (int r = 0; r < summaries.length; r++) Arrays.fill(c, r * perRow, (r + 1) * perRow, summaries[r]);
        double[][] t = flow.sample(c, seed);
        double[][] out = new double[summaries.length][perRow];
        for (int r = 0; r < summaries.length; r++) {
            double shift = predict(summaries[r]);
            for (int i = 0; i < perRow; i++) out[r][i] = t[r * perRow + i][0] + shift;
        }
        return out;
    }

    /**
     * The posterior for one observed sample {@code x} of the observable: {@code draws} samples from q, with the exact
     * posterior beside them when {@code exact} and the simulator has one. The sample should have N events, the size
     * trained for; another size is refused, since the summaries' spread (and so the posterior's width) depends on it.
     */
    public PosteriorSamples posterior(double[] x, String observedName, int draws, boolean exact, long seed) {
        if (x.length != events) {
            throw new HepmlException("'" + observedName + "' has " + x.length + " events but the posterior was trained on samples of " + events
                    + ": train with --events " + x.length + ".");
        }
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) throw new HepmlException("'" + observedName + "' has " + simulator.observable() + " = " + x[i] + " at event " + i + ".");
        }
        if (draws < 10) throw new HepmlException("--draws must be at least 10, got " + draws + ".");
        double[] samples = sample(simulator.summarise(x), draws, seed);
        return new PosteriorSamples(simulator.parameter(), observedName, samples, exact ? simulator.exactPosterior(x, prior) : null);
    }

    /** Saves the flow and what it means (simulator, prior, N, the regression line) to one file, atomically. */
    public Path save(Path file) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("kind", "posterior");
        meta.put("simulator", simulator.name());
        meta.put("prior", prior.toString());
        meta.put("events", Integer.toString(events));
        meta.put("simulations", Integer.toString(simulations));
        meta.put("regression_line", String.join(",", Arrays.stream(line).mapToObj(Double::toString).toList()));
        meta.putAll(settings.metadata());
        meta.putAll(flow.metadata());
        return ModelFile.write(file, meta, flow.networks());
    }

    /** Loads an estimator saved with {@link #save}. */
    public static PosteriorEstimator load(Path file) {
        ModelFile.Contents c = ModelFile.read(file);
        Map<String, String> m = c.metadata();
        try {
            if (!"posterior".equals(m.get("kind"))) throw new HepmlException(file + " holds a " + m.get("kind") + " model, not a posterior estimator.");
            double[] line = Arrays.stream(m.get("regression_line").split(",")).mapToDouble(Double::parseDouble).toArray();
            ConditionalFlow flow = ConditionalFlow.fromFile(m, c.networks());
            return new PosteriorEstimator(SummarySimulator.named(m.get("simulator")), PosteriorPrior.parse(m.get("prior")),
                    Integer.parseInt(m.get("events")), Integer.parseInt(m.get("simulations")), flow, null,
                    TrainingSettings.fromMetadata(m).orElseThrow(() -> new HepmlException(file + " lacks its training settings.")), line);
        } catch (RuntimeException e) {
            c.networks().forEach(Mlp::close);
            throw e;
        }
    }

    @Override
    public boolean stoppedEarly() {
        return history != null && history.interrupted();
    }

    @Override
    public String whatWasKept() {
        return history == null ? "the flow" : history.keptPhrase();
    }

    @Override
    public void close() {
        flow.close();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Posterior q(%s | s) for the %s simulator, prior %s, %d events per sample, %,d simulations;"
                        + " summaries %s; %s; %s", simulator.parameter(), simulator.name(), prior, events, simulations, simulator.summaries(), flow,
                history == null ? "" : history.toString());
    }

    @Override
    public String toHtml() {
        StringBuilder b = new StringBuilder("<div><b>Posterior estimator</b> q(").append(simulator.parameter()).append(" | s) for the ")
                .append(HtmlRenderable.escape(simulator.name())).append(" simulator, prior ").append(prior).append(", ")
                .append(events).append(" events per sample, ").append(String.format(Locale.ROOT, "%,d", simulations))
                .append(" simulations; summaries ").append(HtmlRenderable.escape(String.join(", ", simulator.summaries())));
        if (stoppedEarly()) b.append(" <span style='color:#c60'>(interrupted; best state kept)</span>");
        if (history != null) b.append(history.toHtml());
        return b.append("</div>").toString();
    }
}
