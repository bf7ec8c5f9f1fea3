package org.hepml.engine.unfold;

import org.hepml.engine.HepmlException;
import org.hepml.engine.TaskRunner;
import org.hepml.engine.events.Dataset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

import static org.hepml.engine.unfold.PairedSimulation.pick;

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
        Arrays.fill(present, true);
        for (int j = 0; j < cols.size(); j++) {
            double[] c = d.column(cols.get(j));
            for (int i = 0; i < c.length; i++) {
                x[i][j] = c[i];
                if (Double.isNaN(c[i])) present[i] = false;
            }
        }
        return x;
    }

    /** The simulation's events at both levels: NaN generator-level values mark fakes, NaN detector-level ones lost events. */
    static PairedSimulation pairedSimulation(Dataset sim, List<String> gen, List<String> reco) {
        boolean[] hasGen = new boolean[sim.size()], hasReco = new boolean[sim.size()];
        double[][] g = rows(sim, gen, hasGen), r = rows(sim, reco, hasReco);
        double[] prior = sim.weights();
        checkFinite(prior, sim.name());
        return new PairedSimulation(g, hasGen, r, hasReco, prior);
    }

    /** The data events with detector-level values (events with a NaN in any of the columns are left out). */
    static MeasuredData measuredData(Dataset data, List<String> reco) {
        boolean[] present = new boolean[data.size()];
        double[][] m = rows(data, reco, present);
        double[] weights = data.weights();
        checkFinite(weights, data.name());
        int[] kept = PairedSimulation.indices(present);
        return new MeasuredData(PairedSimulation.rows(m, kept), PairedSimulation.pick(weights, kept));
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
    public static Dataset omnifold(IntFunction<OmniFold> configured, Dataset sim, List<String> gen,
                                   List<String> reco, Dataset data, List<String> dataReco, String name, Replicas replicas) {
        OmniFold nominal = configured.apply(0);
        return omnifold(k -> k == 0 ? nominal : configured.apply(k), sim, gen, reco, data, dataReco, name, replicas, TaskRunner.LOCAL);
    }

    /**
     * As {@link #omnifold(IntFunction, Dataset, List, List, Dataset, List, String, Replicas)}, the replicas run by
     * {@code runner} (one unit per replica; a set-up that can be shipped gives the same weights wherever they run).
     */
    public static Dataset omnifold(BootstrapReplicas.Configured configured, Dataset sim, List<String> gen, List<String> reco,
                                   Dataset data, List<String> dataReco, String name, Replicas replicas, TaskRunner runner) {
        OmniFold omnifold = configured.apply(0);
        if (reco.size() != dataReco.size()) {
            throw new HepmlException("The simulation has " + reco.size() + " detector-level column(s) " + reco + " but the data "
                    + dataReco.size() + " " + dataReco + "; they must correspond one to one.");
        }
        PairedSimulation paired = pairedSimulation(sim, gen, reco);
        BootstrapReplicas runs = BootstrapReplicas.run(configured, paired, measuredData(data, dataReco), replicas, runner);
        OmniFold.Iterations it = runs.nominal();
        Dataset.Builder b = Dataset.builder(name);
        int[] idx = paired.generated();
        // every column of the simulation comes along (the classifiers' inputs first), so that observables the
        // unfolding never saw can be drawn with the unfolded weights afterwards
        for (int j = 0; j < gen.size(); j++) {
            double[] col = new double[idx.length];
            for (int k = 0; k < idx.length; k++) col[k] = paired.gen()[idx[k]][j];
            b.column(gen.get(j), col);
        }
        for (String c : sim.columnNames()) {
            if (gen.contains(c) || c.equals("weight") || c.startsWith("weight.")) continue;
            if (!(sim.table().column(c) instanceof tech.tablesaw.api.NumericColumn<?>)) continue;
            b.column(c, pick(sim.column(c), idx));
        }
        b.column("weight", pick(it.finalWeights(), idx));
        b.column("weight.prior", pick(paired.prior(), idx));
        for (int k = 0; k < it.stepTwo().size(); k++) b.column("weight.iter" + (k + 1), pick(it.stepTwo().get(k), idx));
        for (int k = 0; k < runs.bootstrap().size(); k++) b.column("weight.boot" + (k + 1), pick(runs.bootstrap().get(k), idx));
        for (int k = 0; k < runs.seeds().size(); k++) b.column("weight.seed" + (k + 2), pick(runs.seeds().get(k), idx));
        if (runs.stopped() != null) b.meta("uncertainty", runs.stopped());
        if (runner != TaskRunner.LOCAL && replicas.bootstrap() + replicas.seeds() > 0) b.meta("replicas ran on", runner.describe());
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
