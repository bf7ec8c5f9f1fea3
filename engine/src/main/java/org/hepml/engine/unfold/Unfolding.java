package org.hepml.engine.unfold;

import org.hepml.engine.HepmlException;
import org.hepml.engine.events.Dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The dataset-level face of {@link OmniFold}: takes a simulation with paired generator- and detector-level
 * columns (NaN detector-level values = event lost; NaN generator-level values = fake) and the measured data,
 * runs the iterations, and returns the simulated events that have a generator-level partner, with all their
 * columns (also those the classifiers never saw) and the unfolded weights, usable for any observable afterwards: {@code weight} holds the last iteration's weights, {@code weight.prior}
 * the simulation's own, and {@code weight.iter<k>} every iteration's.
 * <p>Uncertainties come from replicas of the whole unfolding, kept as weight columns so that every histogram
 * drawn later, of any observable, gets them ({@link UnfoldedSpectrum}): {@code weight.boot<b>} are the final
 * weights for bootstrap replicas of the data (each data event weighted by a Poisson(1) count; the statistical
 * uncertainty), {@code weight.seed<k>} those for other classifier seeds on the nominal data (the spread due to
 * training, reported separately).
 */
public final class Unfolding {
    private Unfolding() {
    }

    /** Column names matching a comma-separated list of names or glob patterns ({@code x.gen.*}). */
    public static List<String> columns(Dataset d, String spec) {
        List<String> out = new ArrayList<>();
        for (String part : spec.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) continue;
            Pattern glob = Pattern.compile(Pattern.quote(p).replace("*", "\\E.*\\Q"));
            int before = out.size();
            for (String c : d.columnNames()) if (glob.matcher(c).matches() && !out.contains(c)) out.add(c);
            if (out.size() == before) {
                throw new HepmlException("'" + p + "' matches no column of '" + d.name() + "'. Its columns: "
                        + String.join(", ", d.columnNames()) + ".");
            }
        }
        return out;
    }

    /** Rows of the given columns; {@code present[i]} is false where any of them is NaN. */
    static double[][] rows(Dataset d, List<String> cols, boolean[] present) {
        double[][] x = new double[d.size()][cols.size()];
        java.util.Arrays.fill(present, true);
        for (int j = 0; j < cols.size(); j++) {
            double[] c = d.column(cols.get(j));
            for (int i = 0; i < c.length; i++) {
                x[i][j] = c[i];
                if (Double.isNaN(c[i])) present[i] = false;
            }
        }
        return x;
    }

    /** How many replicas to run: bootstrap replicas of the data and extra classifier seeds. */
    public record Replicas(int bootstrap, int seeds, long seed) {
        public static final Replicas NONE = new Replicas(0, 0, 1);

        public Replicas {
            if (bootstrap < 0 || bootstrap > 1000) throw new HepmlException("--bootstrap must be between 0 and 1000, got " + bootstrap + ".");
            if (seeds < 0 || seeds > 100) throw new HepmlException("--seeds must be between 0 and 100, got " + seeds + ".");
        }
    }

    public static Dataset omnifold(OmniFold omnifold, Dataset sim, List<String> gen, List<String> reco,
                                   Dataset data, List<String> dataReco, String name) {
        return omnifold(replica -> omnifold, sim, gen, reco, data, dataReco, name, Replicas.NONE);
    }

    /**
     * @param configured the OmniFold set-up for replica {@code k}: 0 is the nominal run; its reweighters must take
     *                   their seeds from {@code k} so that replicas differ in training as well as in data
     */
    public static Dataset omnifold(java.util.function.IntFunction<OmniFold> configured, Dataset sim, List<String> gen,
                                   List<String> reco, Dataset data, List<String> dataReco, String name, Replicas replicas) {
        OmniFold omnifold = configured.apply(0);
        if (reco.size() != dataReco.size()) {
            throw new HepmlException("The simulation has " + reco.size() + " detector-level column(s) " + reco + " but the data "
                    + dataReco.size() + " " + dataReco + "; they must correspond one to one.");
        }
        boolean[] hasGen = new boolean[sim.size()], hasReco = new boolean[sim.size()], dataPresent = new boolean[data.size()];
        double[][] g = rows(sim, gen, hasGen), r = rows(sim, reco, hasReco), m = rows(data, dataReco, dataPresent);
        double[] prior = sim.weights(), dataW = data.weights();
        checkFinite(prior, sim.name());
        checkFinite(dataW, data.name());
        int kept = 0;
        for (boolean b : dataPresent) if (b) kept++;
        double[][] mKept = new double[kept][];
        double[] wKept = new double[kept];
        for (int i = 0, k = 0; i < dataPresent.length; i++) {
            if (dataPresent[i]) {
                mKept[k] = m[i];
                wKept[k++] = dataW[i];
            }
        }
        int runs = 1 + replicas.bootstrap() + replicas.seeds();
        List<double[]> bootWeights = new ArrayList<>(), seedWeights = new ArrayList<>();
        OmniFold.Iterations it;
        String stopped = null;
        try (org.hepml.engine.Progress progress = runs > 1
                ? org.hepml.engine.Progress.startNested("OmniFold with " + (runs - 1) + " replica(s)", runs, "runs")
                : org.hepml.engine.Progress.NONE) {
            progress.update(0, "nominal");
            it = omnifold.run(g, hasGen, r, hasReco, prior, mKept, wKept);
            try {
                for (int k = 1; k <= replicas.seeds(); k++) {
                    progress.update(bootWeights.size() + seedWeights.size() + 1, "classifier seed " + (k + 1));
                    seedWeights.add(configured.apply(k).run(g, hasGen, r, hasReco, prior, mKept, wKept).finalWeights());
                }
                java.util.SplittableRandom rng = new java.util.SplittableRandom(replicas.seed());
                for (int bIdx = 1; bIdx <= replicas.bootstrap(); bIdx++) {
                    progress.update(bootWeights.size() + seedWeights.size() + 1, "bootstrap replica " + bIdx);
                    double[] wb = IterativeBayesianUnfolding.bootstrapWeights(wKept, rng);
                    bootWeights.add(configured.apply(1000 + bIdx).run(g, hasGen, r, hasReco, prior, mKept, wb).finalWeights());
                }
                progress.finish("done");
            } catch (org.hepml.engine.Cancelled e) {
                // keep the nominal result and the replicas that finished; say so in the metadata
                stopped = "interrupted after " + seedWeights.size() + " seed and " + bootWeights.size() + " bootstrap replica(s)";
                progress.finish(stopped);
            }
        }
        Dataset.Builder b = Dataset.builder(name);
        int genEvents = 0;
        for (boolean h : hasGen) if (h) genEvents++;
        int[] idx = OmniFold.indices(hasGen, true);
        // every column of the simulation comes along (the classifiers' inputs first), so that observables the
        // unfolding never saw can be drawn with the unfolded weights afterwards
        for (int j = 0; j < gen.size(); j++) {
            double[] col = new double[genEvents];
            for (int k = 0; k < idx.length; k++) col[k] = g[idx[k]][j];
            b.column(gen.get(j), col);
        }
        for (String c : sim.columnNames()) {
            if (gen.contains(c) || c.equals("weight") || c.startsWith("weight.")) continue;
            if (!(sim.table().column(c) instanceof tech.tablesaw.api.NumericColumn<?>)) continue;
            b.column(c, OmniFold.pick(sim.column(c), idx));
        }
        b.column("weight", OmniFold.pick(it.finalWeights(), idx));
        b.column("weight.prior", OmniFold.pick(prior, idx));
        for (int k = 0; k < it.stepTwo().size(); k++) b.column("weight.iter" + (k + 1), OmniFold.pick(it.stepTwo().get(k), idx));
        for (int k = 0; k < bootWeights.size(); k++) b.column("weight.boot" + (k + 1), OmniFold.pick(bootWeights.get(k), idx));
        for (int k = 0; k < seedWeights.size(); k++) b.column("weight.seed" + (k + 2), OmniFold.pick(seedWeights.get(k), idx));
        if (stopped != null) b.meta("uncertainty", stopped);
        b.meta("unfolded", "OmniFold, " + omnifold.iterations() + " iterations").meta("simulation", sim.name())
                .meta("data", data.name());
        for (OmniFold.Diagnostics d : it.diagnostics()) b.meta("iteration " + d.iteration(), d.toString());
        return b.build();
    }

    private static void checkFinite(double[] w, String dataset) {
        for (int i = 0; i < w.length; i++) {
            if (!Double.isFinite(w[i])) {
                throw new HepmlException("Event " + i + " of '" + dataset + "' has weight " + w[i] + "; weights must be finite numbers.");
            }
        }
    }
}
