package org.hepml.magics;

import org.hepml.engine.api.Hep;
import org.hepml.engine.api.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
            return "saved " + name + " to " + new Hep(workspace).save(name, file);
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
            return new Hep(workspace).loadModel(file, as);
        }
    }
}
