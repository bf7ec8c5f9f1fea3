import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.GaussianToy;
import org.hepml.engine.nn.TrainingSettings;
import org.hepml.engine.unfold.ClassifierReweighter;
import org.hepml.engine.unfold.IterativeBayesianUnfolding;
import org.hepml.engine.unfold.MeasuredData;
import org.hepml.engine.unfold.OmniFold;
import org.hepml.engine.unfold.PairedSimulation;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * OmniFold's replicas in step (OmniFold.runTogether: their classifiers trained as one fused network per step, what a
 * local `%%unfold omnifold --seeds S --bootstrap B` now does) against the same replicas run one after another (what it
 * did before), in one process, alternating round by round (the order flips every round) after an untimed warm-up.
 * The replicas are built as BootstrapReplicas builds them: S seed replicas on the data, B on bootstrap samples (each
 * data event weighted by a Poisson(1) count), classifiers seeded seed + 10 k and seed + 10 k + 1 (OmniFoldOptions).
 * The unfolding is the paper's Gaussian toy with an 80% efficiency and 10% fakes (so the lost-event and fake averages
 * train too), the classifiers the defaults (TrainingSettings.UNFOLDING: 50-50-50 relu, batch 256, warm-started) with
 * EPOCHS epochs. Prints "round R fused|sequential WALL_S PROCESS_CPU_S" per timed side, then the largest relative
 * per-event difference between the two sides' final weights.
 * Usage: java -cp ENGINE_CLASSPATH ReplicasBench.java EVENTS SEEDS BOOTSTRAP ITERATIONS EPOCHS ROUNDS
 */
public class ReplicasBench {
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]), seeds = Integer.parseInt(args[1]), bootstrap = Integer.parseInt(args[2]);
        int iterations = Integer.parseInt(args[3]), epochs = Integer.parseInt(args[4]), rounds = Integer.parseInt(args[5]);
        Dataset sim = new GaussianToy().efficiency(0.8).fakes(0.1, 0, 1.5).seed(1).generate("sim", n);
        Dataset data = new GaussianToy().mu(0.2).sigma(0.8).efficiency(0.8).fakes(0.1, 0, 1.5).seed(2).generate("data", n);
        PairedSimulation paired = paired(sim);
        MeasuredData measured = measured(data);
        TrainingSettings t = TrainingSettings.UNFOLDING.withEpochs(epochs);
        System.out.printf(Locale.ROOT, "info java %s events %d seeds %d bootstrap %d iterations %d epochs %d batch %d hidden %s%n",
                System.getProperty("java.version"), n, seeds, bootstrap, iterations, epochs, t.batchSize(), java.util.Arrays.toString(t.hidden()));
        List<MeasuredData> sets = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(3);
        for (int r = 0; r < seeds; r++) sets.add(measured);
        for (int b = 0; b < bootstrap; b++) {
            sets.add(measured.reweighted(IterativeBayesianUnfolding.bootstrapCounts(measured.size(), rng)));
        }
        // warm-up: both ways once, one iteration, untimed (JIT, native library)
        run(paired, sets, t, 1, true);
        run(paired, sets, t, 1, false);
        double worst = 0;
        for (int round = 1; round <= rounds; round++) {
            boolean[] order = round % 2 == 1 ? new boolean[]{true, false} : new boolean[]{false, true};
            List<List<double[]>> both = new ArrayList<>();
            for (boolean fused : order) {
                var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
                long t0 = System.nanoTime(), c0 = os.getProcessCpuTime();
                both.add(run(paired, sets, t, iterations, fused));
                System.out.printf(Locale.ROOT, "round %d %s %.3f %.3f%n", round, fused ? "fused" : "sequential",
                        (System.nanoTime() - t0) / 1e9, (os.getProcessCpuTime() - c0) / 1e9);
            }
            for (int r = 0; r < sets.size(); r++) {
                double[] a = both.get(0).get(r), b = both.get(1).get(r);
                for (int i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
            }
        }
        System.out.printf(Locale.ROOT, "agreement %.3g%n", worst);
    }

    /** Each replica's final weights, the replicas in step or one after another. */
    static List<double[]> run(PairedSimulation sim, List<MeasuredData> sets, TrainingSettings t, int iterations, boolean fused) {
        List<OmniFold> runs = new ArrayList<>();
        for (int k = 1; k <= sets.size(); k++) {
            long seed = t.seed() + 10L * k;
            runs.add(new OmniFold().iterations(iterations).reweighters(new ClassifierReweighter(t.withSeed(seed)), new ClassifierReweighter(t.withSeed(seed + 1))));
        }
        List<double[]> out = new ArrayList<>();
        if (fused) {
            for (OmniFold.Iterations it : OmniFold.runTogether(runs, sim, sets)) out.add(it.finalWeights());
        } else {
            for (int r = 0; r < runs.size(); r++) out.add(runs.get(r).run(sim, sets.get(r)).finalWeights());
        }
        return out;
    }

    /** The simulation's events at both levels (NaN: a fake has no x.gen, a lost event no x.reco), as Unfolding pairs them. */
    static PairedSimulation paired(Dataset sim) {
        double[] gen = sim.column("x.gen"), reco = sim.column("x.reco");
        int n = gen.length;
        double[][] g = new double[n][1], r = new double[n][1];
        boolean[] hasGen = new boolean[n], hasReco = new boolean[n];
        for (int i = 0; i < n; i++) {
            g[i][0] = gen[i];
            r[i][0] = reco[i];
            hasGen[i] = !Double.isNaN(gen[i]);
            hasReco[i] = !Double.isNaN(reco[i]);
        }
        return new PairedSimulation(g, hasGen, r, hasReco, sim.weights());
    }

    /** The data events that have x.reco. */
    static MeasuredData measured(Dataset data) {
        double[] reco = data.column("x.reco"), w = data.weights();
        List<double[]> rows = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (int i = 0; i < reco.length; i++) {
            if (Double.isNaN(reco[i])) continue;
            rows.add(new double[]{reco[i]});
            weights.add(w[i]);
        }
        return new MeasuredData(rows.toArray(new double[0][]), weights.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
