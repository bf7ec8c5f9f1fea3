package org.hepml.magics;

import org.hepml.engine.api.Hep;
import org.hepml.engine.api.Workspace;
import org.hepml.engine.flows.FlowShape;
import org.hepml.engine.sbi.PosteriorEstimator;
import org.hepml.engine.sbi.PosteriorSamples;
import org.hepml.engine.sbi.SimulationBasedCalibration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** Neural posterior estimation: {@code %%train posterior}, {@code %infer posterior} and {@code %infer sbc}. */
final class PosteriorCommands {
    private PosteriorCommands() {
    }

    static final class ForPosterior extends TrainingOptions.Defaults {
        ForPosterior() {
            super(PosteriorEstimator.DEFAULT_SETTINGS);
        }
    }

    /** {@code %%train posterior}: {@link Hep#posteriorEstimator}. */
    @Command(name = "posterior", mixinStandardHelpOptions = true, sortOptions = false, defaultValueProvider = ForPosterior.class,
            description = {"Neural posterior estimation: a conditional flow q(theta | s) over the parameter, conditioned on summary",
                    "statistics s of a sample of --events events, trained on --simulations samples simulated at theta ~ --prior.",
                    "Simulator gaussian: the Gaussian toy's mean mu (x.reco ~ N(mu, 1.118)); summaries: mean, std, fraction > 0."})
    static final class Train implements Callable<PosteriorEstimator> {
        private final Workspace workspace;
        @Option(names = "--simulator", defaultValue = "gaussian", description = "the simulator: gaussian (default ${DEFAULT-VALUE})")
        String simulator;
        @Option(names = "--events", defaultValue = "20", description = "events per sample, N (default ${DEFAULT-VALUE})")
        int events;
        @Option(names = "--simulations", defaultValue = "20000", description = "simulated samples to train on (default ${DEFAULT-VALUE})")
        int simulations;
        @Option(names = "--prior", defaultValue = "normal(0,0.5)", description = "uniform(a,b) or normal(m,s) (default ${DEFAULT-VALUE})")
        String prior;
        @Option(names = "--transforms", defaultValue = "3", description = "spline transforms of the flow (default ${DEFAULT-VALUE})")
        int transforms;
        @Option(names = "--bins", defaultValue = "16", description = "bins of each rational-quadratic spline (default ${DEFAULT-VALUE})")
        int bins;
        @Mixin
        TrainingOptions training;
        @Option(names = "--as", required = true, paramLabel = "NAME", description = "name of the posterior estimator")
        String as;

        Train(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public PosteriorEstimator call() {
            Workspace.checkName(as);
            FlowShape shape = new FlowShape(transforms, bins, FlowShape.DEFAULT.bound());
            return new Hep(workspace).posteriorEstimator(simulator, events, simulations, prior, training.settings(PosteriorEstimator.DEFAULT_SETTINGS),
                    shape, as);
        }
    }

    /** {@code %infer posterior}: {@link Hep#posterior}. */
    @Command(name = "posterior", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Posterior samples of the parameter given the observed events (a dataset with the simulator's observable,",
                    "as many events as trained for), their mean and width, and the histogram with the exact posterior (--exact)."})
    static final class Infer implements Callable<PosteriorSamples> {
        private final Workspace workspace;
        @Option(names = "--model", required = true, paramLabel = "NAME", description = "a posterior estimator (%%train posterior)")
        String model;
        @Option(names = "--observed", required = true, paramLabel = "DATA", description = "the observed events")
        String observed;
        @Option(names = "--draws", defaultValue = "4000", description = "posterior samples (default ${DEFAULT-VALUE})")
        int draws;
        @Option(names = "--exact", description = "draw the exact posterior beside the samples")
        boolean exact;
        @Option(names = "--seed", defaultValue = "1", description = "random seed of the samples (default ${DEFAULT-VALUE})")
        long seed;
        @Mixin
        FigureFile file = new FigureFile();
        @Option(names = "--as", paramLabel = "NAME", description = "store the result")
        String as;

        Infer(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public PosteriorSamples call() {
            file.check();
            PosteriorSamples p = new Hep(workspace).posterior(model, observed, draws, exact, seed, as);
            file.write(p.figure());
            return p;
        }
    }

    /** {@code %infer sbc}: {@link Hep#sbc}. */
    @Command(name = "sbc", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Simulation-based calibration (Talts et al. 2018): --draws times theta ~ prior, events ~ simulator(theta),",
                    "--samples posterior samples; the rank of theta among them is uniform if the posterior is right. Shows the rank",
                    "histogram with its 99%% band and Pearson's chi2 against uniform."})
    static final class Sbc implements Callable<SimulationBasedCalibration> {
        private final Workspace workspace;
        @Option(names = "--model", required = true, paramLabel = "NAME", description = "a posterior estimator (%%train posterior)")
        String model;
        @Option(names = "--draws", defaultValue = "1000", description = "draws from the prior, M (default ${DEFAULT-VALUE})")
        int draws;
        @Option(names = "--samples", defaultValue = "99", description = "posterior samples per draw, L; L + 1 a multiple of --bins (default ${DEFAULT-VALUE})")
        int samples;
        @Option(names = "--bins", defaultValue = "10", description = "bins of the rank histogram (default ${DEFAULT-VALUE})")
        int bins;
        @Option(names = "--seed", defaultValue = "1", description = "random seed (default ${DEFAULT-VALUE})")
        long seed;
        @Mixin
        FigureFile file = new FigureFile();
        @Option(names = "--as", paramLabel = "NAME", description = "store the result")
        String as;

        Sbc(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public SimulationBasedCalibration call() {
            file.check();
            SimulationBasedCalibration r = new Hep(workspace).sbc(model, draws, samples, bins, seed, as);
            file.write(r.figure());
            return r;
        }
    }
}
