package org.hepml.magics;

import org.hepml.engine.api.Hep;
import org.hepml.engine.api.Workspace;
import org.hepml.engine.nn.TrainingSettings;
import org.hepml.engine.flows.FlowShape;
import org.hepml.engine.sbi.EstimatorOptions;
import org.hepml.engine.sbi.LikelihoodEstimator;
import org.hepml.engine.sbi.LikelihoodMethod;
import org.hepml.engine.sbi.Method;
import org.hepml.engine.sbi.RatioEstimator;
import org.hepml.engine.sbi.ScoreEstimator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code %%train}: likelihood-ratio and score estimators for simulation-based inference. */
public final class TrainMagic extends PicocliMagic {

    public TrainMagic(Workspace workspace) {
        super(workspace, Train.class);
    }

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "train likelihood-ratio (carl, rolr, alice, cascal, rascal, alices, mlc), score (sally) and likelihood (nde, scandal) estimators, top taggers (efn, pfn, mlp, bnn-pfn); save and load trained models";
    }

    @Command(name = "train", mixinStandardHelpOptions = true, description = "Train estimators for simulation-based inference.",
            subcommands = {Ratio.class, Score.class, Likelihood.class, PosteriorCommands.Train.class, TaggerCommand.class, ModelCommands.Save.class, ModelCommands.Load.class})
    static final class Train {
    }

    @Command(name = "ratio", mixinStandardHelpOptions = true, sortOptions = false, defaultValueProvider = TrainingOptions.ForEstimators.class,
            description = {"A parametrized likelihood-ratio estimator r(x|theta0) = p(x|theta0)/p(x|theta1) on ratio-training",
                    "samples (%%events simulate ... --reference THETA1 [--augment]). Methods: carl, rolr, alice, cascal,",
                    "rascal, alices, mlc; rolr/alice/rascal/alices need r_xz, cascal/rascal/alices t_xz.* (--augment)."})
    static final class Ratio implements Callable<RatioEstimator> {
        private final Workspace workspace;
        @Option(names = "--data", required = true, paramLabel = "NAME", description = "the training sample")
        String data;
        @Option(names = "--method", required = true, description = "carl, rolr, alice, cascal, rascal, alices or mlc")
        Method method;
        @Option(names = "--alpha", defaultValue = "1", description = "weight of the score term (cascal, rascal, alices) (default ${DEFAULT-VALUE})")
        double alpha;
        @Option(names = "--ensemble", defaultValue = "1", description = "members trained with different seeds (default ${DEFAULT-VALUE})")
        int ensemble;
        @Option(names = "--on", paramLabel = "WHERE", description = "where the ensemble members train: local (here, fused into one network;"
                + " the default), spark (one Spark task per member, on a cluster on this machine), spark://host:port or spark:MASTER;"
                + " needs the hepml-spark module (docs/SPARK.md)")
        String on;
        @Option(names = "--normalize", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = {"divide r_hat by its mean over the training events from theta1, so that E_theta1[r_hat] = 1 at every",
                        "theta0 as for the true ratio; removes the theta0-dependent offset that biases scans (default on)"})
        boolean normalize;
        @Mixin
        TrainingOptions training;
        @Option(names = "--as", required = true, paramLabel = "NAME", description = "name of the estimator")
        String as;

        Ratio(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public RatioEstimator call() {
            Workspace.checkName(as);
            EstimatorOptions o = new EstimatorOptions(training.settings(TrainingSettings.ESTIMATOR), ensemble, normalize);
            // an interrupted training is kept (best state so far)
            return new Hep(workspace).ratioEstimator(data, method, alpha, o, on, as);
        }
    }

    @Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false, defaultValueProvider = TrainingOptions.ForEstimators.class,
            description = {"SALLY: a network x -> t(x) regressed on the joint score at a reference point",
                    "(%%events simulate ... --theta THETA_REF --augment); its second moment is the Fisher information."})
    static final class Score implements Callable<ScoreEstimator> {
        private final Workspace workspace;
        @Option(names = "--data", required = true, paramLabel = "NAME", description = "events at the reference point with t_xz.*")
        String data;
        @Option(names = "--ensemble", defaultValue = "1", description = "members trained with different seeds, t(x) averaged (default ${DEFAULT-VALUE})")
        int ensemble;
        @Option(names = "--on", paramLabel = "WHERE", description = "where the ensemble members train: local (here, fused into one network;"
                + " the default), spark (one Spark task per member, on a cluster on this machine), spark://host:port or spark:MASTER;"
                + " needs the hepml-spark module (docs/SPARK.md)")
        String on;
        @Mixin
        TrainingOptions training;
        @Option(names = "--as", required = true, paramLabel = "NAME", description = "name of the estimator")
        String as;

        Score(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public ScoreEstimator call() {
            return new Hep(workspace).scoreEstimator(data, EstimatorOptions.of(training.settings(TrainingSettings.ESTIMATOR)).withEnsemble(ensemble), on, as);
        }
    }

    @Command(name = "likelihood", mixinStandardHelpOptions = true, sortOptions = false, defaultValueProvider = TrainingOptions.ForFlows.class,
            description = {"A learned likelihood p(x|theta): a conditional normalizing flow (rational-quadratic splines) trained on",
                    "events simulated at their own theta (%%events simulate ... --theta PRIOR, no --reference). Methods: nde",
                    "(maximum likelihood) and scandal (plus alpha x |grad_theta log p - t_xz|^2; needs --augment). Usable by",
                    "%%infer scan, coverage and fisher like a ratio estimator."})
    static final class Likelihood implements Callable<LikelihoodEstimator> {
        private final Workspace workspace;
        @Option(names = "--data", required = true, paramLabel = "NAME", description = "events with x.* and theta.* (and t_xz.* for scandal)")
        String data;
        @Option(names = "--method", required = true, description = "nde or scandal")
        LikelihoodMethod method;
        @Option(names = "--alpha", defaultValue = "0.001", description = "weight of the score term (scandal) (default ${DEFAULT-VALUE})")
        double alpha;
        @Option(names = "--transforms", defaultValue = "3", description = "spline transforms of the flow (default ${DEFAULT-VALUE})")
        int transforms;
        @Option(names = "--bins", defaultValue = "16", description = "bins of each rational-quadratic spline (default ${DEFAULT-VALUE})")
        int bins;
        @Option(names = "--bound", defaultValue = "3", description = "the splines act on [-B, B] of the standardised observables (default ${DEFAULT-VALUE})")
        double bound;
        @Option(names = "--ensemble", defaultValue = "1", description = "flows trained with different seeds, log p averaged: a steadier scan (default ${DEFAULT-VALUE})")
        int ensemble;
        @Mixin
        TrainingOptions training;
        @Option(names = "--as", required = true, paramLabel = "NAME", description = "name of the estimator")
        String as;

        Likelihood(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public LikelihoodEstimator call() {
            Workspace.checkName(as);
            FlowShape shape = new FlowShape(transforms, bins, bound);
            return new Hep(workspace).likelihoodEstimator(data, method, alpha, training.settings(LikelihoodEstimator.DEFAULT_SETTINGS), shape, ensemble, as);
        }
    }
}
