package org.hepml.kernel;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.DisplayStream;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;

import java.lang.reflect.Field;
import java.util.function.UnaryOperator;

/**
 * The two places where hepml reaches into JJava beyond its extension API, because that API has no hook for them:
 * <ul>
 * <li>the kernel's error styler, through which every error a cell ends with is written: hepml's wraps it, so that a
 * magic's failure shows as its message rather than as JJava's wrapper chain and stack trace, and an interrupted magic
 * as what stopped and what was kept;</li>
 * <li>the reply environment of the cell now running, as an identity: output that a magic's thread makes after its
 * cell has ended (an interrupt returns the cell at once while the work winds down) is dropped, not shown in whatever
 * cell runs next.</li>
 * </ul>
 * Both fields exist, with these names and types, in every JJava release hepml is tested with (1.0-a6 to 1.0-a8, see
 * {@link KernelCompatibility}); if a later release renames them, hepml falls back to JJava's own error display and shows
 * late output as before, and tests/test_kernel.py fails on the newest release.
 */
final class KernelInternals {
    /** Stands for "the running cell cannot be told": every output is then taken to belong to the cell it lands in. */
    static final Object UNKNOWN_CELL = new Object();

    private static final Field ERROR_STYLER = field(BaseKernel.class, "errorStyler");
    private static final Field DISPLAY_ENV = field(DisplayStream.class, "env");
    /** Held while a display or update is sent; see {@link #interruptOutsidePublish}. */
    private static final Object PUBLISHING = new Object();

    private KernelInternals() {
    }

    /** Replaces the kernel's error styler with {@code wrap} applied to it; false if this JJava does not allow it. */
    static boolean wrapErrorStyler(BaseKernel kernel, UnaryOperator<StringStyler> wrap) {
        if (ERROR_STYLER == null) return false;
        try {
            StringStyler current = (StringStyler) ERROR_STYLER.get(kernel);
            if (current == null) return false;
            ERROR_STYLER.set(kernel, wrap.apply(current));
            return ERROR_STYLER.get(kernel) != current;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /** The running cell (its reply environment, compared by identity), null between cells, {@link #UNKNOWN_CELL} if unknown. */
    static Object currentCell(BaseKernel kernel) {
        if (DISPLAY_ENV == null || kernel == null) return UNKNOWN_CELL;
        try {
            return DISPLAY_ENV.get(kernel.getIO().display);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return UNKNOWN_CELL;
        }
    }

    /** True while {@code cell} (from {@link #currentCell}) is still the running cell. */
    static boolean stillRunning(BaseKernel kernel, Object cell) {
        if (cell == UNKNOWN_CELL) return true;
        Object now = currentCell(kernel);
        return now == UNKNOWN_CELL || now == cell && cell != null;
    }

    /**
     * Runs {@code publish} (a display or update sent to the notebook) with this thread's interrupt flag cleared, and sets
     * it again afterwards. A kernel interrupt arrives as that flag: the messaging library would take it for its own (it
     * clears it, or an NIO channel closes on it), and then the interrupted work would not see it and go on.
     */
    static void publish(Runnable publish) {
        synchronized (PUBLISHING) {
            boolean interrupted = Thread.interrupted();
            try {
                publish.run();
            } finally {
                if (interrupted) Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Interrupts {@code thread}, but never while some thread is publishing through {@link #publish}: a flag set in the
     * middle of a send is the one the messaging library takes for its own. (The kernel's own interrupt cannot wait for
     * that, so it can land there and be lost; {@link MagicRun#awaitEnd} then delivers it again through here.)
     */
    static void interruptOutsidePublish(Thread thread) {
        synchronized (PUBLISHING) {
            thread.interrupt();
        }
    }

    private static Field field(Class<?> owner, String name) {
        try {
            Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
