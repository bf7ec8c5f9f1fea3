package org.hepml.magics;

import org.hepml.engine.api.Workspace;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.nn.TrainingSettings;
import org.hepml.engine.weights.NegativeWeightResampling;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code %events resample}: {@link NegativeWeightResampling#resample} on a dataset from the workspace (a loaded LHE file
 * or a simulation): the weights replaced by the learned local mean weight, all positive, optionally unweighted.
 */
@Command(name = "resample", mixinStandardHelpOptions = true, sortOptions = false, defaultValueProvider = EventsResample.ForResampling.class,
        description = {"Neural resampling of negative weights (Nachman & Thaler): a classifier learns the local mean weight",
                "E[w | x] over the features and replaces every weight by it (all positive, same expected histograms); the old",
                "weight is kept as weight.original. --unweight then keeps events with probability w / max w, at equal weights."})
final class EventsResample implements Callable<Dataset> {
    /** The reweighting classifier's settings: OmniFold's, 10 epochs. */
    static final TrainingSettings DEFAULTS = TrainingSettings.UNFOLDING.withEpochs(10);

    static final class ForResampling extends TrainingOptions.Defaults {
        ForResampling() {
            super(DEFAULTS);
        }
    }

    private final Workspace workspace;
    @Option(names = "--data", required = true, paramLabel = "NAME", description = "a weighted dataset (e.g. from %%events load)")
    String data;
    @Option(names = "--features", split = ",", paramLabel = "COLUMN,COLUMN", description = "what the local mean weight depends on (default: every x.* column)")
    List<String> features;
    @Option(names = "--unweight", description = "then draw events with probability w / max w, all with one weight")
    boolean unweight;
    @Mixin
    TrainingOptions training;
    @Option(names = "--as", required = true, paramLabel = "NAME", description = "name of the resampled dataset")
    String as;

    EventsResample(Workspace workspace) {
        this.workspace = workspace;
    }

    @Override
    public Dataset call() {
        Workspace.checkName(as);
        TrainingSettings settings = training.settings(DEFAULTS);
        Dataset d = workspace.dataset(data);
        return workspace.put(as, new NegativeWeightResampling().features(features).unweight(unweight).training(settings).seed(settings.seed())
                .resample(d, as));
    }
}
