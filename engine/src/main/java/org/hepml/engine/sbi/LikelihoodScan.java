package org.hepml.engine.sbi;

import org.hepml.engine.Cancelled;
import org.hepml.engine.HepmlException;
import org.hepml.engine.Progress;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.ParameterPrior;
import org.hepml.engine.events.sim.Simulators;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The profile-free likelihood scan of docs/REFERENCE.md section 2 ("Inference"): over a grid of parameter points,
 * log L(theta) = sum_k w_k log r(x_k | theta) for the observed events x_k with weights w_k (log r relative to a
 * fixed reference, which cancels in differences), the test statistic q(theta) = -2 [log L(theta) - max log L],
 * the maximum-likelihood estimate, and intervals / contours from Wilks' theorem (chi^2 with as many degrees of
 * freedom as parameters: 1D q < 1 and 3.84, 2D q < 2.30 and 5.99).
 */
public final class LikelihoodScan {
    private LikelihoodScan() {
    }

    /** Evenly spaced values from a to b, inclusive. */
    public static double[] grid(double a, double b, int n) {
        if (n < 2 || !(b > a)) throw new HepmlException("A scan grid needs a < b and at least 2 points; got " + a + ", " + b + ", " + n + ".");
        return ParameterPrior.evenlySpaced(a, b, n);
    }

    /**
     * {@code %infer scan}: scans the observed events with a learned model (may be null) and, when {@code exact}, with
     * the exact likelihood of the simulator that made them, over {@code grid} ({@code grid(a,b,n)} per parameter,
     * ';'-separated). {@code reference} is the exact ratio's reference point (null: the grid's first point; it cancels),
     * {@code truth} the point to mark (null: the one the observed events were simulated at, if any).
     */
    public static ScanReport report(Dataset observed, String grid, LogRatio model, String label, boolean exact,
                                    double[] reference, double[] truth) {
        if (model == null && !exact) throw new HepmlException("Give a --model to scan, or --exact, or both.");
        List<double[]> axes = ParameterPrior.grids(grid);
        List<LogRatio> models = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        if (model != null) {
            models.add(model);
            labels.add(label);
        }
        if (exact) {
            double[] ref = reference != null ? reference : axes.stream().mapToDouble(a -> a[0]).toArray();
            models.add(new ExactLogRatio(Simulators.of(observed), ref));
            labels.add("exact");
        }
        List<ScanResult> scans = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) scans.add(scan(models.get(i), observed, axes, labels.get(i)));
        return new ScanReport(scans, truth != null ? truth : Simulators.truthOf(observed, models.get(0).parameters()), observed.size());
    }

    /**
     * Scans one or two parameters. {@code axes.get(j)} are the grid values of parameter j.
     * @param label a name for the curve (e.g. the estimator's method, or "exact")
     */
    public static ScanResult scan(LogRatio model, Dataset observed, List<double[]> axes, String label) {
        int k = model.parameters().size();
        if (axes.size() != k) {
            throw new HepmlException("The model has " + k + " parameter(s) " + model.parameters() + " but " + axes.size()
                    + " grid axis/axes were given.");
        }
        if (k > 2) throw new HepmlException("Scans cover one or two parameters; this model has " + k + ".");
        double[][] x = observables(observed, model.observables());
        double[] w = observed.weights();
        for (int i = 0; i < w.length; i++) {
            if (!Double.isFinite(w[i])) {
                throw new HepmlException("Event " + i + " of '" + observed.name() + "' has weight " + w[i] + "; weights must be finite.");
            }
        }
        int n0 = axes.get(0).length, n1 = k == 2 ? axes.get(1).length : 1;
        double[] logL = new double[n0 * n1];
        try (Progress progress = Progress.start("Likelihood scan (" + label + ")", logL.length, "points")) {
            double[] theta = new double[k];
            for (int i = 0; i < n0; i++) {
                for (int j = 0; j < n1; j++) {
                    Cancelled.check("The likelihood scan");
                    theta[0] = axes.get(0)[i];
                    if (k == 2) theta[1] = axes.get(1)[j];
                    double[] lr = model.logRatio(x, theta);
                    double sum = 0;
                    for (int e = 0; e < lr.length; e++) sum += w[e] * lr[e];
                    if (!Double.isFinite(sum)) {
                        throw new HepmlException("log L is " + sum + " at theta = " + Arrays.toString(theta)
                                + ": the model gives a non-finite log r for some event there.");
                    }
                    logL[i * n1 + j] = sum;
                    progress.update(i * n1 + j + 1, "");
                }
            }
            progress.finish("");
        }
        double effective = Dataset.effectiveSize(w); // Kish's effective number of events: what sets the scan's sigma
        if (!(effective > 0)) effective = 0;
        if (!(model instanceof MonteCarloLikelihood mc)) {
            return new ScanResult(label, model.parameters(), axes, logL).trainedOn(model.trainingRange()).trainedWith(model.trainingEvents(), effective);
        }
        // a simulated likelihood: the Monte Carlo error of q at every point, from the same events
        List<double[]> points = points(axes);
        int best = 0;
        for (int i = 1; i < logL.length; i++) if (logL[i] > logL[best]) best = i;
        // only where it matters (q below 9, three standard deviations): each point costs a pass over the simulation
        List<double[]> near = new ArrayList<>();
        List<Integer> index = new ArrayList<>();
        for (int i = 0; i < logL.length; i++) {
            if (-2 * (logL[i] - logL[best]) <= 9) {
                near.add(points.get(i));
                index.add(i);
            }
        }
        double[] nearErrors = mc.qErrors(x, w, near, points.get(best));
        double[] qErrors = new double[logL.length];
        Arrays.fill(qErrors, Double.NaN);
        for (int i = 0; i < index.size(); i++) qErrors[index.get(i)] = nearErrors[i];
        double ess = Double.POSITIVE_INFINITY;
        for (double[] p : near) ess = Math.min(ess, mc.effectiveSampleSize(p));
        return new ScanResult(label, model.parameters(), axes, logL, qErrors, mc.simulatedEvents(), ess).trainedOn(model.trainingRange());
    }

    /** Every grid point, row-major over the axes (the second varies fastest). */
    public static List<double[]> points(List<double[]> axes) {
        List<double[]> out = new ArrayList<>();
        int n1 = axes.size() == 2 ? axes.get(1).length : 1;
        for (double a : axes.get(0)) {
            for (int j = 0; j < n1; j++) out.add(axes.size() == 2 ? new double[]{a, axes.get(1)[j]} : new double[]{a});
        }
        return out;
    }

    /** The observable columns of a dataset as {@code x[event][observable]}, with a clear error if one is missing. */
    public static double[][] observables(Dataset d, List<String> columns) {
        List<double[]> cols = new ArrayList<>();
        for (String c : columns) {
            if (!d.has(c)) {
                throw new HepmlException("Dataset '" + d.name() + "' has no column '" + c + "', which the model reads. Its columns: "
                        + String.join(", ", d.columnNames()) + ".");
            }
            cols.add(d.column(c));
        }
        double[][] x = new double[d.size()][columns.size()];
        for (int j = 0; j < columns.size(); j++) {
            double[] c = cols.get(j);
            for (int i = 0; i < c.length; i++) x[i][j] = c[i];
        }
        return x;
    }
}
