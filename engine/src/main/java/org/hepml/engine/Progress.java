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

    /** Starts a progress report for a task, using whatever factory is installed (silent by default). */
    static Progress start(String title, long total, String unit) {
        return Factory.current.apply(new Task(title, total, unit));
    }

    /** The place the notebook extension plugs its display into. */
    final class Factory {
        private static volatile Function<Task, Progress> current = t -> NONE;

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
