package org.hepml.engine.unfold;

import org.hepml.engine.Cancelled;
import org.hepml.engine.Progress;
import org.hepml.engine.TaskRunner;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * The nominal unfolding and the replicas that give its uncertainties: {@code seeds} runs with other classifier seeds on
 * the nominal data (the spread due to training), then {@code bootstrap} runs on bootstrap replicas of the data, each data
 * event weighted by a Poisson(1) count (the statistical uncertainty). Run here, the replicas go in step after the
 * nominal run, their classifiers trained as one fused network per step ({@link OmniFold#runTogether}); elsewhere (a
 * Spark runner) one unit per replica. An interrupt during the replicas keeps the nominal result and the replicas that
 * finished (in step, replicas finish in groups of up to {@value #IN_STEP}: an interrupt keeps the groups that finished).
 *
 * @param nominal   the nominal run, every iteration
 * @param seeds     the final weights of the runs with other classifier seeds
 * @param bootstrap the final weights of the runs on bootstrap replicas of the data
 * @param stopped   how far the replicas got when interrupted; null when all finished
 */
public record BootstrapReplicas(OmniFold.Iterations nominal, List<double[]> seeds, List<double[]> bootstrap, String stopped) {

    /** The most replicas run in step at a time. */
    static final int IN_STEP = 16;

    /** An OmniFold set-up per run that can be shipped to where the replicas run (a Spark executor). */
    public interface Configured extends IntFunction<OmniFold>, Serializable {
    }

    /**
     * @param configured the OmniFold set-up for run {@code k}: 0 is the nominal run, 1..seeds the other classifier seeds,
     *                   1000 + b the b-th bootstrap replica; its reweighters take their seeds from {@code k}
     */
    public static BootstrapReplicas run(IntFunction<OmniFold> configured, PairedSimulation sim, MeasuredData data,
                                        Unfolding.Replicas replicas) {
        return run(configured::apply, sim, data, replicas, TaskRunner.LOCAL);
    }

    /**
     * As {@link #run(IntFunction, PairedSimulation, MeasuredData, Unfolding.Replicas)}, the replicas run by
     * {@code runner} (the nominal run here): one unit per replica, so the weights are the same wherever they run.
     */
    public static BootstrapReplicas run(Configured configured, PairedSimulation sim, MeasuredData data,
                                        Unfolding.Replicas replicas, TaskRunner runner) {
        return run(configured, sim, data, replicas, runner, runner == TaskRunner.LOCAL);
    }

    /**
     * As {@link #run(Configured, PairedSimulation, MeasuredData, Unfolding.Replicas, TaskRunner)}, with the replicas in
     * step here ({@code inStep}: {@link OmniFold#runTogether}, {@code runner} unused) or one unit per replica through
     * {@code runner}: the same weights to float rounding, the first faster (bench/omnifold-replicas).
     */
    public static BootstrapReplicas run(Configured configured, PairedSimulation sim, MeasuredData data,
                                        Unfolding.Replicas replicas, TaskRunner runner, boolean inStep) {
        int runs = 1 + replicas.bootstrap() + replicas.seeds();
        OmniFold.Iterations nominal;
        String stopped = null;
        try (Progress progress = runs > 1 ? Progress.startNested("OmniFold with " + (runs - 1) + " replica(s)", runs, "runs") : Progress.NONE) {
            progress.update(0, "nominal");
            nominal = configured.apply(0).run(sim, data);
            // each bootstrap replica's Poisson counts, drawn here in replica order from one stream (as one after
            // another would draw them); a count is below 21, a byte per event
            SplittableRandom rng = new SplittableRandom(replicas.seed());
            List<byte[]> counts = new ArrayList<>();
            for (int b = 1; b <= replicas.bootstrap(); b++) counts.add(IterativeBayesianUnfolding.bootstrapCounts(data.size(), rng));
            int nSeeds = replicas.seeds();
            List<double[]> done;
            if (inStep) {
                done = new ArrayList<>();
                // groups of at most IN_STEP replicas: the gain of fusing has levelled off by then, and a group's
                // intermediate weights (a few arrays per replica and event) stay bounded with --bootstrap 1000
                for (int from = 0; from < runs - 1; from += IN_STEP) {
                    int to = Math.min(runs - 1, from + IN_STEP);
                    List<OmniFold> set = new ArrayList<>();
                    List<MeasuredData> sets = new ArrayList<>();
                    for (int r = from; r < to; r++) {
                        set.add(configured.apply(r < nSeeds ? r + 1 : 1000 + r - nSeeds + 1));
                        sets.add(r < nSeeds ? data : data.reweighted(counts.get(r - nSeeds)));
                    }
                    progress.update(1 + from, "replicas " + (from + 1) + "-" + to + " of " + (runs - 1) + " in step");
                    try {
                        done.addAll(OmniFold.finalWeightsTogether(set, sim, sets));
                    } catch (Cancelled e) {
                        break; // the groups that finished are kept
                    }
                }
                while (done.size() < runs - 1) done.add(null);
            } else {
                TaskRunner.Task<double[]> replica = r -> r < nSeeds
                        ? configured.apply(r + 1).run(sim, data).finalWeights()
                        : configured.apply(1000 + r - nSeeds + 1).run(sim, data.reweighted(counts.get(r - nSeeds))).finalWeights();
                done = runner.runAll(runs - 1, replica,
                        r -> r < nSeeds ? "classifier seed " + (r + 2) : "bootstrap replica " + (r - nSeeds + 1), offset(progress));
            }
            List<double[]> seedWeights = kept(done.subList(0, nSeeds)), bootWeights = kept(done.subList(nSeeds, done.size()));
            if (seedWeights.size() + bootWeights.size() < runs - 1) {
                // keep the nominal result and the replicas that finished; say so in the metadata
                stopped = "interrupted after " + seedWeights.size() + " seed and " + bootWeights.size() + " bootstrap replica(s)";
                progress.finish(stopped);
            } else {
                progress.finish("done");
            }
            return new BootstrapReplicas(nominal, seedWeights, bootWeights, stopped);
        }
    }

    /** The runs' progress after the nominal one. */
    private static Progress offset(Progress progress) {
        return new Progress() {
            @Override
            public void update(long done, String status) {
                progress.update(done + 1, status);
            }

            @Override
            public void finish(String status) {
            }
        };
    }

    private static List<double[]> kept(List<double[]> results) {
        List<double[]> out = new ArrayList<>();
        for (double[] w : results) if (w != null) out.add(w);
        return out;
    }
}
