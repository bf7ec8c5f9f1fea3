package org.hepml.engine.sbi;

import org.hepml.engine.HepmlException;
import org.hepml.engine.HtmlRenderable;
import org.hepml.engine.StoppedEarly;
import org.hepml.engine.events.ColumnRole;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.Simulators;
import org.hepml.engine.flows.ConditionalFlow;
import org.hepml.engine.flows.FlowShape;
import org.hepml.engine.nn.ModelFile;
import org.hepml.engine.nn.Mlp;
import org.hepml.engine.nn.TrainingData;
import org.hepml.engine.nn.TrainingHistory;
import org.hepml.engine.nn.TrainingSettings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A learned likelihood p_hat(x | theta): a conditional normalizing flow ({@link ConditionalFlow}) trained with NDE or
 * SCANDAL ({@link LikelihoodMethod}) on events simulated at their own theta ({@code %events simulate --theta PRIOR}
 * without --reference; SCANDAL with --augment for t_xz). As a {@link LogRatio} it answers
 * log r(x | theta) = log p_hat(x | theta) - log p_hat(x | theta_ref), theta_ref the middle of the training range, so
 * scans and coverage studies use it exactly like a ratio estimator; being a normalised density for every theta, it
 * needs no reference-sample normalisation. Its score grad_theta log p_hat gives the Fisher information.
 * <p>
 * An ensemble of K flows (trained on the same events, member m with seed + 1000 m) answers the mean of their
 * log p_hat: why -- one training's log p_hat(x | theta) carries a small theta-slope error that is the same for every
 * event, so it shifts a scan's MLE as a whole (docs/FLOWS.md: 60-epoch trainings of the same events differ by ~0.2
 * sigma of 1,000 events); the part that varies from training to training averages down as 1/sqrt(K), the part
 * that comes from the training sample does not.
 * The mean of log densities is a geometric mean, normalised only up to a factor that is second order in the
 * members' disagreement; generation draws from the members in equal shares (their mixture).
 */
public final class LikelihoodEstimator implements LogRatio, HtmlRenderable, AutoCloseable, StoppedEarly {
    /** Conditioners of two hidden layers of 32 (tanh), 256 events per step, learning rate 3e-3 falling to 3e-4, best epoch kept. */
    public static final TrainingSettings DEFAULT_SETTINGS = TrainingSettings.ESTIMATOR.withHidden(32, 32).withEpochs(30).withBatchSize(256)
            .withLearningRate(3e-3, 3e-4);
    private final LikelihoodMethod method;
    private final double alpha;
    private final List<String> observables, parameters;
    private final List<ConditionalFlow> members;
    private final TrainingHistory history;
    private final String trainedOn;
    private final double[][] trainingRange;
    private final double[] reference;
    private final TrainingSettings settings;
    /** Events in the training sample (validation hold-out included); 0 when loaded from a file that predates it. */
    private final long trainingEvents;

    private LikelihoodEstimator(LikelihoodMethod method, double alpha, List<String> observables, List<String> parameters,
                                List<ConditionalFlow> members, TrainingHistory history, String trainedOn, double[][] trainingRange, TrainingSettings settings,
                                long trainingEvents) {
        this.method = method;
        this.alpha = alpha;
        this.observables = observables;
        this.parameters = parameters;
        this.members = List.copyOf(members);
        this.history = history;
        this.trainedOn = trainedOn;
        this.trainingRange = trainingRange;
        this.settings = settings;
        this.trainingEvents = trainingEvents;
        this.reference = new double[trainingRange.length];
        for (int j = 0; j < reference.length; j++) reference[j] = 0.5 * (trainingRange[j][0] + trainingRange[j][1]);
    }

    /** Trains a flow p_hat(x | theta) on {@code data} with {@code method}; checks first that the data fit the method. */
    public static LikelihoodEstimator train(Dataset data, LikelihoodMethod method, double alpha, TrainingSettings settings, FlowShape shape) {
        return train(data, method, alpha, settings, shape, 1);
    }

