package org.hepml.engine;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.function.IntFunction;

/**
 * Where independent units of work run (the replicas of an unfolding, say): {@link #LOCAL}, one after another on the
 * calling thread, or elsewhere through a {@link Provider} found on the class path (the {@code hepml-spark} module runs
 * them as Apache Spark tasks). The engine never depends on how a runner works, only on this contract, so a unit gives
 * the same result wherever it runs: it must compute everything from its index and what it captured.
 */
public interface TaskRunner {

    /** One unit of work; it and what it captures are shipped to where it runs, so they must be {@link Serializable}. */
    @FunctionalInterface
    interface Task<T> extends Serializable {
        T run(int index);
    }

    /**
     * Runs {@code task(0)}, ..., {@code task(n - 1)} and returns their results in order. {@code progress} counts the
     * units finished ({@code label(i)} names unit i). An interrupt stops the work and the results that finished are
     * returned, null in place of the others (the interrupt flag stays set); any other failure of a unit is thrown.
     */
    <T> List<T> runAll(int n, Task<T> task, IntFunction<String> label, Progress progress);

    /** Where the work runs, for results' metadata ("this JVM", "Spark local[2]"). */
    String describe();

    /** One unit after another on the calling thread: what hepml does without a cluster. */
    TaskRunner LOCAL = new TaskRunner() {
        @Override
        public <T> List<T> runAll(int n, Task<T> task, IntFunction<String> label, Progress progress) {
            List<T> out = new ArrayList<>(n);
            try {
                for (int i = 0; i < n; i++) {
                    progress.update(i, label.apply(i));
                    out.add(task.run(i));
                }
            } catch (Cancelled e) {
                // keep what finished; the caller says how far it got
                while (out.size() < n) out.add(null);
            }
            return out;
        }

        @Override
        public String describe() {
            return "this JVM";
        }
    };

    /** Makes the runners of a {@code where} it knows ({@code spark}, {@code spark://host:port}); registered as a service. */
    interface Provider {
        /** The runner for {@code where}, or null if it is not one of this provider's. */
        TaskRunner runner(String where);

        /** The forms of {@code where} it accepts, for error messages. */
        String accepts();
    }

    /**
     * The runner for {@code where}: {@code local} (or null/blank) is {@link #LOCAL}; anything else is asked of the
     * providers on the class path, an unknown or missing one is an error saying what is accepted.
     */
    static TaskRunner on(String where) {
        if (where == null || where.isBlank() || where.trim().toLowerCase(Locale.ROOT).equals("local")) return LOCAL;
        List<String> accepted = new ArrayList<>(List.of("local"));
        for (Provider p : ServiceLoader.load(Provider.class, TaskRunner.class.getClassLoader())) {
            TaskRunner r = p.runner(where.trim());
            if (r != null) return r;
            accepted.add(p.accepts());
        }
        if (where.trim().startsWith("spark") && accepted.size() == 1) {
            throw new HepmlException("--on " + where.trim() + ": the hepml-spark module is not on the class path. Start the kernel"
                    + " with it (HEPML_SPARK=1 ./hepml lab, see docs/SPARK.md) or leave --on out to run here.");
        }
        throw new HepmlException("--on: '" + where.trim() + "' is not a place to run; use one of: " + String.join(", ", accepted) + ".");
    }
}
