package org.hepml.spark;

import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.CollectionAccumulator;
import org.hepml.engine.HepmlException;
import org.hepml.engine.Progress;
import org.hepml.engine.TaskRunner;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * Runs hepml's units of work as Spark tasks, one task per unit: unit i is task i of one job, which runs it with the
 * engine on its executor and sends its result back; the results come back in unit order, so the assembly is the same
 * as one after another here. The progress display counts the tasks finished on the cluster; an interrupt cancels the
 * job (its tasks are interrupted) and returns the units that finished. A failed task is retried by Spark (a lost
 * executor, a killed worker); a unit that fails by itself fails the run with the engine's message.
 */
public final class SparkRunner implements TaskRunner {
    /** How often the waiting driver looks at the tasks done (and at an interrupt). */
    private static final long POLL_MILLIS = 200;
    /** How long an interrupted run waits for the cancelled job's tasks to stop. */
    private static final long CANCEL_WAIT_MILLIS = 10_000;

    private final String master;

    /** @param master a Spark master URL: {@code local[2]}, {@code spark://host:7077}, {@code yarn}, {@code k8s://...} */
    public SparkRunner(String master) {
        this.master = master;
    }

    public String master() {
        return master;
    }

    /** The Spark context this runner uses (started on first use, shared by runners of the same master). */
    public JavaSparkContext context() {
        return SparkContexts.get(master);
    }

    @Override
    public String describe() {
        return "Spark " + master;
    }

    @Override
    public <T> List<T> runAll(int n, Task<T> task, IntFunction<String> label, Progress progress) {
        List<T> out = new ArrayList<>(Arrays.asList(unitResults(n)));
        if (n == 0) return out;
        JavaSparkContext sc = context();
        // results travel back in an accumulator: Spark merges a task's updates once, when it succeeds (a retried task
        // counts once, a killed one not at all), so an interrupted job still hands over the units that finished
        CollectionAccumulator<Object[]> done = sc.sc().collectionAccumulator();
        String group = "hepml-" + UUID.randomUUID();
        JavaFutureAction<Void> job;
        sc.setJobGroup(group, "hepml: " + n + " unit(s)", true);
        try {
            job = sc.parallelize(IntStream.range(0, n).boxed().toList(), n)
                    .foreachAsync(i -> done.add(new Object[]{i, Progress.silently(() -> task.run(i))}));
        } finally {
            sc.clearJobGroup();
        }
        int reported = -1;
        while (true) {
            try {
                job.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                break;
            } catch (TimeoutException e) {
                int finished = done.value().size();
                if (finished != reported) {
                    progress.update(finished, finished + " of " + n + " done on " + describe());
                    reported = finished;
                }
            } catch (InterruptedException e) {
                cancel(sc, group, job);
                Thread.currentThread().interrupt(); // as an interrupt leaves it for the local runner's callers
                break;
            } catch (ExecutionException e) {
                throw failure(e);
            }
        }
        for (Object[] r : done.value()) {
            @SuppressWarnings("unchecked") T result = (T) r[1];
            out.set((Integer) r[0], result);
        }
        progress.update(done.value().size(), done.value().size() + " of " + n + " done on " + describe());
        return out;
    }

    @SuppressWarnings("unchecked")
    private static <T> T[] unitResults(int n) {
        return (T[]) new Object[n];
    }

    /** Cancels the job's tasks (interrupting them) and waits, a few seconds at most, for the job to end. */
    private static void cancel(JavaSparkContext sc, String group, JavaFutureAction<Void> job) {
        sc.cancelJobGroup(group);
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CANCEL_WAIT_MILLIS);
        while (System.nanoTime() < end) {
            try {
                job.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException | InterruptedException e) {
                // still stopping, or the user interrupts again: keep waiting for the cancellation to land
            } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                return; // the job ended cancelled
            }
        }
    }

    /** The engine's own error when a unit failed with one (a bad option, a diverged classifier), else Spark's. */
    private static RuntimeException failure(ExecutionException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof HepmlException h) return h;
        }
        Throwable c = e.getCause() != null ? e.getCause() : e;
        String message = String.valueOf(c.getMessage());
        int line = message.indexOf('\n');
        return new HepmlException("The Spark job failed: " + (line > 0 ? message.substring(0, line) : message), c);
    }
}