    /**
     * Trains {@code ensemble} flows p_hat(x | theta) on {@code data} with {@code method}, member m seeded with the
     * settings' seed + 1000 m, and answers the mean of their log p_hat (see the class comment).
     */
    public static LikelihoodEstimator train(Dataset data, LikelihoodMethod method, double alpha, TrainingSettings settings, FlowShape shape,
                                            int ensemble) {
        if (ensemble < 1 || ensemble > 100) throw new HepmlException("--ensemble must be between 1 and 100, got " + ensemble + ".");
        List<String> obs = data.columns(ColumnRole.OBSERVABLE), thetas = data.columns(ColumnRole.PARAMETER);
        if (obs.isEmpty()) throw new HepmlException("Dataset '" + data.name() + "' has no observables (x.* columns) to learn from.");
        if (thetas.isEmpty()) {
            throw new HepmlException("Dataset '" + data.name() + "' has no parameter columns (theta.*): a likelihood p(x|theta) is learned"
                    + " from events simulated at their own theta. Simulate with --theta PRIOR, e.g. --theta \"uniform(0.2,0.26)\".");
        }
        if (data.has("y")) {
            throw new HepmlException("Dataset '" + data.name() + "' is a ratio-training sample (it has labels y: half its events come from"
                    + " the reference theta1, not from their theta.* column). " + method.label() + " needs every event simulated at its own"
                    + " theta: simulate without --reference.");
        }
        if (!(alpha >= 0) || Double.isInfinite(alpha)) throw new HepmlException("--alpha must be 0 or more, got " + alpha + ".");
        List<String> params = thetas.stream().map(c -> c.substring("theta.".length())).toList();
        if (method.needsJointScore) {
            List<String> missing = params.stream().map(p -> "t_xz." + p).filter(c -> !data.has(c)).toList();
            if (!missing.isEmpty()) {
                throw new HepmlException("Method " + method.label() + " needs the joint score " + String.join(", ", missing) + ", which dataset '"
                        + data.name() + "' lacks. Simulate with --augment, or use --method nde.");
            }
        }
        float[][] x = RatioEstimator.inputs(data, obs, List.of()), c = RatioEstimator.inputs(data, thetas, List.of());
        boolean[] discrete = ConditionalFlow.discreteColumns(x);
        float[][] dequantised = ConditionalFlow.dequantise(x, discrete, settings.seed() + 7);
        float[][] inputs = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            inputs[i] = Arrays.copyOf(dequantised[i], obs.size() + params.size());
            System.arraycopy(c[i], 0, inputs[i], obs.size(), params.size());
        }
        TrainingData td = new TrainingData(inputs, RatioEstimator.toFloat(data.weights()));
        if (method.needsJointScore) {
            float[][] t = new float[data.size()][params.size()];
            for (int j = 0; j < params.size(); j++) {
                double[] col = data.column("t_xz." + params.get(j));
                for (int i = 0; i < col.length; i++) t[i][j] = (float) col[i];
            }
            td.target("t_xz", t);
        }
        List<ConditionalFlow> flows = new ArrayList<>();
        TrainingHistory h = null;
        try {
            for (int m = 0; m < ensemble; m++) {
                // one dequantisation for all members: they share the standardisation, so a model file stores it once
                TrainingSettings member = settings.withSeed(settings.seed() + 1000L * m);
                ConditionalFlow flow = ConditionalFlow.build(shape, member, dequantised, c, discrete);
                flows.add(flow);
                String what = "Training " + method.label() + (ensemble > 1 ? " (flow " + (m + 1) + " of " + ensemble + ")" : "");
                h = flow.fit(member, td, method.loss(alpha), what, method.needsJointScore);
                if (h.interrupted()) break;
            }
            return new LikelihoodEstimator(method, alpha, obs, params, flows, h, data.name(), RatioEstimator.range(data, thetas), settings,
                    data.size());
        } catch (RuntimeException e) {
            flows.forEach(ConditionalFlow::close);
            throw e;
        }
    }

    public LikelihoodMethod method() {
        return method;
    }

    /** The (first) flow; an ensemble's others are in {@link #members}. */
    public ConditionalFlow flow() {
        return members.get(0);
    }

    /** The ensemble's flows (one without --ensemble). */
    public List<ConditionalFlow> members() {
        return members;
    }

    /** The (last member's) training history; null for an estimator loaded from a file. */
    public TrainingHistory history() {
        return history;
    }

    @Override
    public List<String> parameters() {
        return parameters;
    }

    @Override
    public List<String> observables() {
        return observables;
    }

    @Override
    public double[][] trainingRange() {
        return Arrays.stream(trainingRange).map(double[]::clone).toArray(double[][]::new);
    }

    @Override
    public long trainingEvents() {
        return trainingEvents;
    }

    /** theta_ref of {@link #logRatio}: the middle of the training range. */
    public double[] reference() {
        return reference.clone();
    }

    /** log p_hat(x_k | theta) for every event (an ensemble's: the members' mean). */
    public double[] logLikelihood(double[][] x, double[] theta) {
        checkTheta(theta);
        return meanLogDensity(x, theta);
    }

    private double[] meanLogDensity(double[][] x, double[] theta) {
        double[] mean = new double[x.length];
        for (ConditionalFlow f : members) {
            double[] lp = f.logDensity(x, theta);
            for (int i = 0; i < mean.length; i++) mean[i] += lp[i] / members.size();
        }
        return mean;
    }

    @Override
    public double[] logRatio(double[][] x, double[] theta) {
        double[] lp = logLikelihood(x, theta), ref = meanLogDensity(x, reference);
        for (int i = 0; i < lp.length; i++) lp[i] -= ref[i];
        return lp;
    }

    /** grad_theta log p_hat(x_k | theta) for every event, {@code [event][parameter]} (an ensemble's: the members' mean). */
    public double[][] score(double[][] x, double[] theta) {
        checkTheta(theta);
        double[][] mean = new double[x.length][theta.length];
        for (ConditionalFlow f : members) {
            double[][] t = f.score(x, theta);
            for (int i = 0; i < mean.length; i++) for (int j = 0; j < theta.length; j++) mean[i][j] += t[i][j] / members.size();
        }
        return mean;
    }

    private void checkTheta(double[] theta) {
        if (theta.length != parameters.size()) {
            throw new HepmlException("The likelihood has parameter(s) " + parameters + " but " + theta.length + " value(s) were given.");
        }
    }

    /** The Fisher information per event, E[t t^T] with t the flow's score, on events simulated at one parameter point. */
    public FisherInformation fisherInformation(Dataset atReference) {
        double[] ref = Simulators.truthOf(atReference, parameters);
        if (ref == null) {
            throw new HepmlException("The Fisher information needs --data simulated at one parameter point (theta." + parameters.get(0)
                    + " the same for every event); '" + atReference.name() + "' is not.");
        }
        double[][] t = score(LikelihoodScan.observables(atReference, observables), ref);
        return FisherInformation.fromScores(parameters, t, atReference.weights(), method.label() + " on " + trainedOn);
    }

    /**
     * {@code n} events drawn from p_hat(x | theta), as a dataset with the observable columns and theta.* (constant):
     * the flow's generative use ({@code %events generate}).
     */
    public Dataset generate(String name, int n, double[] theta, long seed) {
        checkTheta(theta);
        double[][] x = new double[n][];
        for (int m = 0, from = 0; m < members.size(); m++) {
            int to = (int) ((long) n * (m + 1) / members.size());
            double[][] part = members.get(m).sample(to - from, theta, seed + 1000L * m);
            System.arraycopy(part, 0, x, from, part.length);
            from = to;
        }
        Dataset.Builder b = Dataset.builder(name);
        for (int j = 0; j < observables.size(); j++) {
            double[] col = new double[n];
            for (int i = 0; i < n; i++) col[i] = x[i][j];
            b.column(observables.get(j), col);
        }
        for (int j = 0; j < parameters.size(); j++) {
            double[] col = new double[n];
            Arrays.fill(col, theta[j]);
            b.column("theta." + parameters.get(j), col);
        }
        return b.meta("generated_by", method.label() + " flow trained on " + trainedOn).meta("seed", seed).build();
    }

    @Override
    public boolean stoppedEarly() {
        return history != null && history.interrupted();
    }

    @Override
    public String whatWasKept() {
        return history == null ? "the flow read from the file" : history.keptPhrase();
    }

    /** Saves the flow and what it means to one file, atomically. */
    public Path save(Path file) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("kind", "likelihood");
        meta.put("method", method.name());
        meta.put("alpha", Double.toString(alpha));
        meta.put("observables", String.join(",", observables));
        meta.put("parameters", String.join(",", parameters));
        meta.put("trained_on", trainedOn);
        meta.put("theta_range", String.join(",", Arrays.stream(trainingRange).map(r -> r[0] + ":" + r[1]).toList()));
        meta.putAll(settings.metadata());
        meta.putAll(flow().metadata());
        meta.put("ensemble", Integer.toString(members.size()));
        meta.put("training_events", Long.toString(trainingEvents));
        List<Mlp> networks = new ArrayList<>();
        members.forEach(f -> networks.addAll(f.networks()));
        return ModelFile.write(file, meta, networks);
    }

    /** Loads an estimator saved with {@link #save}. */
    public static LikelihoodEstimator load(Path file) {
        ModelFile.Contents c = ModelFile.read(file);
        Map<String, String> m = c.metadata();
        try {
            if (!"likelihood".equals(m.get("kind"))) throw new HepmlException(file + " holds a " + m.get("kind") + " model, not a learned likelihood.");
            double[][] range = Arrays.stream(m.get("theta_range").split(",")).map(r -> r.split(":"))
                    .map(r -> new double[]{Double.parseDouble(r[0]), Double.parseDouble(r[1])}).toArray(double[][]::new);
            int k = Integer.parseInt(m.getOrDefault("ensemble", "1")), per = c.networks().size() / k;
            if (k < 1 || per * k != c.networks().size()) throw new HepmlException(file + ": " + c.networks().size() + " networks do not make " + k + " flows.");
            List<ConditionalFlow> flows = new ArrayList<>();
            for (int f = 0; f < k; f++) flows.add(ConditionalFlow.fromFile(m, c.networks().subList(f * per, (f + 1) * per)));
            return new LikelihoodEstimator(LikelihoodMethod.valueOf(m.get("method")), Double.parseDouble(m.get("alpha")),
                    List.of(m.get("observables").split(",")), List.of(m.get("parameters").split(",")), flows, null, m.get("trained_on"),
                    range, TrainingSettings.fromMetadata(m).orElseThrow(() -> new HepmlException(file + " lacks its training settings.")),
                    Long.parseLong(m.getOrDefault("training_events", "0")));
        } catch (RuntimeException e) {
            c.networks().forEach(Mlp::close);
            throw e;
        }
    }

    @Override
    public void close() {
        members.forEach(ConditionalFlow::close);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Learned likelihood (%s%s) on %s, parameters %s, observables %s: %s; %s", method.label(),
                method.needsJointScore ? ", alpha " + alpha : "", trainedOn, parameters, observables,
                (members.size() > 1 ? members.size() + " flows like " : "") + flow(), history == null ? "loaded from a file" : history.toString());
    }

    @Override
    public String toHtml() {
        StringBuilder b = new StringBuilder("<div><b>Learned likelihood</b> (").append(method.label())
                .append(method.needsJointScore ? ", alpha " + alpha : "").append(") on <code>").append(HtmlRenderable.escape(trainedOn))
                .append("</code>: ").append(members.size() > 1 ? members.size() + " flows like " : "").append(HtmlRenderable.escape(flow().toString()));
        if (stoppedEarly()) b.append(" <span style='color:#c60'>(interrupted; best state kept)</span>");
        if (history != null) b.append(history.toHtml());
        return b.append("</div>").toString();
    }
}
