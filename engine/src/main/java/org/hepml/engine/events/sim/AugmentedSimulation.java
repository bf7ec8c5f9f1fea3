package org.hepml.engine.events.sim;

import org.hepml.engine.Cancelled;
import org.hepml.engine.HepmlException;
import org.hepml.engine.Progress;
import org.hepml.engine.events.Dataset;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Turns a {@link TractableSimulator} into datasets for simulation-based inference, as MadMiner's samplers
 * do (docs/REFERENCE.md section 2):
 * <ul>
 * <li>without a reference point: events at parameter values drawn from the prior, with {@code theta.*} and,
 * when augmented, the joint score {@code t_xz.*} at each event's own theta (what SALLY trains on);</li>
 * <li>with a reference theta1: ratio-training samples. Event i gets theta0 from the prior; half the events
 * (label y = 0) are simulated at theta0, half (y = 1) at theta1; {@code theta.*} holds theta0 for all of
 * them. Augmented, they carry the joint ratio r_xz = p(x,z|theta0) / p(x,z|theta1) and the joint score
 * t_xz at theta0.</li>
 * </ul>
 */
public final class AugmentedSimulation {
    private static final int CHUNK = 4096;

    private final TractableSimulator simulator;
    private List<ParameterPrior> prior;
    private double[] reference;
    private boolean augment;
    private long seed = 1;

    public AugmentedSimulation(TractableSimulator simulator) {
        this.simulator = simulator;
    }

    /** The parameter spec, e.g. {@code uniform(-1,1)} or {@code 0.23; grid(88,94,7)}. */
    public AugmentedSimulation theta(String spec) {
        this.prior = ParameterPrior.parseAll(spec, simulator.parameters());
        return this;
    }

    public AugmentedSimulation reference(double... theta1) {
        simulator.checkTheta(theta1);
        this.reference = theta1.clone();
        return this;
    }

    public AugmentedSimulation augment(boolean augment) {
        this.augment = augment;
        return this;
    }

    public AugmentedSimulation seed(long seed) {
        this.seed = seed;
        return this;
    }

    public Dataset generate(String name, int n) {
        if (prior == null) throw new HepmlException("Say where theta comes from: --theta (e.g. uniform(-1,1) or 0.3).");
        if (n <= 0) throw new HepmlException("The number of events must be positive, got " + n + ".");
        List<String> params = simulator.parameters();
        int k = params.size();
        boolean ratio = reference != null;
        int columns = 1 + k + (ratio ? 1 : 0) + (augment ? k + (ratio ? 1 : 0) : 0);
        MemoryBudget.require(n, columns, "simulating " + n + " events");
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[n];
        double[][] theta = new double[k][n];
        double[] y = ratio ? new double[n] : null;
        double[] rxz = ratio && augment ? new double[n] : null;
        double[][] txz = augment ? new double[k][n] : null;
        double[] th0 = new double[k];
        try (Progress progress = Progress.start("Simulating " + simulator.name() + " '" + name + "'", n, "events")) {
            for (int start = 0; start < n; start += CHUNK) {
                Cancelled.check("Simulating '" + name + "'");
                int end = Math.min(n, start + CHUNK);
                for (int i = start; i < end; i++) {
                    for (int j = 0; j < k; j++) th0[j] = prior.get(j).draw(rng);
                    simulator.checkTheta(th0);
                    boolean fromReference = ratio && (i & 1) == 1; // exactly half of each label
                    TractableSimulator.Path event = simulator.sample(fromReference ? reference : th0, rng);
                    x[i] = event.x();
                    for (int j = 0; j < k; j++) theta[j][i] = th0[j];
                    if (ratio) y[i] = fromReference ? 1 : 0;
                    if (rxz != null) {
                        rxz[i] = Math.exp(simulator.jointLogLikelihood(event, th0) - simulator.jointLogLikelihood(event, reference));
                    }
                    if (txz != null) {
                        double[] t = simulator.jointScore(event, th0);
                        for (int j = 0; j < k; j++) txz[j][i] = t[j];
                    }
                }
                progress.update(end, "");
            }
            progress.finish(String.format(Locale.ROOT, "%,d events", n));
        }
        Dataset.Builder b = Dataset.builder(name).column(simulator.observable(), x);
        for (int j = 0; j < k; j++) b.column("theta." + params.get(j), theta[j]);
        if (ratio) b.column("y", y);
        if (rxz != null) b.column("r_xz", rxz);
        if (txz != null) for (int j = 0; j < k; j++) b.column("t_xz." + params.get(j), txz[j]);
        b.meta("simulator", simulator.name()).meta("seed", seed).meta("augmented", augment);
        if (simulator instanceof ElectroweakMuonPairs ee) ee.configuration().forEach(b::meta);
        if (ratio) b.meta("theta1", Arrays.toString(reference));
        return b.build();
    }
}
