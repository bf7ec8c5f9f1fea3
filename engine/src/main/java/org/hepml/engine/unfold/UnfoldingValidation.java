package org.hepml.engine.unfold;

import org.hepml.engine.Cancelled;
import org.hepml.engine.HepmlException;
import org.hepml.engine.Progress;
import org.hepml.engine.events.Dataset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.ToDoubleFunction;

/**
 * Checks the uncertainty an unfolding reports against the spread it actually has: K independent pseudo-data sets
 * (same simulation, same configuration) are unfolded, each with B bootstrap replicas of its data and S extra
 * classifier seeds; the standard deviation over the K sets of the unfolded mean, width and bin contents of one
 * observable (what a physicist's error bar must describe) is set against the mean bootstrap error (what one data
 * set reports). The seed spread at fixed data is the classifier-training part; the data-statistics part is what
 * the bootstrap has beyond it (bootstrap replicas are trained from their own seeds, so they carry both).
 *
 * <p>Precision of the comparison: the sample standard deviation over K sets has relative error 1/sqrt(2(K-1)); the
 * bootstrap error of one set from B replicas has 1/sqrt(2(B-1)), and its root-mean-square over K sets is estimated
 * here from the scatter of the K per-set variances (which also holds the set-to-set differences). Both are
 * reported, so that a ratio bootstrap / actual can be judged against its own error.
 *
 * <p>Closure: every set's unfolded width is compared with the generator-level width of the same data (its own
 * truth), and with binned iterative Bayesian unfolding of the same data after the same number of iterations (the
 * bias a finite number of iterations leaves, docs/REFERENCE.md section 4), when a binned reference is given.
 */
public final class UnfoldingValidation {

    /** The OmniFold set-up for one data set and replica (0 nominal); seeds must differ between sets and replicas. */
    @FunctionalInterface
    public interface Setup {
        OmniFold omnifold(int dataSet, int replica);
    }

    private Dataset sim;
    private List<String> gen;
    private List<String> reco;
    private IntFunction<Dataset> pseudoData;
    private Setup setup;
    private int bootstrap = 10;
    private int seeds = 0;
    private long seed = 1;
    private String observable;
    private int bins = 10;
    private double lo = -2;
    private double hi = 2;
    private HistogramReweighter reference;
    private Consumer<DataSet> listener = s -> {
    };

    public UnfoldingValidation simulation(Dataset sim, List<String> gen, List<String> reco) {
        this.sim = sim;
        this.gen = gen;
        this.reco = reco;
        return this;
    }

    /**
     * Data set k (0, 1, ...), independent of the others; its generator-level columns are the truth. Its size should be
     * Poisson distributed, as a measurement's is: the bootstrap's Poisson weights let the total fluctuate, so bin
     * contents of fixed-size data sets would spread less than their bootstrap error says.
     */
    public UnfoldingValidation pseudoData(IntFunction<Dataset> pseudoData) {
        this.pseudoData = pseudoData;
        return this;
    }

    public UnfoldingValidation setup(Setup setup) {
        this.setup = setup;
        return this;
    }

    /** B bootstrap replicas and S extra classifier seeds per data set; {@code seed} drives the bootstrap draws. */
    public UnfoldingValidation replicas(int bootstrap, int seeds, long seed) {
        if (bootstrap < 2) throw new HepmlException("A bootstrap error needs at least 2 replicas, got " + bootstrap + ".");
        new Unfolding.Replicas(bootstrap, seeds, seed); // the same limits as an unfolding's
        this.bootstrap = bootstrap;
        this.seeds = seeds;
        this.seed = seed;
        return this;
    }

    /** The generator-level column whose mean, width and histogram are compared (also the truth column of the data). */
    public UnfoldingValidation observable(String column, int bins, double lo, double hi) {
        if (bins < 1 || !(hi > lo)) throw new HepmlException("The observable's histogram needs bins >= 1 and lo < hi.");
        this.observable = column;
        this.bins = bins;
        this.lo = lo;
        this.hi = hi;
        return this;
    }

    /** Called with each data set's result as soon as it is done (for a running log). */
    public UnfoldingValidation onDataSet(Consumer<DataSet> listener) {
        this.listener = listener;
        return this;
    }

