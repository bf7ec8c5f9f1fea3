package org.hepml.spark;

import org.apache.spark.SparkExecutorInfo;
import org.apache.spark.api.java.JavaSparkContext;
import org.hepml.engine.Cancelled;
import org.hepml.engine.HepmlException;
import org.hepml.engine.Progress;
import org.hepml.engine.TaskRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Spark runner in local mode: results in unit order, progress counting tasks, an interrupt cancelling the job. */
class SparkRunnerTest {

    @AfterAll
    static void stopSpark() {
        SparkContexts.stop();
    }

    /** Records what a progress display would show. */
    static final class Recorded implements Progress {
        final List<Long> done = new ArrayList<>();
        final List<String> status = new ArrayList<>();

        @Override
        public synchronized void update(long d, String s) {
            done.add(d);
            status.add(s);
        }

        @Override
        public void finish(String s) {
        }
    }

    @Test
    void resultsComeBackInUnitOrderAndProgressCountsTheTasksDone() {
        Recorded progress = new Recorded();
        List<Long> squares = TaskRunner.on("spark:local[2,4]").runAll(12, i -> (long) i * i, i -> "unit " + i, progress);
        assertThat(squares).containsExactly(0L, 1L, 4L, 9L, 16L, 25L, 36L, 49L, 64L, 81L, 100L, 121L);
        assertThat(progress.done).isSorted().last().isEqualTo(12L);
        assertThat(progress.status.get(progress.status.size() - 1)).isEqualTo("12 of 12 done on Spark local[2,4]");
    }

    @Test
    void aUnitsOwnErrorComesBackAsTheEnginesMessage() {
        assertThatThrownBy(() -> TaskRunner.on("spark:local[2,4]").runAll(3, i -> {
            if (i == 1) throw new HepmlException("unit 1 has no events");
            return i;
        }, i -> "", Progress.NONE)).isInstanceOf(HepmlException.class).hasMessage("unit 1 has no events");
    }

    @Test
    void anUnknownPlaceSaysWhatIsAccepted() {
        assertThatThrownBy(() -> TaskRunner.on("sprak")).hasMessageContaining("spark://host:port").hasMessageContaining("local");
    }

    @Test
    void anInterruptCancelsTheJobWithinSecondsAndLeavesNoRunningTask() throws Exception {
        assertInterruptCancels(new SparkRunner("local[2,4]"), 2);
    }

    /**
     * Runs units that wait until interrupted (each checks for it every 10 ms, as the engine's loops do) on
     * {@code runner}; once {@code slots} tasks run, interrupts the calling thread. It must return within 5 s with no
     * result, the interrupt flag set, and within 5 s more no task may be running on any executor.
     */
    static void assertInterruptCancels(SparkRunner runner, int slots) throws Exception {
        JavaSparkContext sc = runner.context();
        AtomicReference<List<Integer>> result = new AtomicReference<>();
        AtomicReference<Boolean> flag = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            result.set(runner.runAll(8, i -> {
                while (true) {
                    Cancelled.check("waiting unit " + i);
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        throw new Cancelled("waiting unit " + i);
                    }
                }
            }, i -> "", Progress.NONE));
            flag.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (runningTasks(sc) < slots) {
            assertThat(System.nanoTime()).as("tasks started").isLessThan(deadline);
            Thread.sleep(50);
        }
        long t0 = System.nanoTime();
        caller.interrupt();
        caller.join(5000);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(caller.isAlive()).as("still waiting %.1f s after the interrupt", seconds).isFalse();
        assertThat(result.get()).hasSize(8).containsOnlyNulls();
        assertThat(flag.get()).as("interrupt flag kept").isTrue();
        long end = System.nanoTime() + 5_000_000_000L;
        while (runningTasks(sc) > 0 && System.nanoTime() < end) Thread.sleep(50);
        assertThat(runningTasks(sc)).as("tasks still running").isZero();
        assertThat(sc.statusTracker().getActiveJobIds()).isEmpty();
        System.out.printf("interrupt: control back in %.2f s%n", seconds);
    }

    static int runningTasks(JavaSparkContext sc) {
        return Arrays.stream(sc.sc().statusTracker().getExecutorInfos()).mapToInt(SparkExecutorInfo::numRunningTasks).sum();
    }
}
