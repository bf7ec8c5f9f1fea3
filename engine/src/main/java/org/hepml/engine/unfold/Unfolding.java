package org.hepml.engine.unfold;

import org.hepml.engine.HepmlException;
import org.hepml.engine.TaskRunner;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.FourMomenta;

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

    /**
     * What the classifiers of one step see of each event: columns of the dataset, or the event's particles as padded rows
     * (particle-level OmniFold, {@link ParticleReweighting}; an event without particles is absent at that level).
     *
     * @param columns   the columns (null for particles)
     * @param particles the events' particles (null for columns), {@code name} what the user called them
     * @param padTo     the particles kept per event, hardest first
     */
    public record Features(List<String> columns, FourMomenta particles, String name, int padTo) {
        public static Features of(List<String> columns) {
            return new Features(columns, null, String.join(", ", columns), 0);
        }

        public static Features particles(String name, FourMomenta particles, int padTo) {
            return new Features(null, particles, name, padTo);
        }

        public boolean isParticles() {
            return particles != null;
        }

        /** Every event's row; {@code present[i]} false where a column is NaN or the event has no particle. */
        double[][] rows(Dataset d, boolean[] present) {
            if (!isParticles()) return Unfolding.rows(d, columns, present);
            if (particles.events() != d.size()) {
                throw new HepmlException("'" + name + "' holds the particles of " + particles.events() + " events but '" + d.name()
                        + "' has " + d.size() + "; they must be the same events.");
            }
            return ParticleReweighting.rows(particles, padTo, present);
        }

        @Override
        public String toString() {
            return isParticles() ? "particles '" + name + "' (" + padTo + " per event)" : columns.toString();
        }
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

    static PairedSimulation pairedSimulation(Dataset sim, List<String> gen, List<String> reco) {
        return pairedSimulation(sim, Features.of(gen), Features.of(reco));
    }

    static MeasuredData measuredData(Dataset data, List<String> reco) {
        return measuredData(data, Features.of(reco));
    }

    /** The simulation's events at both levels: NaN generator-level values mark fakes, NaN detector-level ones lost events. */
    static PairedSimulation pairedSimulation(Dataset sim, Features gen, Features reco) {
        boolean[] hasGen = new boolean[sim.size()], hasReco = new boolean[sim.size()];
        double[][] g = gen.rows(sim, hasGen), r = reco.rows(sim, hasReco);
        double[] prior = sim.weights();
        checkFinite(prior, sim.name());
        return new PairedSimulation(g, hasGen, r, hasReco, prior);
    }

    /** The data events with detector-level values (events with a NaN in any of the columns are left out). */
    static MeasuredData measuredData(Dataset data, Features reco) {
        boolean[] present = new boolean[data.size()];
        double[][] m = reco.rows(data, present);
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
        return omnifold(configured, sim, Features.of(gen), Features.of(reco), data, Features.of(dataReco), name, replicas, runner);
    }

    /**
     * As {@link #omnifold(BootstrapReplicas.Configured, Dataset, List, List, Dataset, List, String, Replicas, TaskRunner)},
     * each level's features columns or particles; with generator-level particles the result's rows are the events
     * that have generator-level particles ({@link #unfoldedEvents}), in order.
     */
    public static Dataset omnifold(BootstrapReplicas.Configured configured, Dataset sim, Features gen, Features reco,
                                   Dataset data, Features dataReco, String name, Replicas replicas, TaskRunner runner) {
        OmniFold omnifold = configured.apply(0);
        if (reco.isParticles() != dataReco.isParticles()) {
            throw new HepmlException("The simulation's detector level is " + reco + " but the data's " + dataReco
                    + "; both must be columns or both particles.");
        }
        if (reco.isParticles() && reco.padTo() != dataReco.padTo()) {
            throw new HepmlException("The simulation's detector-level particles are padded to " + reco.padTo() + " per event, the data's to "
                    + dataReco.padTo() + "; the classifier needs one row width.");
        }
        if (!reco.isParticles() && reco.columns().size() != dataReco.columns().size()) {
            throw new HepmlException("The simulation has " + reco.columns().size() + " detector-level column(s) " + reco + " but the data "
                    + dataReco.columns().size() + " " + dataReco + "; they must correspond one to one.");
        }
        PairedSimulation paired = pairedSimulation(sim, gen, reco);
        BootstrapReplicas runs = BootstrapReplicas.run(configured, paired, measuredData(data, dataReco), replicas, runner);
        OmniFold.Iterations it = runs.nominal();
        Dataset.Builder b = Dataset.builder(name);
        int[] idx = paired.generated();
        // every column of the simulation comes along (the classifiers' inputs first), so that observables the
        // unfolding never saw can be drawn with the unfolded weights afterwards
        List<String> genColumns = gen.isParticles() ? List.of() : gen.columns();
        for (int j = 0; j < genColumns.size(); j++) {
            double[] col = new double[idx.length];
            for (int k = 0; k < idx.length; k++) col[k] = paired.gen()[idx[k]][j];
            b.column(genColumns.get(j), col);
        }
        for (String c : sim.columnNames()) {
            if (genColumns.contains(c) || c.equals("weight") || c.startsWith("weight.")) continue;
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
        if (gen.isParticles()) b.meta("unfolded particles", gen.toString() + " to " + reco.toString());
        b.meta("unfolded", "OmniFold, " + omnifold.iterations() + " iterations").meta("simulation", sim.name())
                .meta("data", data.name());
        for (OmniFold.Diagnostics d : it.diagnostics()) b.meta("iteration " + d.iteration(), d.toString());
        return b.build();
    }

    /** The simulated events the result of {@link #omnifold} keeps (those with generator-level features), in order. */
    public static int[] unfoldedEvents(Dataset sim, Features gen) {
        boolean[] present = new boolean[sim.size()];
        if (gen.isParticles()) {
            for (int i = 0; i < present.length; i++) present[i] = gen.particles().count(i) > 0;
        } else {
            rows(sim, gen.columns(), present);
        }
        return PairedSimulation.indices(present);
    }

    private static void checkFinite(double[] w, String dataset) {
        for (int i = 0; i < w.length; i++) {
            if (!Double.isFinite(w[i])) {
                throw new HepmlException("Event " + i + " of '" + dataset + "' has weight " + w[i] + "; weights must be finite numbers.");
            }
        }
    }
}