    /** Binned iterative unfolding of the same data with this binning and the same iterations, as the closure reference. */
    public UnfoldingValidation reference(HistogramReweighter binned) {
        this.reference = binned;
        return this;
    }

    /**
     * One data set's results. Moments are {mean, width}; {@code bootstrap*} are standard deviations over its
     * bootstrap replicas, {@code seed*} over the nominal and the extra seeds (NaN without seeds), {@code reference*}
     * the binned unfolding's moments (NaN without a reference).
     */
    public record DataSet(double[] moments, double[] truth, double[] reference, double[] bootstrap, double[] seedSpread,
                          double[] counts, double[] bootstrapCounts, double[] seedCounts, double seconds) {
    }

    /**
     * One quantity over the K sets: the actual standard deviation of the nominal result and its relative precision,
     * the root-mean-square bootstrap error and its relative precision, the rms seed spread and the data-statistics
     * part sqrt(bootstrap^2 - seed^2) (NaN without seeds).
     */
    public record Comparison(String quantity, double actual, double actualPrecision, double bootstrap, double bootstrapPrecision,
                             double seedSpread, double dataPart) {
        public double ratio() {
            return bootstrap / actual;
        }

        /** Standard error of {@link #ratio()}, the two relative precisions added in quadrature. */
        public double ratioError() {
            return ratio() * Math.hypot(actualPrecision, bootstrapPrecision);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-14s actual %.5f (+-%2.0f%%)  bootstrap %.5f (+-%2.0f%%)  ratio %.2f +- %.2f  seed %.5f  data %.5f",
                    quantity, actual, 100 * actualPrecision, bootstrap, 100 * bootstrapPrecision, ratio(), ratioError(), seedSpread, dataPart);
        }
    }

    /**
     * Width closure over the K sets: the mean of (unfolded - own truth) and its standard error, the same for the
     * binned reference (the bias of stopping after the same iterations), the mean of (unfolded - reference) and its
     * standard error, and the rms over sets of (unfolded - reference) / bootstrap error and of (unfolded - truth) /
     * bootstrap error (at most about 1 when each set closes within its error: the difference to the set's own truth
     * varies less than the unfolded value itself).
     */
    public record Closure(String quantity, double bias, double biasError, double referenceBias, double referenceBiasError,
                          double offset, double offsetError, double rmsPull, double rmsPullTruth) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-6s unfolded - truth %+.5f +- %.5f, reference - truth %+.5f +- %.5f, unfolded - reference %+.5f +- %.5f,"
                            + " rms pull against reference %.2f, against truth %.2f",
                    quantity, bias, biasError, referenceBias, referenceBiasError, offset, offsetError, rmsPull, rmsPullTruth);
        }
    }

    public record Result(List<DataSet> sets, List<Comparison> comparisons, List<Closure> closures, double[] binCentres) {
        public Comparison comparison(String quantity) {
            return comparisons.stream().filter(c -> c.quantity().equals(quantity)).findFirst()
                    .orElseThrow(() -> new HepmlException("No comparison named '" + quantity + "'."));
        }

        public Closure closure(String quantity) {
            return closures.stream().filter(c -> c.quantity().equals(quantity)).findFirst()
                    .orElseThrow(() -> new HepmlException("No closure named '" + quantity + "'."));
        }
    }

    /** Unfolds {@code dataSets} independent pseudo-data sets and compares bootstrap errors with the actual spread. */
    public Result run(int dataSets) {
        if (sim == null || pseudoData == null || setup == null || observable == null) {
            throw new IllegalStateException("simulation, pseudo-data, set-up and observable must be given");
        }
        if (dataSets < 3) throw new HepmlException("A spread over data sets needs at least 3 of them, got " + dataSets + ".");
        List<DataSet> sets = new ArrayList<>();
        try (Progress progress = Progress.startNested("Validating the unfolding uncertainty", dataSets, "data sets")) {
            for (int k = 0; k < dataSets; k++) {
                Cancelled.check("Validating the unfolding uncertainty");
                sets.add(one(k));
                listener.accept(sets.get(k));
                progress.update(k + 1, "data set " + (k + 1) + " of " + dataSets);
            }
            progress.finish(dataSets + " data sets");
        }
        return summarise(sets);
    }

    private DataSet one(int k) {
        long t0 = System.nanoTime();
        Dataset data = pseudoData.apply(k);
        final int set = k;
        Dataset u = Unfolding.omnifold(replica -> setup.omnifold(set, replica), sim, gen, reco, data, reco, "validation",
                new Unfolding.Replicas(bootstrap, seeds, seed + 7_919L * k));
        double[] x = u.column(observable);
        double[] moments = momentsOf(x, u.column("weight"));
        double[] counts = histogram(x, u.column("weight"));
        List<double[]> bootM = new ArrayList<>(), bootH = new ArrayList<>(), seedM = new ArrayList<>(), seedH = new ArrayList<>();
        seedM.add(moments);
        seedH.add(counts);
        for (String c : u.columnNames()) {
            if (c.startsWith("weight.boot")) {
                bootM.add(momentsOf(x, u.column(c)));
                bootH.add(histogram(x, u.column(c)));
            } else if (c.startsWith("weight.seed")) {
                seedM.add(momentsOf(x, u.column(c)));
                seedH.add(histogram(x, u.column(c)));
            }
        }
        double[] truth = momentsOf(data.column(observable), data.weights());
        double[] ref = {Double.NaN, Double.NaN};
        if (reference != null) {
            int iterations = setup.omnifold(set, 0).iterations();
            Dataset binned = Unfolding.omnifold(new OmniFold().iterations(iterations).reweighters(reference, reference),
                    sim, gen, reco, data, reco, "reference");
            ref = momentsOf(binned.column(observable), binned.column("weight"));
        }
        double[] none = {Double.NaN, Double.NaN};
        return new DataSet(moments, truth, ref, sd(bootM), seedM.size() > 1 ? sd(seedM) : none, counts, sd(bootH),
                seedH.size() > 1 ? sd(seedH) : null, (System.nanoTime() - t0) / 1e9);
    }

    Result summarise(List<DataSet> sets) {
        List<Comparison> out = new ArrayList<>();
        String[] names = {"mean", "width"};
        for (int q = 0; q < 2; q++) {
            final int qq = q;
            out.add(compare(names[q], sets, s -> s.moments()[qq], s -> s.bootstrap()[qq], s -> s.seedSpread()[qq]));
        }
        for (int b = 0; b < bins; b++) {
            final int bb = b;
            out.add(compare(String.format(Locale.ROOT, "bin %.2f", centre(b)), sets, s -> s.counts()[bb], s -> s.bootstrapCounts()[bb],
                    s -> s.seedCounts() == null ? Double.NaN : s.seedCounts()[bb]));
        }
        List<Closure> closures = new ArrayList<>();
        for (int q = 0; q < 2; q++) {
            int n = sets.size();
            double[] d = new double[n], r = new double[n], o = new double[n], pull2 = new double[n], truthPull2 = new double[n];
            for (int k = 0; k < n; k++) {
                DataSet s = sets.get(k);
                d[k] = s.moments()[q] - s.truth()[q];
                r[k] = s.reference()[q] - s.truth()[q];
                o[k] = s.moments()[q] - s.reference()[q];
                double target = Double.isNaN(r[k]) ? d[k] : o[k];
                pull2[k] = Math.pow(target / s.bootstrap()[q], 2);
                truthPull2[k] = Math.pow(d[k] / s.bootstrap()[q], 2);
            }
            closures.add(new Closure(names[q], mean(d), sd(d) / Math.sqrt(n), mean(r), sd(r) / Math.sqrt(n), mean(o), sd(o) / Math.sqrt(n),
                    Math.sqrt(mean(pull2)), Math.sqrt(mean(truthPull2))));
        }
        double[] centres = new double[bins];
        for (int b = 0; b < bins; b++) centres[b] = centre(b);
        return new Result(List.copyOf(sets), out, closures, centres);
    }

    private double centre(int b) {
        return lo + (b + 0.5) * (hi - lo) / bins;
    }

    private static Comparison compare(String name, List<DataSet> sets, ToDoubleFunction<DataSet> nominal,
                                      ToDoubleFunction<DataSet> boot, ToDoubleFunction<DataSet> seedSd) {
        int n = sets.size();
        double[] v = new double[n], bootVar = new double[n], seedVar = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = nominal.applyAsDouble(sets.get(k));
            bootVar[k] = Math.pow(boot.applyAsDouble(sets.get(k)), 2);
            seedVar[k] = Math.pow(seedSd.applyAsDouble(sets.get(k)), 2);
        }
        double actual = sd(v);
        double meanBootVar = mean(bootVar);
        // relative error of an rms is half the relative error of the mean variance
        double bootPrecision = meanBootVar > 0 ? 0.5 * sd(bootVar) / Math.sqrt(n) / meanBootVar : Double.NaN;
        double seed = Math.sqrt(mean(seedVar));
        double dataPart = Double.isNaN(seed) ? Double.NaN : Math.sqrt(Math.max(0, meanBootVar - seed * seed));
        return new Comparison(name, actual, 1 / Math.sqrt(2.0 * (n - 1)), Math.sqrt(meanBootVar), bootPrecision, seed, dataPart);
    }

    private double[] histogram(double[] x, double[] w) {
        double[] h = new double[bins];
        double width = (hi - lo) / bins;
        for (int i = 0; i < x.length; i++) {
            if (Double.isNaN(x[i]) || x[i] < lo || x[i] >= hi) continue;
            h[Math.min(bins - 1, (int) ((x[i] - lo) / width))] += w[i];
        }
        return h;
    }

    /** Weighted mean and standard deviation of the non-NaN values. */
    static double[] momentsOf(double[] x, double[] w) {
        double s = 0, m = 0, v = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isNaN(x[i])) continue;
            s += w[i];
            m += w[i] * x[i];
        }
        m /= s;
        for (int i = 0; i < x.length; i++) if (!Double.isNaN(x[i])) v += w[i] * (x[i] - m) * (x[i] - m);
        return new double[]{m, Math.sqrt(v / s)};
    }

    /** Per-component sample standard deviation of a list of vectors. */
    static double[] sd(List<double[]> members) {
        int d = members.get(0).length, n = members.size();
        double[] out = new double[d];
        for (int j = 0; j < d; j++) {
            double[] c = new double[n];
            for (int k = 0; k < n; k++) c[k] = members.get(k)[j];
            out[j] = sd(c);
        }
        return out;
    }

    static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    static double sd(double[] v) {
        if (v.length < 2) return Double.NaN;
        double m = mean(v), s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return Math.sqrt(s / (v.length - 1));
    }

    /** The result as one JSON object (for bench/record.py). */
    public static String json(Result r) {
        StringBuilder b = new StringBuilder("{\"data_sets\": ").append(r.sets().size()).append(", \"comparisons\": [");
        for (int i = 0; i < r.comparisons().size(); i++) {
            Comparison c = r.comparisons().get(i);
            b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT,
                    "{\"quantity\": \"%s\", \"actual\": %s, \"actual_rel_precision\": %s, \"bootstrap\": %s, \"bootstrap_rel_precision\": %s,"
                            + " \"ratio\": %s, \"ratio_error\": %s, \"seed_spread\": %s, \"data_part\": %s}",
                    c.quantity(), num(c.actual()), num(c.actualPrecision()), num(c.bootstrap()), num(c.bootstrapPrecision()),
                    num(c.ratio()), num(c.ratioError()), num(c.seedSpread()), num(c.dataPart())));
        }
        b.append("], \"closure\": [");
        for (int i = 0; i < r.closures().size(); i++) {
            Closure c = r.closures().get(i);
            b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT,
                    "{\"quantity\": \"%s\", \"unfolded_minus_truth\": %s, \"error\": %s, \"reference_minus_truth\": %s, \"reference_error\": %s,"
                            + " \"unfolded_minus_reference\": %s, \"offset_error\": %s, \"rms_pull_reference\": %s, \"rms_pull_truth\": %s}",
                    c.quantity(), num(c.bias()), num(c.biasError()), num(c.referenceBias()), num(c.referenceBiasError()), num(c.offset()),
                    num(c.offsetError()), num(c.rmsPull()), num(c.rmsPullTruth())));
        }
        return b.append("]}").toString();
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "null";
    }
}
