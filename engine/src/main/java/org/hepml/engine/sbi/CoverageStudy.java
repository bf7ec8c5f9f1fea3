package org.hepml.engine.sbi;

import org.hepml.engine.Cancelled;
import org.hepml.engine.HepmlException;
import org.hepml.engine.Progress;
import org.hepml.engine.TaskRunner;
import org.hepml.engine.events.sim.TractableSimulator;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Expected coverage (what sbi and lampe call it): K pseudo-experiments of N events each are drawn from the
 * simulator at a true parameter point, every model's likelihood is scanned for every experiment, and at each
 * confidence level the fraction of experiments whose Wilks region (q below the chi^2 quantile with as many degrees
 * of freedom as parameters) contains the truth is compared with the nominal level. A region that runs off the grid
 * never counts as covering and is counted separately. {@code %infer coverage} is this class.
 *
 * <p>The models are evaluated on all experiments' events at once per grid point (a network's cost is one pass
 * over K N events per point, not K passes), in blocks of about a million events to bound the memory.
 */
public final class CoverageStudy {
    /** Default confidence levels: 0.1 ... 0.9, 0.95, 0.99. */
    public static final double[] DEFAULT_LEVELS = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, ScanResult.ONE_SIGMA, 0.8, 0.9, 0.95, 0.99};
    private static final int BLOCK_EVENTS = 1 << 20;

    private final TractableSimulator simulator;
    private final double[] truth;
    private final Map<String, LogRatio> models = new LinkedHashMap<>();
    private int experiments = 200;
    private int events = 1000;
    private List<double[]> axes;
    private double[] levels = DEFAULT_LEVELS;
    private boolean exact;
    private long seed = 1;
    private TaskRunner runner = TaskRunner.LOCAL;

    public CoverageStudy(TractableSimulator simulator, double... truth) {
        simulator.checkTheta(truth);
        if (truth.length > 2) throw new HepmlException("Coverage is scanned for one or two parameters; the simulator has " + truth.length + ".");
        this.simulator = simulator;
        this.truth = truth.clone();
    }

    /** Adds a learned (or any) likelihood to study under a label. */
    public CoverageStudy model(String label, LogRatio model) {
        if (!model.parameters().equals(simulator.parameters())) {
            throw new HepmlException("Model '" + label + "' has parameters " + model.parameters() + "; the simulator " + simulator.name()
                    + " has " + simulator.parameters() + ".");
        }
        if (!model.observables().equals(List.of(simulator.observable()))) {
            throw new HepmlException("Model '" + label + "' reads " + model.observables() + "; the simulator " + simulator.name()
                    + " makes " + simulator.observable() + ".");
        }
        models.put(label, model);
        return this;
    }

    /** Also studies the simulator's exact likelihood (label "exact"): the reference every learned one is held to. */
    public CoverageStudy exact(boolean exact) {
        this.exact = exact;
        return this;
    }

    /** The number of pseudo-experiments K. */
    public CoverageStudy experiments(int k) {
        if (k < 10) throw new HepmlException("--experiments: at least 10 pseudo-experiments, got " + k + ".");
        this.experiments = k;
        return this;
    }

    /** Events per experiment N. */
    public CoverageStudy events(int n) {
        if (n < 1) throw new HepmlException("--events: a positive number of events per experiment, got " + n + ".");
        this.events = n;
        return this;
    }

    /** The scan grid, one axis per parameter (default: truth +- 7 standard deviations from the Fisher information). */
    public CoverageStudy grid(List<double[]> axes) {
        if (axes.size() != truth.length) {
            throw new HepmlException("--theta: " + axes.size() + " grid axis/axes for " + truth.length + " parameter(s) " + simulator.parameters() + ".");
        }
        this.axes = axes;
        return this;
    }

    /** The confidence levels to check, each in (0, 1). */
    public CoverageStudy levels(double... levels) {
        if (levels.length == 0) throw new HepmlException("--levels: give at least one confidence level.");
        for (double l : levels) {
            if (!(l > 0 && l < 1)) throw new HepmlException("--levels: a confidence level lies strictly between 0 and 1, got " + l + ".");
        }
        this.levels = levels.clone();
        Arrays.sort(this.levels);
        return this;
    }

    public CoverageStudy seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** The grid that will be scanned. */
    public List<double[]> grid() {
        if (axes != null) return axes;
        double[][] info = simulator.fisherInformation(truth);
        List<double[]> out = new ArrayList<>();
        for (int j = 0; j < truth.length; j++) {
            // the marginal standard deviation: sqrt of the diagonal of the inverse information
            double var = truth.length == 1 ? 1 / info[0][0]
                    : info[1 - j][1 - j] / (info[0][0] * info[1][1] - info[0][1] * info[1][0]);
            double sigma = Math.sqrt(var / events);
            if (!(sigma > 0) || !Double.isFinite(sigma)) {
                throw new HepmlException("The Fisher information at the truth gives no scale for a default grid: give --theta grid(a,b,n).");
            }
            double a = truth[j] - 7 * sigma, b = truth[j] + 7 * sigma;
            out.add(LikelihoodScan.grid(a, b, truth.length == 1 ? 141 : 41));
        }
        for (double[] corner : LikelihoodScan.points(out.stream().map(CoverageStudy::ends).toList())) {
            try {
                simulator.checkTheta(corner);
            } catch (HepmlException e) {
                throw new HepmlException("The default grid, the truth +- 7 standard deviations, reaches " + Arrays.toString(corner)
                        + ", outside the simulator's range (" + e.getMessage() + "). Give --theta grid(a,b,n).");
            }
        }
        return out;
    }

    private static double[] ends(double[] g) {
        return new double[]{g[0], g[g.length - 1]};
    }

    /** Draws the experiments once and scans every model on each of them. */
    public CoverageResult run() {
        Map<String, LogRatio> all = new LinkedHashMap<>(models);
        if (exact) all.put("exact", new ExactLogRatio(simulator, truth));
        if (all.isEmpty()) throw new HepmlException("Nothing to study: give a --model, or --exact, or both.");
        List<double[]> grid = grid();
        List<double[]> points = LikelihoodScan.points(grid);
        int perBlock = Math.max(1, Math.min(experiments, BLOCK_EVENTS / events));
        int blocks = (experiments + perBlock - 1) / perBlock;
        Map<String, double[][]> logL = new LinkedHashMap<>();
        for (String label : all.keySet()) logL.put(label, new double[experiments][points.size()]);
        SplittableRandom rng = new SplittableRandom(seed);
        if (runner != TaskRunner.LOCAL) {
            runOn(runner, all, points, perBlock, blocks, rng, logL);
        } else {
            long total = (long) blocks * all.size() * points.size();
            try (Progress progress = Progress.start(String.format(Locale.ROOT, "Coverage: %d experiments of %d events", experiments, events),
                    total, "scan points")) {
                long done = 0;
                for (int block = 0; block < blocks; block++) {
                    Block b = draw(block * perBlock, Math.min(experiments, (block + 1) * perBlock), rng);
                    for (Map.Entry<String, LogRatio> m : all.entrySet()) {
                        double[][] target = logL.get(m.getKey());
                        for (int p = 0; p < points.size(); p++) {
                            Cancelled.check("The coverage study");
                            double[] sums = b.logL(m.getKey(), m.getValue(), points.get(p));
                            for (int e = b.from; e < b.to; e++) target[e][p] = sums[e - b.from];
                            progress.update(++done, m.getKey() + ", experiments " + (b.from + 1) + "-" + b.to);
                        }
                    }
                }
                progress.finish("");
            }
        }
        List<CoverageResult.Curve> curves = new ArrayList<>();
        for (Map.Entry<String, double[][]> m : logL.entrySet()) {
            int[] covered = new int[levels.length], open = new int[levels.length];
            List<ScanResult> scans = new ArrayList<>();
            for (int e = 0; e < experiments; e++) {
                ScanResult r = new ScanResult(m.getKey(), simulator.parameters(), grid, m.getValue()[e]).trainedOn(all.get(m.getKey()).trainingRange());
                scans.add(r);
                for (int l = 0; l < levels.length; l++) {
                    if (r.open(levels[l])) open[l]++;
                    else if (r.covers(truth, levels[l])) covered[l]++;
                }
            }
            curves.add(new CoverageResult.Curve(m.getKey(), covered, open, scans));
        }
        return new CoverageResult(simulator.name(), simulator.parameters(), truth, experiments, events, levels, curves);
    }

    /**
     * The events of experiments {@code from..to-1}, drawn from {@code rng} in experiment order; a discrete observable
     * (the Galton board's 31 positions) is evaluated once per distinct value.
     */
    private Block draw(int from, int to, SplittableRandom rng) {
        double[][] x = new double[(to - from) * events][1];
        for (double[] row : x) {
            row[0] = simulator.sample(truth, rng).x();
        }
        Map<Double, Integer> distinct = new HashMap<>();
        int[] which = new int[x.length];
        for (int i = 0; i < x.length; i++) which[i] = distinct.computeIfAbsent(x[i][0], v -> distinct.size());
        boolean few = distinct.size() * 4 < x.length;
        double[][] values = x;
        if (few) {
            values = new double[distinct.size()][1];
            for (Map.Entry<Double, Integer> v : distinct.entrySet()) values[v.getValue()][0] = v.getKey();
        }
        return new Block(from, to, events, values, few ? which : null);
    }

    /** Experiments {@code from..to-1}: the values to evaluate, and (for a discrete observable) each event's value. */
    private record Block(int from, int to, int events, double[][] values, int[] which) implements Serializable {
        /** log L(theta) of each experiment of the block: the sum of log r over its events. */
        double[] logL(String label, LogRatio model, double[] theta) {
            double[] lr = model.logRatio(values, theta);
            if (which != null) {
                double[] perValue = lr;
                lr = new double[which.length];
                for (int i = 0; i < which.length; i++) lr[i] = perValue[which[i]];
            }
            double[] out = new double[to - from];
            for (int e = from; e < to; e++) {
                double sum = 0;
                int o = (e - from) * events;
                for (int i = 0; i < events; i++) sum += lr[o + i];
                if (!Double.isFinite(sum)) {
                    throw new HepmlException("Model '" + label + "' gives a non-finite log L at theta = " + Arrays.toString(theta) + ".");
                }
                out[e - from] = sum;
            }
            return out;
        }
    }

    /** Grid points per task on another runner: a task loads its model once, then scans this many points. */
    private static final int POINTS_PER_TASK = 16;

    /**
     * The scans as tasks of {@code runner}: the experiments are drawn here, in the order and blocks of the local loop,
     * and each task evaluates one model on one block at a run of grid points, exactly the local loop's computations,
     * so the log L values, and every count, are the local ones.
     */
    private void runOn(TaskRunner runner, Map<String, LogRatio> all, List<double[]> points, int perBlock, int blocks,
                       SplittableRandom rng, Map<String, double[][]> logL) {
        List<String> labels = new ArrayList<>(all.keySet());
        List<ShippedModel> shipped = new ArrayList<>();
        for (String label : labels) shipped.add(ShippedModel.of(label, all.get(label)));
        int chunks = (points.size() + POINTS_PER_TASK - 1) / POINTS_PER_TASK;
        int units = labels.size() * chunks;
        List<double[]> grid = List.copyOf(points);
        try (Progress progress = Progress.start(String.format(Locale.ROOT, "Coverage: %d experiments of %d events on %s", experiments, events,
                runner.describe()), (long) blocks * units, "scans")) {
            for (int block = 0; block < blocks; block++) {
                // one job per block, so that a task carries its own block's events and no other's
                Block b = draw(block * perBlock, Math.min(experiments, (block + 1) * perBlock), rng);
                TaskRunner.Task<double[][]> unit = u -> {
                    int chunk = u % chunks, model = u / chunks;
                    int first = chunk * POINTS_PER_TASK, last = Math.min(grid.size(), first + POINTS_PER_TASK);
                    double[][] out = new double[last - first][];
                    try (ShippedModel.Opened m = shipped.get(model).open()) {
                        for (int p = first; p < last; p++) {
                            Cancelled.check("The coverage study");
                            out[p - first] = b.logL(labels.get(model), m.model(), grid.get(p));
                        }
                    }
                    return out;
                };
                long before = (long) block * units;
                List<double[][]> results = runner.runAll(units, unit,
                        u -> labels.get(u / chunks) + ", experiments " + (b.from + 1) + "-" + b.to, offset(progress, before));
                if (results.contains(null)) throw new Cancelled("The coverage study");
                for (int u = 0; u < units; u++) {
                    int chunk = u % chunks;
                    double[][] target = logL.get(labels.get(u / chunks));
                    double[][] r = results.get(u);
                    for (int k = 0; k < r.length; k++) {
                        for (int e = b.from; e < b.to; e++) target[e][chunk * POINTS_PER_TASK + k] = r[k][e - b.from];
                    }
                }
            }
            progress.finish("");
        }
    }

    /** {@code progress} counting on from {@code before} units done. */
    private static Progress offset(Progress progress, long before) {
        return new Progress() {
            @Override
            public void update(long done, String status) {
                progress.update(before + done, status);
            }

            @Override
            public void finish(String status) {
            }
        };
    }

    /**
     * A model as it travels to a task: a ratio estimator as the bytes of its model file (its networks hold native
     * memory), any other serializable model (the exact likelihood) as itself.
     */
    private record ShippedModel(LogRatio itself, RatioEstimator.Shipped ratioEstimator) implements Serializable {
        static ShippedModel of(String label, LogRatio model) {
            if (model instanceof RatioEstimator r) return new ShippedModel(null, r.ship());
            if (model instanceof Serializable) return new ShippedModel(model, null);
            throw new HepmlException("--on: model '" + label + "' (" + model.getClass().getSimpleName() + ") cannot be sent to"
                    + " other machines; study it without --on (here), or study ratio estimators and --exact there.");
        }

        /** The model where the task runs; closing it frees a loaded estimator's networks. */
        Opened open() {
            return itself != null ? new Opened(itself, null) : new Opened(null, ratioEstimator.open());
        }

        record Opened(LogRatio shared, RatioEstimator loaded) implements AutoCloseable {
            LogRatio model() {
                return shared != null ? shared : loaded;
            }

            @Override
            public void close() {
                if (loaded != null) loaded.close();
            }
        }
    }

    /** Where the scans run ({@link TaskRunner#LOCAL}, here, by default). */
    public CoverageStudy on(TaskRunner runner) {
        this.runner = runner == null ? TaskRunner.LOCAL : runner;
        return this;
    }
}
