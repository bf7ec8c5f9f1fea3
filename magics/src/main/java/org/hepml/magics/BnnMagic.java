package org.hepml.magics;

import org.hepml.engine.api.Hep;
import org.hepml.engine.api.Workspace;
import org.hepml.engine.bayes.BnnClassifier;
import org.hepml.engine.bayes.BnnOptions;
import org.hepml.engine.bayes.BnnRegressor;
import org.hepml.engine.bayes.WeightSampling;
import org.hepml.engine.nn.TrainingSettings;
import org.hepml.engine.plot.Figure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code %%bnn}: Bayesian neural networks (regression with aleatoric and epistemic sigma, classification) and their uncertainty plots. */
public final class BnnMagic extends PicocliMagic {

    public BnnMagic(Workspace workspace) {
        super(workspace, Bnn.class);
    }

    @Override
    public String name() {
        return "bnn";
    }

    @Override
    public String summary() {
        return "train Bayesian networks (regress, classify), draw their uncertainty plots (plot), save and load them";
    }

    @Command(name = "bnn", mixinStandardHelpOptions = true, description = "Bayesian neural networks with per-input uncertainties.",
            subcommands = {Regress.class, Classify.class, Plot.class, ModelCommands.Save.class, ModelCommands.Load.class})
    static final class Bnn {
    }

    /** What a Bayesian network adds to the shared training options; both verbs use it. */
    static final class BayesOptions {
        @Option(names = "--samples", defaultValue = "50", description = "weight draws per prediction (default ${DEFAULT-VALUE})")
        int samples;
        @Option(names = "--prior-width", defaultValue = "1", description = "width of the Gaussian prior N(0, w^2) on every weight (default ${DEFAULT-VALUE})")
        double priorWidth;
        @Option(names = "--sampling", defaultValue = "event", description = "draw weights per 'event' (local reparameterisation) or per 'batch' (default ${DEFAULT-VALUE})")
        String sampling;
        @Mixin
        TrainingOptions training;

        BnnOptions options() {
            WeightSampling mode = switch (sampling.toLowerCase(Locale.ROOT)) {
                case "event" -> WeightSampling.PER_EVENT;
                case "batch" -> WeightSampling.PER_BATCH;
                default -> throw new MagicUsageException("--sampling takes 'event' or 'batch', got '" + sampling + "'.");
            };
            return BnnOptions.of(training.settings(TrainingSettings.BAYESIAN)).withSamples(samples).withPriorWidth(priorWidth).withSampling(mode);
        }
    }

    @Command(name = "regress", mixinStandardHelpOptions = true, sortOptions = false, defaultValueProvider = TrainingOptions.ForBayesian.class,
            description = {"A Bayesian regression with a heteroscedastic Gaussian likelihood: per input a mean and a total sigma,",
                    "split into aleatoric (learned noise) and epistemic (spread over weight draws) parts."})
    static final class Regress implements Callable<BnnRegressor> {
        private final Workspace workspace;
        @Option(names = "--data", required = true, paramLabel = "NAME", description = "the training sample")
        String data;
        @Option(names = "--target", defaultValue = "y", paramLabel = "COLUMN", description = "the column to predict (default ${DEFAULT-VALUE})")
        String target;
        @Option(names = "--inputs", split = ",", paramLabel = "COLUMN,COLUMN", description = "input columns (default: every x.* column)")
        List<String> inputs;
        @Mixin
        BayesOptions net;
        @Option(names = "--as", required = true, paramLabel = "NAME", description = "name of the network")
        String as;

        Regress(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public BnnRegressor call() {
            return new Hep(workspace).bnnRegress(data, target, inputs, net.options(), as);
        }
    }

    @Command(name = "classify", mixinStandardHelpOptions = true, sortOptions = false, defaultValueProvider = TrainingOptions.ForBayesian.class,
            description = {"A Bayesian binary classifier (sigmoid output): per input the mean mu_pred and the spread sigma_pred",
                    "of the output over weight draws."})
    static final class Classify implements Callable<BnnClassifier> {
        private final Workspace workspace;
        @Option(names = "--data", required = true, paramLabel = "NAME", description = "the training sample")
        String data;
        @Option(names = "--label", defaultValue = "y", paramLabel = "COLUMN", description = "the 0/1 label column (default ${DEFAULT-VALUE})")
        String label;
        @Option(names = "--inputs", split = ",", paramLabel = "COLUMN,COLUMN", description = "input columns (default: every x.* column)")
        List<String> inputs;
        @Mixin
        BayesOptions net;
        @Option(names = "--as", required = true, paramLabel = "NAME", description = "name of the network")
        String as;

        Classify(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public BnnClassifier call() {
            return new Hep(workspace).bnnClassify(data, label, inputs, net.options(), as);
        }
    }

    @Command(name = "plot", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Uncertainty plots of a trained network on a dataset. Regression: bands (prediction with 1 and 2 sigma",
                    "over one input), pulls, coverage. Classification: sigma-mu (sigma_pred vs mu_pred), reliability."})
    static final class Plot implements Callable<Figure> {
        private final Workspace workspace;
        @picocli.CommandLine.Parameters(index = "0", paramLabel = "KIND", description = "bands, pulls, coverage, sigma-mu or reliability")
        String kind;
        @Option(names = "--model", required = true, paramLabel = "NAME", description = "a network from %%bnn regress or classify")
        String model;
        @Option(names = "--data", required = true, paramLabel = "NAME", description = "the dataset to predict on")
        String data;
        @Option(names = "--input", paramLabel = "COLUMN", description = "the input along which to draw bands (default: the first)")
        String input;
        @picocli.CommandLine.Mixin
        FigureFile file = new FigureFile();

        Plot(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public Figure call() {
            file.check();
            return file.write(new Hep(workspace).bnnPlot(kind, model, data, input));
        }
    }
}
