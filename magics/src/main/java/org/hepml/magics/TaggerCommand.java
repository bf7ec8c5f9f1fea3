package org.hepml.magics;

import org.hepml.engine.api.Hep;
import org.hepml.engine.api.Workspace;
import org.hepml.engine.tagging.ParticleFeatures;
import org.hepml.engine.tagging.TaggerModel;
import org.hepml.engine.tagging.TaggerOptions;
import org.hepml.engine.tagging.TaggerResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code %%train tagger}: {@link Hep#trainTagger}, with the names of {@link TaggerOptions}. */
@Command(name = "tagger", mixinStandardHelpOptions = true, sortOptions = false, defaultValueProvider = TaggerCommand.ForTaggers.class,
        description = {"A top tagger on labelled jets (%jets simulate, or loaded events with a label column): the leading anti-kT R=0.8",
                "jet of each event, as padded constituents (z, y, phi, rotated to the principal axis; for pfn and bnn-pfn also",
                "ln z, delta R and ln pT) for efn, pfn and bnn-pfn, as observables (m, m_sd, tau21, tau32, D2) for mlp. Trained --seeds times; prints ROC AUC,",
                "accuracy and 1/eps_B at eps_S = 0.3 with errors over seeds, and draws the ROC (eps_S against 1/eps_B); bnn-pfn adds sigma against mu and pT.",
                "--hidden sets the mlp's layers, --phi/--latent/--f the particle networks'."})
final class TaggerCommand implements Callable<TaggerResult> {
    static final class ForTaggers extends TrainingOptions.Defaults {
        ForTaggers() {
            super(TaggerOptions.of(TaggerModel.EFN).training());
        }
    }

    private final Workspace workspace;
    @Option(names = "--data", required = true, paramLabel = "NAME", description = "labelled particle events to train on")
    String data;
    @Option(names = "--test", paramLabel = "NAME", description = "independent events to score; without it the second half of --data")
    String test;
    @Option(names = "--label", defaultValue = "y", description = "the label column, 1 signal (top), 0 background (default ${DEFAULT-VALUE})")
    String label;
    @Option(names = "--model", required = true, description = "efn, pfn, mlp (on observables; also mlp-on-observables) or bnn-pfn")
    String model;
    @Option(names = "--seeds", defaultValue = "3", description = "trainings with seeds --seed, --seed+1, ...; their spread gives the errors (default ${DEFAULT-VALUE})")
    int seeds;
    @Option(names = "--particles", defaultValue = "60", description = "constituents per jet, the softest beyond dropped (default ${DEFAULT-VALUE})")
    int particles;
    @Option(names = "--phi", split = ",", defaultValue = "64,64", paramLabel = "N,N", description = "Phi's hidden layers (default ${DEFAULT-VALUE})")
    int[] phi;
    @Option(names = "--latent", defaultValue = "32", description = "latent size, the sum over particles (default ${DEFAULT-VALUE})")
    int latent;
    @Option(names = "--f", split = ",", defaultValue = "64,64", paramLabel = "N,N", description = "F's hidden layers (default ${DEFAULT-VALUE})")
    int[] f;
    @Option(names = "--features", paramLabel = "angular|kinematic",
            description = "what pfn and bnn-pfn see per particle: (z, y, phi), or with ln z, delta R and ln pT (default kinematic; efn: angular only)")
    String features;
    @Option(names = "--samples", defaultValue = "50", description = "bnn-pfn: weight draws per prediction (default ${DEFAULT-VALUE})")
    int samples;
    @Option(names = "--prior-width", defaultValue = "1", description = "bnn-pfn: width of the Gaussian weight prior (default ${DEFAULT-VALUE})")
    double priorWidth;
    @Mixin
    TrainingOptions training;
    @Option(names = "--as", required = true, paramLabel = "NAME", description = "name of the result")
    String as;

    TaggerCommand(Workspace workspace) {
        this.workspace = workspace;
    }

    @Override
    public TaggerResult call() {
        Workspace.checkName(as);
        TaggerModel m = TaggerModel.parse(model);
        TaggerOptions defaults = TaggerOptions.of(m);
        TaggerOptions o = new TaggerOptions(m, training.settings(defaults.training()), seeds, particles, phi, latent, f, samples, priorWidth,
                features == null ? null : ParticleFeatures.parse(features));
        return new Hep(workspace).trainTagger(data, test, label, o, as);
    }
}
