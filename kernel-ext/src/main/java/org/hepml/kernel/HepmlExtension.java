package org.hepml.kernel;

import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.hepml.engine.Cancelled;
import org.hepml.engine.Progress;
import org.hepml.engine.api.Workspace;
import org.hepml.magics.Magic;
import org.hepml.magics.MagicErrors;
import org.hepml.magics.MagicArguments;
import org.hepml.magics.Magics;

import java.util.List;

/**
 * The JJava extension: on load it registers hepml's magics (each both as {@code %name} and
 * {@code %%name}), the renderers for figures, tables and datasets, the live progress display, the error display
 * (a failed magic reads as one message, an interrupted one says what stopped and what was kept), and imports
 * the engine into the notebook so that Java cells see the same workspace as the magics.
 */
public final class HepmlExtension implements Extension {

    static final String IMPORTS = String.join("\n",
            "import org.hepml.engine.*;",
            "import org.hepml.engine.api.*;",
            "import org.hepml.engine.events.*;",
            "import org.hepml.engine.events.sim.*;",
            "import org.hepml.engine.events.io.*;",
            "import org.hepml.engine.sbi.*;",
            "import org.hepml.engine.unfold.*;",
            "import org.hepml.engine.bayes.*;",
            "import org.hepml.engine.anomaly.*;",
            "import org.hepml.engine.weights.*;",
            "import org.hepml.engine.nn.TrainingSettings;",
            "import org.hepml.engine.nn.DeviceChoice;",
            "import org.hepml.engine.plot.*;",
            "import static org.hepml.engine.api.Hep.hep;");

    /** Null, or the warning that this JJava lies outside the tested releases; shown with the first magic. */
    private static volatile String compatibilityWarning;

    @Override
    public void install(BaseKernel kernel) {
        Quiet.libraries();
        compatibilityWarning = KernelCompatibility.warning(KernelCompatibility.runningVersion());
        Renderers.register(kernel.getRenderer());
        Progress.Factory.install(task -> new NotebookProgress(kernel, task));
        ErrorDisplay.install(kernel);
        for (Magic magic : Magics.all(Workspace.global())) {
            kernel.getMagicsRegistry().registerLineMagic(magic.name(), (k, args) -> run(k, magic, MagicArguments.fromKernelLine(args), null));
            kernel.getMagicsRegistry().registerCellMagic(magic.name(), (k, args, body) -> run(k, magic, MagicArguments.fromKernelLine(args), body));
        }
        kernel.eval(IMPORTS);
    }

    @Override
    public void uninstall(BaseKernel kernel) {
        Progress.Factory.reset();
    }

    /**
     * Runs a magic and shows its result. JJava discards a magic's return value, so the result is displayed
     * here, in the magic's own cell only (after an interrupt the cell may have ended while the magic winds down).
     * A failure becomes one readable message ({@link MagicErrors}, shown by {@link ErrorDisplay}); its stack trace
     * is kept for {@code %hepml trace}.
     */
    private static Object run(BaseKernel kernel, Magic magic, List<String> args, String body) {
        if (compatibilityWarning != null) {
            // said once, where the user reads it (the kernel's own log is out of sight)
            System.err.println(compatibilityWarning);
            compatibilityWarning = null;
        }
        MagicRun run = MagicRun.start(magic.name(), MagicErrors.command(magic.name(), args, body), KernelInternals.currentCell(kernel));
        try {
            Object result = magic.run(args, body);
            run.returned(result, Thread.currentThread().isInterrupted());
            if (result != null && KernelInternals.stillRunning(kernel, run.cell)) {
                DisplayData data = kernel.getRenderer().render(result);
                KernelInternals.publish(() -> kernel.display(data));
            }
            return null;
        } catch (RuntimeException | Error e) {
            String message = MagicErrors.message(magic.name(), e);
            if (!(e instanceof Cancelled)) MagicErrors.record(magic.name(), args, body, e);
            run.failed(e, message);
            // after an interrupt the cell reports through the run (ErrorDisplay waits for it), not through this exception
            boolean cellFails = !Thread.currentThread().isInterrupted() && KernelInternals.stillRunning(kernel, run.cell);
            throw ErrorDisplay.failure(message, cellFails);
        } finally {
            run.end();
        }
    }
}
