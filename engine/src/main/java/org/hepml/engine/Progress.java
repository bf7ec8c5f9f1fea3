package org.hepml.engine;

import java.util.Objects;
import java.util.function.Function;

/**
 * Progress of one long task (simulation, loading, training). The engine reports to it; the notebook
 * extension installs a factory that turns reports into one display updated in place, and plain Java
 * gets the silent default. Implementations throttle their own output, so callers may report often.
 */
public interface Progress extends AutoCloseable {

    /** @param done units finished so far, of the total given at creation (or -1 if unknown) */
    void update(long done, String status);

    /**
     * Like {@link #update(long, String)} with a unit partly done (1.4 of 6 OmniFold steps: the second step's training
     * is 40% through), so that a task made of few long units shows it is moving. Displays that count only whole units
     * may ignore the fraction.
     */
    default void updateFraction(double done, String status) {
        update((long) done, status);
    }

    /** Marks the task finished (or stopped early, with {@code status} saying why). */
    void finish(String status);

    @Override
    default void close() {
    }

    Progress NONE = new Progress() {
        @Override
        public void update(long done, String status) {
        }

        @Override
        public void finish(String status) {
        }
    };

    /** What a progress display is made from: a task title, a total and the unit being counted. */
    record Task(String title, long total, String unit) {
    }

    /**
     * Starts a progress report for a task, using whatever factory is installed (silent by default). Inside a
     * task started with {@link #startNested} on the same thread, the new task shows in the outer display's
     * status line instead of opening a display of its own.
     */
    static Progress start(String title, long total, String unit) {
        Nested outer = Nested.CURRENT.get();
        if (outer != null) return outer.child(total);
        if (Factory.SILENT.get() != null) return NONE;
        return Factory.current.apply(new Task(title, total, unit));
    }

    /**
     * Runs {@code work} with every progress report it starts on this thread silent: work running beside a display of
     * its own (a Spark task inside the kernel, counted by the job's display) must not open displays of its own.
     */
    static <T> T silently(java.util.function.Supplier<T> work) {
        Object before = Factory.SILENT.get();
        Factory.SILENT.set(Boolean.TRUE);
        try {
            return work.get();
        } finally {
            if (before == null) Factory.SILENT.remove();
        }
    }

    /** Starts a task made of other long tasks (a loop over trainings, say): one display for all of them. */
    static Progress startNested(String title, long total, String unit) {
        Nested previous = Nested.CURRENT.get();
        Nested n = new Nested(start(title, total, unit), previous);
        Nested.CURRENT.set(n);
        return n;
    }

    /**
     * The outer task of {@link #startNested}; inner tasks append their status to its own, and their fraction done
     * counts as part of the outer unit under way (a unit's inner tasks in turn may restart from zero: the part shown
     * never goes back within one unit).
     */
    final class Nested implements Progress {
        private static final ThreadLocal<Nested> CURRENT = new ThreadLocal<>();
        private final Progress outer;
        private final Nested previous;
        private long done;
        private double partDone;
        private String status = "";

        private Nested(Progress outer, Nested previous) {
            this.outer = outer;
            this.previous = previous;
        }

        @Override
        public void update(long done, String status) {
            if (done != this.done) partDone = 0;
            this.done = done;
            if (!status.isEmpty()) this.status = status;
            outer.update(done, this.status);
        }

        @Override
        public void updateFraction(double done, String status) {
            long whole = (long) Math.floor(done);
            if (whole != this.done) {
                this.done = whole;
                partDone = 0;
            }
            partDone = Math.max(partDone, done - whole);
            if (!status.isEmpty()) this.status = status;
            outer.updateFraction(this.done + partDone, this.status);
        }

        @Override
        public void finish(String status) {
            outer.finish(status);
        }

        @Override
        public void close() {
            if (previous == null) CURRENT.remove();
            else CURRENT.set(previous);
            outer.close();
        }

        /** An inner task of {@code total} units (or -1 if unknown): its status and its share of the unit under way. */
        private Progress child(long total) {
            return new Progress() {
                @Override
                public void update(long childDone, String childStatus) {
                    updateFraction(childDone, childStatus);
                }

                @Override
                public void updateFraction(double childDone, String childStatus) {
                    if (total > 0) partDone = Math.max(partDone, Math.min(0.999, childDone / total));
                    outer.updateFraction(done + partDone, status + " \u00b7 " + childStatus);
                }

                @Override
                public void finish(String childStatus) {
                }
            };
        }
    }

    /** The place the notebook extension plugs its display into. */
    final class Factory {
        private static volatile Function<Task, Progress> current = t -> NONE;
        private static final ThreadLocal<Object> SILENT = new ThreadLocal<>();

        private Factory() {
        }

        public static void install(Function<Task, Progress> factory) {
            current = Objects.requireNonNull(factory);
        }

        public static void reset() {
            current = t -> NONE;
        }
    }
}
