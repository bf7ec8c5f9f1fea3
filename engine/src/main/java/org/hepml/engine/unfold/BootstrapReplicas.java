package org.hepml.engine.unfold;

import org.hepml.engine.Cancelled;
import org.hepml.engine.Progress;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * The nominal unfolding and the replicas that give its uncertainties: {@code seeds} runs with other classifier seeds on
 * the nominal data (the spread due to training), then {@code bootstrap} runs on bootstrap replicas of the data, each data
 * event weighted by a Poisson(1) count (the statistical uncertainty). An interrupt during the replicas keeps the nominal
 * result and the replicas that finished.
 *
 * @param nominal   the nominal run, every iteration
 * @param seeds     the final weights of the runs with other classifier seeds
 * @param bootstrap the final weights of the runs on bootstrap replicas of the data
 * @param stopped   how far the replicas got when interrupted; null when all finished
 */
public record BootstrapReplicas(OmniFold.Iterations nominal, List<double[]> seeds, List<double[]> bootstrap, String stopped) {

    /**
     * @param configured the OmniFold set-up for run {@code k}: 0 is the nominal run, 1..seeds the other classifier seeds,
     *                   1000 + b the b-th bootstrap replica; its reweighters take their seeds from {@code k}
     */
    public static BootstrapReplicas run(IntFunction<OmniFold> configured, PairedSimulation sim, MeasuredData data,
                                 Unfolding.Replicas replicas) {
        int runs = 1 + replicas.bootstrap() + replicas.seeds();
        List<double[]> bootWeights = new ArrayList<>(), seedWeights = new ArrayList<>();
        OmniFold.Iterations nominal;
        String stopped = null;
        try (Progress progress = runs > 1 ? Progress.startNested("OmniFold with " + (runs - 1) + " replica(s)", runs, "runs") : Progress.NONE) {
            progress.update(0, "nominal");
            nominal = configured.apply(0).run(sim, data);
            try {
                for (int k = 1; k <= replicas.seeds(); k++) {
                    progress.update(bootWeights.size() + seedWeights.size() + 1, "classifier seed " + (k + 1));
                    seedWeights.add(configured.apply(k).run(sim, data).finalWeights());
                }
                SplittableRandom rng = new SplittableRandom(replicas.seed());
                for (int b = 1; b <= replicas.bootstrap(); b++) {
                    progress.update(bootWeights.size() + seedWeights.size() + 1, "bootstrap replica " + b);
                    MeasuredData replica = data.reweighted(IterativeBayesianUnfolding.bootstrapWeights(data.weights(), rng));
                    bootWeights.add(configured.apply(1000 + b).run(sim, replica).finalWeights());
                }
                progress.finish("done");
            } catch (Cancelled e) {
                // keep the nominal result and the replicas that finished; say so in the metadata
                stopped = "interrupted after " + seedWeights.size() + " seed and " + bootWeights.size() + " bootstrap replica(s)";
                progress.finish(stopped);
            }
        }
        return new BootstrapReplicas(nominal, seedWeights, bootWeights, stopped);
    }
}
