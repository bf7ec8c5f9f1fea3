package org.hepml.engine.weights;

import org.hepml.engine.HepmlException;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.nn.TrainingSettings;
import org.hepml.engine.unfold.ClassifierReweighter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Neural resampling of negative weights (Nachman and Thaler, PRD 102 (2020) 076004): in a weighted sample only the
 * local mean weight E[w | x] matters for any histogram in x, so each event's weight can be replaced by it. A classifier
 * of the events weighted by w (label 1) against the same events with unit weight (label 0) learns
 * f / (1 - f) = W / N * E[w | x] / 1 (the OmniFold reweighting classifier, {@link ClassifierReweighter}, applied to the
 * two weightings of one sample), so E[w | x] = (W / N) f / (1 - f): positive wherever the classifier's output is, and
 * with far less spread than the +-1 weights it replaces. The new weights are rescaled so that their sum is W.
 * Optionally, unweighting then draws events with probability w' / max w' and gives each kept one the weight W / N_kept
 * (the "resample" of the paper's title: a sample of positive, equal weights).
 * <p>Why its own package: it is a weighting workflow for generator samples (loaded LHE files above all), not an
 * unfolding, though it borrows unfolding's reweighting classifier; {@code weights} sits beside {@code unfold} and uses it.
 * <p>Histograms in x (the features) keep their expectation; an observable outside the features keeps it when the weights
 * depend on it only through the features.
 */
public final class NegativeWeightResampling {
    private List<String> features;
    private TrainingSettings training = TrainingSettings.UNFOLDING.withEpochs(10);
    private boolean unweight;
    private long seed = 1;

    /** The columns the local mean weight is learned on (every {@code x.*} column when not set). */
    public NegativeWeightResampling features(List<String> columns) {
        this.features = columns == null ? null : List.copyOf(columns);
        return this;
    }

    public NegativeWeightResampling training(TrainingSettings settings) {
        this.training = settings;
        return this;
    }

    /** After replacing the weights: keep events with probability w' / max w', each with weight W / N_kept. */
    public NegativeWeightResampling unweight(boolean unweight) {
        this.unweight = unweight;
        return this;
    }

    public NegativeWeightResampling seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * The sample with positive weights: the same columns, {@code weight} replaced (the old one kept as
     * {@code weight.original}), and the metadata {@code ess_before}, {@code ess_after}, {@code negative_fraction_before}.
     */
    public Dataset resample(Dataset data, String name) {
        if (!data.has("weight")) throw new HepmlException("'" + data.name() + "' has no weight column: nothing to resample.");
        List<String> cols = features != null ? features : data.columns(org.hepml.engine.events.ColumnRole.OBSERVABLE);
        if (cols.isEmpty()) throw new HepmlException("'" + data.name() + "' has no x.* columns; name the features (--features).");
        for (String c : cols) data.column(c); // a missing column: an error that names it and lists the columns
        double[] w = data.column("weight");
        double total = 0, negatives = 0;
        for (int i = 0; i < w.length; i++) {
            if (!Double.isFinite(w[i])) throw new HepmlException("Event " + i + " of '" + data.name() + "' has weight " + w[i] + ".");
            total += w[i];
            if (w[i] < 0) negatives++;
        }
        if (!(total > 0)) throw new HepmlException("The weights of '" + data.name() + "' sum to " + total + "; resampling needs a positive total.");
        double[][] x = new double[w.length][cols.size()];
        for (int j = 0; j < cols.size(); j++) {
            double[] v = data.column(cols.get(j));
            for (int i = 0; i < w.length; i++) {
                if (!Double.isFinite(v[i])) throw new HepmlException("Column '" + cols.get(j) + "' is " + v[i] + " at event " + i + "; the features must be finite.");
                x[i][j] = v[i];
            }
        }
        double[] ones = new double[w.length];
        java.util.Arrays.fill(ones, 1);
        ClassifierReweighter classifier = new ClassifierReweighter(training.withSeed(seed)).warmStart(false).title("Local mean weight E[w | x]");
        double[] local = classifier.fitSameEvents(x, w, ones).at(x); // E[w | x], up to the classifier's error
        double sum = 0;
        for (double v : local) sum += v;
        for (int i = 0; i < local.length; i++) local[i] *= total / sum;

        int[] keep;
        double[] newWeight;
        if (unweight) {
            double max = 0;
            for (double v : local) max = Math.max(max, v);
            SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 3);
            List<Integer> kept = new ArrayList<>();
            for (int i = 0; i < local.length; i++) if (rng.nextDouble() * max < local[i]) kept.add(i);
            keep = kept.stream().mapToInt(Integer::intValue).toArray();
            newWeight = new double[keep.length];
            java.util.Arrays.fill(newWeight, total / keep.length);
        } else {
            keep = null;
            newWeight = local;
        }
        Dataset.Builder b = Dataset.builder(name);
        for (String c : data.columnNames()) {
            if (c.equals("weight")) continue;
            b.column(c, select(data.column(c), keep));
        }
        b.column("weight", newWeight).column("weight.original", select(w, keep));
        data.metadata().forEach(b::meta);
        return b.meta("resampled_from", data.name()).meta("resampling_features", String.join(",", cols))
                .meta("ess_before", effectiveSampleSize(w)).meta("ess_after", effectiveSampleSize(newWeight))
                .meta("negative_fraction_before", negatives / w.length).meta("unweighted", unweight).build();
    }

    private static double[] select(double[] v, int[] keep) {
        if (keep == null) return v;
        double[] out = new double[keep.length];
        for (int k = 0; k < keep.length; k++) out[k] = v[keep[k]];
        return out;
    }

    /** Kish's effective sample size (sum w)^2 / sum w^2. */
    public static double effectiveSampleSize(double[] w) {
        return Dataset.effectiveSize(w);
    }

    /**
     * A check of two weightings of the same events in one histogram: per bin the difference D_b = sum (w'_i - w_i) and
     * its variance sum (w'_i - w_i)^2 (events independent, w' a function of x with E[w | x] = w'), and
     * chi2 = sum_b D_b^2 / var_b, chi2-distributed with (bins with events) degrees of freedom when w' is the local mean.
     *
     * @return {chi2, degrees of freedom}
     */
    public static double[] chi2(double[] values, double[] original, double[] replaced, int bins, double low, double high) {
        double[] diff = new double[bins], var = new double[bins];
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] >= low && values[i] < high)) continue;
            int b = (int) Math.min(bins - 1, (values[i] - low) / (high - low) * bins);
            double d = replaced[i] - original[i];
            diff[b] += d;
            var[b] += d * d;
        }
        double chi2 = 0;
        int dof = 0;
        for (int b = 0; b < bins; b++) {
            if (var[b] > 0) {
                chi2 += diff[b] * diff[b] / var[b];
                dof++;
            }
        }
        return new double[]{chi2, dof};
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "negative-weight resampling on %s%s", features == null ? "every x.* column" : features,
                unweight ? ", unweighted" : "");
    }
}
