package org.hepml.engine;

/**
 * Thrown when the calling thread was interrupted (a Jupyter kernel interrupt arrives as a thread interrupt).
 * Long loops call {@link #check()} between units of work, so they stop promptly and leave no half-made state.
 */
public final class Cancelled extends HepmlException {
    public Cancelled(String what) {
        super(what + " was interrupted; nothing was stored.");
    }

    private Cancelled(String message, boolean whole) {
        super(message);
    }

    /** A Cancelled whose message is {@code message} as it stands (it says what stopped and that nothing was kept). */
    public static Cancelled saying(String message) {
        return new Cancelled(message, true);
    }

    /** Throws {@code Cancelled} if this thread has been interrupted; the interrupt flag stays set for callers. */
    public static void check(String what) {
        if (Thread.currentThread().isInterrupted()) {
            throw new Cancelled(what);
        }
    }
}
