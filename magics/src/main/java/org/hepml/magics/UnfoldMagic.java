package org.hepml.magics;

import org.hepml.engine.Workspace;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.nn.TrainingSettings;
import org.hepml.engine.plot.Figure;
import org.hepml.engine.plot.Histogram;
import org.hepml.engine.plot.HistogramPlot;
import org.hepml.engine.unfold.ClassifierReweighter;
import org.hepml.engine.unfold.HistogramReweighter;
import org.hepml.engine.unfold.IterativeBayesianUnfolding;
import org.hepml.engine.unfold.OmniFold;
import org.hepml.engine.unfold.Reweighter;
import org.hepml.engine.unfold.Unfolding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
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
        @Option(names = "--gen", required = true, paramLabel = "COLS", description = "generator-level columns (names or globs, e.g. x.gen.*)")
        String gen;
        @Option(names = "--reco", required = true, paramLabel = "COLS", description = "detector-level columns of the simulation")
        String reco;
        @Option(names = "--data-reco", paramLabel = "COLS", description = "detector-level columns of the data (default: as --reco)")
        String dataReco;
        @Option(names = "--reweighter", defaultValue = "mlp",
                description = "mlp (unbinned, any number of columns) or histogram (binned, one column) (default ${DEFAULT-VALUE})")
        String reweighter;
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
        @picocli.CommandLine.Mixin
        TrainingOptions training;
        @Option(names = "--as", paramLabel = "NAME", defaultValue = "unfolded", description = "name of the result (default ${DEFAULT-VALUE})")
        String as;

        Omni(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public Dataset call() {
            Workspace.checkName(as);
            TrainingSettings settings = training.settings(TrainingSettings.UNFOLDING);
            long seed = settings.seed();
            Dataset s = workspace.dataset(in.sim), d = workspace.dataset(in.data);
            List<String> g = Unfolding.columns(s, gen), r = Unfolding.columns(s, reco);
            List<String> dr = Unfolding.columns(d, dataReco != null ? dataReco : reco);
            if (seeds < 1) throw new MagicUsageException("--seeds must be at least 1 (the nominal run), got " + seeds + ".");
            Unfolding.Replicas replicas = new Unfolding.Replicas(bootstrap, seeds - 1, seed);
            java.util.function.IntFunction<OmniFold> configured = replica -> {
                Reweighter rw = reweighter(s, g, r, settings.withSeed(seed + 10L * replica));
                OmniFold of = new OmniFold().reweighters(rw.step1, rw.step2).iterations(in.iterations).reference(reference);
                if (clip != null) of.clip(clip);
                return of;
            };
            return workspace.put(as, Unfolding.omnifold(configured, s, g, r, d, dr, as, replicas));
        }

        record Reweighter(org.hepml.engine.unfold.Reweighter step1, org.hepml.engine.unfold.Reweighter step2) {
        }

        private Reweighter reweighter(Dataset s, List<String> g, List<String> r, TrainingSettings settings) {
            if (reweighter.equals("mlp")) {
                return new Reweighter(new ClassifierReweighter(settings).warmStart(warmStart),
                        new ClassifierReweighter(settings.withSeed(settings.seed() + 1)).warmStart(warmStart));
            }
            if (!reweighter.equals("histogram")) {
                throw new MagicUsageException("--reweighter: '" + reweighter + "' is not one of: mlp, histogram.");
            }
            if (g.size() != 1 || r.size() != 1) {
                throw new MagicUsageException("--reweighter histogram unfolds one column at a time; got " + g.size()
                        + " generator-level and " + r.size() + " detector-level columns.");
            }
            double[] rg = range != null ? range : span(s, g.get(0), r.get(0));
            return new Reweighter(new HistogramReweighter(bins, rg[0], rg[1]), new HistogramReweighter(bins, rg[0], rg[1]));
        }
    }

    static double[] span(Dataset s, String... cols) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (String c : cols) {
            for (double v : s.column(c)) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        return new double[]{lo, Math.nextUp(hi)};
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

        Ibu(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public Figure call() {
            Dataset s = workspace.dataset(in.sim), d = workspace.dataset(in.data);
            double[] rg = range != null ? range : span(s, gen, reco);
            if (bootstrap < 2 || bootstrap > 1000) throw new MagicUsageException("--bootstrap must be between 2 and 1000, got " + bootstrap + ".");
            IterativeBayesianUnfolding.Result r = IterativeBayesianUnfolding.withBootstrap(s.column(gen), s.column(reco), s.weights(),
                    d.column(reco), d.weights(), bins, rg[0], rg[1], in.iterations, bootstrap, seed);
            Histogram unfolded = Histogram.ofCounts("IBU, " + in.iterations + " iterations", rg[0], rg[1], r.unfolded(), r.errors());
            HistogramPlot plot = new HistogramPlot().xLabel(gen).title("Iterative Bayesian unfolding");
            plot.add(unfolded);
            plot.add(Histogram.of("prior (" + s.name() + ")", s.column(gen), s.weights(), bins, rg[0], rg[1]));
            if (truth != null) {
                Dataset t = workspace.dataset(truth);
                plot.add(Histogram.of("truth (" + t.name() + ")", t.column(gen), t.weights(), bins, rg[0], rg[1]));
                plot.ratioTo(2);
            }
            return plot.normalize(true).figure();
        }
    }
}
