package org.hepml.engine.unfold;

import org.hepml.engine.HepmlException;
import org.hepml.engine.events.Dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The dataset-level face of {@link OmniFold}: takes a simulation with paired generator- and detector-level
 * columns (NaN detector-level values = event lost; NaN generator-level values = fake) and the measured data,
 * runs the iterations, and returns the generator-level simulation with the unfolded weights as a Dataset,
 * usable for any observable afterwards: {@code weight} holds the last iteration's weights, {@code weight.prior}
 * the simulation's own, and {@code weight.iter<k>} every iteration's.
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

    public static Dataset omnifold(OmniFold omnifold, Dataset sim, List<String> gen, List<String> reco,
                                   Dataset data, List<String> dataReco, String name) {
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
        OmniFold.Iterations it = omnifold.run(g, hasGen, r, hasReco, prior, mKept, wKept);
        Dataset.Builder b = Dataset.builder(name);
        int genEvents = 0;
        for (boolean h : hasGen) if (h) genEvents++;
        int[] idx = OmniFold.indices(hasGen, true);
        for (int j = 0; j < gen.size(); j++) {
            double[] col = new double[genEvents];
            for (int k = 0; k < idx.length; k++) col[k] = g[idx[k]][j];
            b.column(gen.get(j), col);
        }
        b.column("weight", OmniFold.pick(it.finalWeights(), idx));
        b.column("weight.prior", OmniFold.pick(prior, idx));
        for (int k = 0; k < it.stepTwo().size(); k++) b.column("weight.iter" + (k + 1), OmniFold.pick(it.stepTwo().get(k), idx));
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
