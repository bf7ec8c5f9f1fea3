package org.hepml.kernel;

import org.hepml.engine.Cancelled;
import org.hepml.engine.StoppedEarly;
import org.hepml.engine.api.Workspace;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One execution of a magic, as the kernel's interrupt handling needs to know it: which cell ran it, whether it has
 * ended, and how it ended (what to tell the user if the cell was interrupted: what stopped and what was kept).
 * A kernel interrupt ends the cell at once while the magic's thread winds down; the error display waits for that
 * ({@link #awaitEnd}) so that the cell reports the outcome and none of the magic's output lands in a later cell.
 * While it waits it delivers the interrupt again, every {@link #REDELIVER_MILLIS}: the kernel interrupts the magic's
 * thread once, and an interrupt that lands while that thread is sending a progress update can be swallowed by the
 * messaging library (the likely cause of a CI run in which a training went on past the 10 s wait).
 */
final class MagicRun {
    private static volatile MagicRun latest;
    static final long REDELIVER_MILLIS = 250;

    final String name;
    final String command;
    final Object cell;
    private final long startNanos = System.nanoTime();
    /** The thread the magic runs on (the kernel's execution thread for the cell). */
    private final Thread thread = Thread.currentThread();
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile String outcome;

    private MagicRun(String name, String command, Object cell) {
        this.name = name;
        this.command = command;
        this.cell = cell;
    }

    /** Starts the record of a run of {@code %name} (typed as {@code command}) in {@code cell}. */
    static MagicRun start(String name, String command, Object cell) {
        MagicRun run = new MagicRun(name, command, cell);
        latest = run;
        return run;
    }

    /** The run started last in this kernel, or null. */
    static MagicRun latest() {
        return latest;
    }

    /** The magic returned {@code result}; {@code interrupted}: its thread had been interrupted by then. */
    void returned(Object result, boolean interrupted) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        if (result instanceof StoppedEarly s && s.stoppedEarly()) {
            String name = storedAs(result);
            outcome = "It stopped early and kept " + s.whatWasKept() + (name != null ? ", stored as '" + name + "'" : "")
                    + "; the summary is above.";
        } else if (result != null) {
            outcome = "It had finished (in " + org.hepml.engine.Quantities.duration(seconds) + ") before the interrupt took effect;"
                    + " its result is above" + (storedAs(result) != null ? " and stored as '" + storedAs(result) + "'." : ".");
        } else {
            outcome = interrupted ? "It stopped." : "It had finished before the interrupt took effect.";
        }
    }

    /** The magic failed with {@code error}, whose readable message is {@code message}. */
    void failed(Throwable error, String message) {
        outcome = error instanceof Cancelled ? message : "It stopped with an error: " + message;
    }

    /** The magic's thread is done with it (it returned or threw). */
    synchronized void end() {
        ended.countDown();
    }

    boolean hasEnded() {
        return ended.getCount() == 0;
    }

    /**
     * Waits up to {@code millis} for the interrupted run to end, interrupting its thread again while it has not; true if
     * it has ended. Only for a run the kernel has interrupted.
     */
    boolean awaitEnd(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (ended.await(Math.min(left, REDELIVER_MILLIS * 1_000_000L), TimeUnit.NANOSECONDS)) return true;
                if (left <= REDELIVER_MILLIS * 1_000_000L) return false;
                redeliverInterrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return hasEnded();
        }
    }

    /** Interrupts the magic's thread if the run has not ended; once it has, that thread belongs to later cells. */
    private synchronized void redeliverInterrupt() {
        if (!hasEnded()) KernelInternals.interruptOutsidePublish(thread);
    }

    /** What the interrupted cell says under its headline: what stopped and what was kept. */
    String interruptReport(long waitedMillis) {
        if (!hasEnded()) {
            return "It has not stopped within " + waitedMillis / 1000 + " s (it stops at its next check between steps);"
                    + " nothing it prints from now on is shown, and a result it still makes is stored only if it says so"
                    + " (%events list shows what is stored).";
        }
        return outcome != null ? outcome : "It stopped.";
    }

    /** The workspace name a result was stored under, or null. */
    private static String storedAs(Object result) {
        for (Map.Entry<String, Object> e : Workspace.global().entries().entrySet()) {
            if (e.getValue() == result) return e.getKey();
        }
        return null;
    }
}
