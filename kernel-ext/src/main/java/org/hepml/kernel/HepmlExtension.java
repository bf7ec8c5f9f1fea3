package org.hepml.kernel;

import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.hepml.engine.HepmlException;
import org.hepml.engine.Progress;
import org.hepml.engine.api.Workspace;
import org.hepml.magics.Magic;
import org.hepml.magics.Magics;

import java.util.List;

/**
 * The JJava extension: on load it registers hepml's magics (each both as {@code %name} and
 * {@code %%name}), the renderers for figures, tables and datasets, the live progress display, and imports
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
            "import org.hepml.engine.nn.TrainingSettings;",
            "import org.hepml.engine.nn.DeviceChoice;",
            "import org.hepml.engine.plot.*;",
            "import static org.hepml.engine.api.Hep.hep;");

    /** Null, or the warning that this JJava lies outside the tested releases; shown with the first magic. */
    private static volatile String compatibilityWarning;

    @Override
    public void install(BaseKernel kernel) {
        compatibilityWarning = KernelCompatibility.warning(KernelCompatibility.runningVersion());
        Renderers.register(kernel.getRenderer());
        Progress.Factory.install(task -> new NotebookProgress(kernel, task));
        for (Magic magic : Magics.all(Workspace.global())) {
            kernel.getMagicsRegistry().registerLineMagic(magic.name(), (k, args) -> run(k, magic, args, null));
            kernel.getMagicsRegistry().registerCellMagic(magic.name(), (k, args, body) -> run(k, magic, args, body));
        }
        kernel.eval(IMPORTS);
    }

    @Override
    public void uninstall(BaseKernel kernel) {
        Progress.Factory.reset();
    }

    /**
     * Runs a magic and shows its result. JJava discards a magic's return value, so the result is displayed
     * here. A user error is written plainly to stderr before the cell is failed, so the notebook shows the
     * message and the usage first, not buried in a stack trace.
     */
    private static Object run(BaseKernel kernel, Magic magic, List<String> args, String body) {
        if (compatibilityWarning != null) {
            // said once, where the user reads it (the kernel's own log is out of sight)
            System.err.println(compatibilityWarning);
            compatibilityWarning = null;
        }
        Object result;
        try {
            result = magic.run(args, body);
        } catch (HepmlException e) {
            System.err.println(e.getMessage());
            throw new MagicFailed("%" + magic.name() + " failed: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (result != null) {
            DisplayData data = kernel.getRenderer().render(result);
            kernel.display(data);
        }
        return null;
    }

    /** Fails the cell; the full message was already written to stderr, so no stack trace is needed. */
    static final class MagicFailed extends RuntimeException {
        MagicFailed(String message) {
            super(message, null, false, false);
        }
    }
}
