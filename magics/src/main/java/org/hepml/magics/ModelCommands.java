package org.hepml.magics;

import org.hepml.engine.Workspace;
import org.hepml.engine.bayes.BnnClassifier;
import org.hepml.engine.bayes.BnnRegressor;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.nn.ModelFile;
import org.hepml.engine.sbi.RatioEstimator;
import org.hepml.engine.sbi.ScoreEstimator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code save} and {@code load}, subcommands of both {@code %train} and {@code %bnn}: one atomic model file per
 * trained model, whichever magic made it (the file says what it holds).
 */
final class ModelCommands {
    private ModelCommands() {
    }

    @Command(name = "save", mixinStandardHelpOptions = true,
            description = {"Write a trained model (likelihood-ratio or score estimator, Bayesian regression or classifier) to",
                    "one file: networks, inputs, and what predictions need. Atomic: an interrupted save never leaves a file that loads."})
    static final class Save implements Callable<String> {
        private final Workspace workspace;
        @Parameters(index = "0", paramLabel = "NAME", description = "the model in the workspace")
        String name;
        @Parameters(index = "1", paramLabel = "FILE", description = "where to write it (e.g. models/alices.hepml)")
        Path file;

        Save(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public String call() {
            Object model = workspace.get(name);
            Path written;
            if (model instanceof RatioEstimator r) written = r.save(file);
            else if (model instanceof ScoreEstimator s) written = s.save(file);
            else if (model instanceof BnnRegressor b) written = b.save(file);
            else if (model instanceof BnnClassifier c) written = c.save(file);
            else {
                throw new MagicUsageException("'" + name + "' is a " + (model instanceof Dataset ? "dataset" : model.getClass().getSimpleName())
                        + "; save writes trained models: likelihood-ratio and score estimators, Bayesian networks.");
            }
            return "saved " + name + " to " + written;
        }
    }

    @Command(name = "load", mixinStandardHelpOptions = true, description = "Read a model written by save into the workspace.")
    static final class Load implements Callable<Object> {
        private final Workspace workspace;
        @Parameters(index = "0", paramLabel = "FILE", description = "a file written by save")
        Path file;
        @Option(names = "--as", required = true, paramLabel = "NAME", description = "name of the model")
        String as;

        Load(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public Object call() {
            Workspace.checkName(as);
            if (!Files.isRegularFile(file)) throw new MagicUsageException("No such file: " + file + ".");
            String kind = ModelFile.metadata(file).get("kind");
            return switch (kind == null ? "" : kind) {
                case "ratio" -> workspace.put(as, RatioEstimator.load(file));
                case "score" -> workspace.put(as, ScoreEstimator.load(file));
                case "bnn-regression" -> workspace.put(as, BnnRegressor.load(file));
                case "bnn-classifier" -> workspace.put(as, BnnClassifier.load(file));
                default -> throw new MagicUsageException(file + " holds a model of kind '" + kind + "', which load does not know.");
            };
        }
    }
}
