package org.hepml.magics;

import org.hepml.engine.api.Hep;
import org.hepml.engine.api.OmniFoldOptions;
import org.hepml.engine.api.Workspace;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.nn.TrainingSettings;
import org.hepml.engine.plot.Figure;
import org.hepml.engine.unfold.OmniFold;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;



/** {@code %%unfold}: remove detector effects, unbinned with OmniFold or binned with IBU. */
public final class UnfoldMagic extends PicocliMagic {

    public UnfoldMagic(Workspace workspace) {
        super(workspace, Unfold.class);
    }

    @Override
    public String name() {
        return "unfold";
    }

    @Override
    public String summary() {
        return "unfold detector effects: OmniFold (unbinned, many observables) or iterative Bayesian unfolding";
    }

    @Command(name = "unfold", mixinStandardHelpOptions = true, description = "Unfold detector effects.",
            subcommands = {Omni.class, Ibu.class})
    static final class Unfold {
    }

    /** What both methods need: the simulation, the data and the iteration count. */
    static final class Inputs {
        @Option(names = "--sim", required = true, paramLabel = "SIM", description = "simulation with generator- and detector-level columns")
        String sim;
        @Option(names = "--data", required = true, paramLabel = "DATA", description = "measured detector-level events")
        String data;
        @Option(names = "--iterations", defaultValue = "4", description = "iterations (default ${DEFAULT-VALUE})")
        int iterations;
    }

    @Command(name = "omnifold", mixinStandardHelpOptions = true, sortOptions = false, defaultValueProvider = TrainingOptions.ForUnfolding.class,
            description = {"OmniFold: reweight the simulation to the data at detector level (step 1), carry the weights",
                    "to generator level as a function of the generator-level event (step 2), iterate. The result is the",
                    "generator-level simulation with the unfolded weights, for any observable afterwards."})
    static final class Omni implements Callable<Dataset> {
        private final Workspace workspace;
        @picocli.CommandLine.Mixin
        Inputs in;
        @Option(names = "--gen", required = true, paramLabel = "COLS", description = {"generator-level columns (names or globs, e.g. x.gen.*),",
                "or gen.particles: the particle lists stored as SIM.gen.particles (particle-level OmniFold)"})
        String gen;
        @Option(names = "--reco", required = true, paramLabel = "COLS", description = "detector-level columns of the simulation, or particles (SIM.particles)")
        String reco;
        @Option(names = "--data-reco", paramLabel = "COLS", description = "detector-level columns of the data, or particles (DATA.particles) (default: as --reco)")
        String dataReco;
        @Option(names = "--reweighter",
                description = {"mlp (unbinned, any number of columns), histogram (binned, one column), pfn or efn (particle lists:",
                        "a particle-flow or energy-flow network with --hidden as Phi's and F's layers) (default: mlp, pfn on particles)"})
        String reweighter;
        @Option(names = "--particles", defaultValue = "32", paramLabel = "M",
                description = "particles per event the PFN/EFN sees: the M hardest, fewer padded (default ${DEFAULT-VALUE})")
        int particles;
        @Option(names = "--latent", defaultValue = "32", description = "size of the PFN/EFN's summed particle representation (default ${DEFAULT-VALUE})")
        int latent;
        @Option(names = "--warm-start", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "each iteration continues training the previous iteration's classifiers, as the omnifold package does (default on)")
        boolean warmStart;
        @Option(names = "--bins", defaultValue = "40", description = "bins of the histogram reweighter (default ${DEFAULT-VALUE})")
        int bins;
        @Option(names = "--range", split = ",", paramLabel = "a,b", description = "range of the histogram reweighter (default: the data's)")
        double[] range;
        @Option(names = "--clip", description = "bound every reweighting factor to [1/C, C] (default: no clipping)")
        Double clip;
        @Option(names = "--reference", defaultValue = "previous", description = "step-2 reference weights: previous (the paper) or prior")
        OmniFold.Reference reference;
        @Option(names = "--bootstrap", defaultValue = "0", paramLabel = "B",
                description = "rerun on B bootstrap replicas of the data: the statistical uncertainty of every histogram drawn later (default ${DEFAULT-VALUE})")
        int bootstrap;
        @Option(names = "--seeds", defaultValue = "1", paramLabel = "K",
                description = "classifier seeds on the nominal data; K > 1 reports the training spread separately (default ${DEFAULT-VALUE})")
        int seeds;
        @Option(names = "--on", paramLabel = "WHERE", description = "where the replicas run: local (here, one after another; the default),"
                + " spark (a Spark cluster on this machine), spark://host:port or spark:MASTER; needs the hepml-spark module (docs/SPARK.md)")
        String on;
        @picocli.CommandLine.Mixin
        TrainingOptions training;
        @Option(names = "--as", paramLabel = "NAME", defaultValue = "unfolded", description = "name of the result (default ${DEFAULT-VALUE})")
        String as;

        Omni(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public Dataset call() {
            OmniFoldOptions o = new OmniFoldOptions();
            o.training = training.settings(TrainingSettings.UNFOLDING); // checked before anything else
            o.dataReco = dataReco;
            o.reweighter = reweighter;
            o.particles = particles;
            o.latent = latent;
            o.warmStart = warmStart;
            o.bins = bins;
            o.range = range;
            o.clip = clip;
            o.reference = reference;
            o.iterations = in.iterations;
            o.bootstrap = bootstrap;
            o.seeds = seeds;
            o.on = on;
            return new Hep(workspace).omnifold(in.sim, in.data, gen, reco, o, as);
        }
    }

    @Command(name = "ibu", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Iterative Bayesian unfolding of one observable in bins, the binned baseline.")
    static final class Ibu implements Callable<Figure> {
        private final Workspace workspace;
        @picocli.CommandLine.Mixin
        Inputs in;
        @Option(names = "--gen", required = true, paramLabel = "C", description = "generator-level column")
        String gen;
        @Option(names = "--reco", required = true, paramLabel = "C", description = "detector-level column (simulation and data)")
        String reco;
        @Option(names = "--bins", defaultValue = "30", description = "bins (default ${DEFAULT-VALUE})")
        int bins;
        @Option(names = "--range", split = ",", paramLabel = "a,b", description = "range (default: the simulation's)")
        double[] range;
        @Option(names = "--truth", paramLabel = "DATASET", description = "draw this dataset's generator-level histogram as the truth")
        String truth;
        @Option(names = "--bootstrap", defaultValue = "20", description = "Poisson replicas of the data for the error bars (default ${DEFAULT-VALUE})")
        int bootstrap;
        @Option(names = "--seed", defaultValue = "1", description = "seed of the bootstrap replicas (default ${DEFAULT-VALUE})")
        long seed;
        @picocli.CommandLine.Mixin
        FigureFile file = new FigureFile();

        Ibu(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public Figure call() {
            file.check();
            return file.write(new Hep(workspace).ibu(in.sim, in.data, gen, reco, in.iterations, bins, range, truth, bootstrap, seed));
        }
    }
}
