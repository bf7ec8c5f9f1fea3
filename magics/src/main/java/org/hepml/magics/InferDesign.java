package org.hepml.magics;

import org.hepml.engine.api.Workspace;
import org.hepml.engine.sbi.EstimatorOptions;
import org.hepml.engine.sbi.ExperimentDesign;
import org.hepml.engine.sbi.SequentialDesign;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * {@code %infer design}: {@link ExperimentDesign#run}, the ee-mumu energy that measures sin^2 theta_W best, exact and
 * from SALLY; with {@code --sequential}, {@link SequentialDesign#run}: the luminosity in --runs runs, each at the energy
 * of largest expected information under the posterior so far.
 */
@Command(name = "design", mixinStandardHelpOptions = true, sortOptions = false, defaultValueProvider = InferDesign.ForDesign.class,
        description = {"Experimental design for ee-mumu: the expected error on sin2w of a run of --luminosity at each --energies,",
                "1 / sqrt(L sigma I), with the Fisher information I exact and from a SALLY network trained per energy (--events 0: exact only).",
                "--sequential: --luminosity is spent in --runs equal runs; each at the energy of largest expected information gain under",
                "the posterior so far (uniform --prior), simulated at --sin2w, and the exact posterior updated with its events."})
final class InferDesign implements Callable<Object> {
    static final EstimatorOptions DEFAULTS = EstimatorOptions.DEFAULT.training(t -> t.withHidden(32, 32).withEpochs(20).withBatchSize(128).withLearningRate(1e-2, 1e-4));

    static final class ForDesign extends TrainingOptions.Defaults {
        ForDesign() {
            super(DEFAULTS.training());
        }
    }

    private final Workspace workspace;
    @Option(names = "--energies", split = ",", paramLabel = "E,E", defaultValue = "80,84,87,89,90,91.19,92.5,94,97,100",
            description = "candidate sqrt(s) in GeV (default ${DEFAULT-VALUE})")
    double[] energies;
    @Option(names = "--sin2w", defaultValue = "0.23122", description = "the true sin2w (default ${DEFAULT-VALUE})")
    double sin2w;
    @Option(names = "--luminosity", defaultValue = "1000", description = "integrated luminosity in pb^-1 (default ${DEFAULT-VALUE})")
    double luminosity;
    @Option(names = "--smearing", defaultValue = "0", description = "resolution on cos(theta) (default ${DEFAULT-VALUE})")
    double smearing;
    @Option(names = "--events", defaultValue = "20000", description = "simulated events per energy for SALLY, 0 = exact only (default ${DEFAULT-VALUE})")
    int events;
    @Option(names = "--sequential", description = "choose the energy run by run from the posterior (exact likelihood)")
    boolean sequential;
    @Option(names = "--runs", defaultValue = "5", description = "with --sequential: the number of runs (default ${DEFAULT-VALUE})")
    int runs;
    @Option(names = "--prior", split = ",", paramLabel = "LOW,HIGH", defaultValue = "0.20,0.26",
            description = "with --sequential: the uniform prior on sin2w (default ${DEFAULT-VALUE})")
    double[] prior;
    @Mixin
    TrainingOptions training;
    @Mixin
    FigureFile file = new FigureFile();
    @Option(names = "--as", paramLabel = "NAME", description = "store the result")
    String as;

    InferDesign(Workspace workspace) {
        this.workspace = workspace;
    }

    @Override
    public Object call() {
        file.check();
        if (as != null) Workspace.checkName(as);
        if (sequential) {
            if (prior.length != 2) throw new MagicUsageException("--prior takes LOW,HIGH, got " + prior.length + " numbers.");
            SequentialDesign.Result r = new SequentialDesign().energies(energies).prior(prior[0], prior[1]).truth(sin2w).luminosity(luminosity)
                    .runs(runs).smearing(smearing).seed(training.settings(DEFAULTS.training()).seed()).run();
            file.write(r.figure());
            if (as != null) workspace.put(as, r);
            return r;
        }
        var settings = training.settings(DEFAULTS.training());
        ExperimentDesign.Result r = new ExperimentDesign().energies(energies).sin2w(sin2w).luminosity(luminosity).smearing(smearing)
                .events(events).seed(settings.seed()).options(DEFAULTS.withTraining(settings)).run();
        file.write(r.figure());
        if (as != null) workspace.put(as, r);
        return r;
    }
}
