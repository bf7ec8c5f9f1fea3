package org.hepml.engine.nn;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToLongFunction;

import static org.assertj.core.api.Assertions.assertThat;

/** The measured choice of intra-op threads, driven by made-up step times: no clock, no libtorch. */
class MeasuredThreadsTest {
    private static final long MS = 1_000_000L;

    /** A training's steps: each takes what {@code stepTime} says for the count it runs with; returns the counts used. */
    private static final class Steps {
        final MeasuredThreads m;
        long now;
        final List<Integer> used = new ArrayList<>();

        Steps(MeasuredThreads m, long start) {
            this.m = m;
            this.now = start;
        }

        List<Integer> run(int n, IntToLongFunction stepTime) {
            List<Integer> these = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int t = m.next();
                long d = stepTime.applyAsLong(t);
                now += d;
                m.took(d, now);
                these.add(t);
                used.add(t);
            }
            return these;
        }
    }

    @BeforeEach
    @AfterEach
    void forget() {
        MeasuredThreads.forget();
    }

    @Test
    void theCountsAreOneTwoFourUpToTheCores() {
        assertThat(MeasuredThreads.countsFor(1)).containsExactly(1);
        assertThat(MeasuredThreads.countsFor(2)).containsExactly(1, 2);
        assertThat(MeasuredThreads.countsFor(6)).containsExactly(1, 2, 4, 6);
        assertThat(MeasuredThreads.countsFor(8)).containsExactly(1, 2, 4, 8);
    }

    @Test
    void afterTheWarmUpItTimesBothCountsAlternatelyAndKeepsTheFaster() {
        Steps s = new Steps(new MeasuredThreads(new int[]{1, 2}, null, 0), 0);
        IntToLongFunction twoFaster = t -> t == 1 ? 10 * MS : 6 * MS;
        assertThat(s.run(MeasuredThreads.WARMUP_STEPS, twoFaster)).containsOnly(1);
        // five timed steps at the count running now, then two untimed ones after the switch and five timed ones
        assertThat(s.run(2 * MeasuredThreads.TRIALS + MeasuredThreads.SWITCH_STEPS, twoFaster)).containsExactly(1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2);
        assertThat(s.run(20, twoFaster)).containsOnly(2);
        assertThat(s.m.reason()).startsWith("measured: 2 threads at 6 ms a step, 1 thread 10 ms");
        assertThat(s.m.mostUsed()).isEqualTo(2);
    }

    @Test
    void moreThreadsMustWinByTheMarginAndOneSlowStepDoesNotDecide() {
        Steps tie = new Steps(new MeasuredThreads(new int[]{1, 2}, null, 0), 0);
        tie.run(30, t -> t == 1 ? 10 * MS : (long) (10 * MS * (MeasuredThreads.MARGIN + 0.02)));
        assertThat(tie.m.chosen()).as("a near tie leaves the second core to the machine").isEqualTo(1);

        // a garbage-collection pause in one timed step of the faster count: the medians still see it faster
        Steps pause = new Steps(new MeasuredThreads(new int[]{1, 2}, null, 0), 0);
        int[] k = {0};
        pause.run(30, t -> t == 1 ? 10 * MS : ++k[0] == 4 ? 29 * MS : 6 * MS);
        assertThat(pause.m.chosen()).isEqualTo(2);
    }

    @Test
    void aCollapsingCountCostsTwoStepsAndIsDropped() {
        Steps s = new Steps(new MeasuredThreads(new int[]{1, 2}, null, 0), 0);
        IntToLongFunction collapse = t -> t == 1 ? 2 * MS : 8 * MS; // spinning waiters on a busy machine
        s.run(MeasuredThreads.WARMUP_STEPS, collapse);
        List<Integer> probe = s.run(MeasuredThreads.TRIALS + MeasuredThreads.SWITCH_STEPS + MeasuredThreads.SLOW_STEPS_TO_DROP, collapse);
        assertThat(probe.stream().filter(t -> t == 2).count()).isEqualTo(MeasuredThreads.SWITCH_STEPS + MeasuredThreads.SLOW_STEPS_TO_DROP);
        assertThat(s.run(1, collapse)).as("out after two timed slow steps, not five").containsExactly(1);
        assertThat(s.m.chosen()).isEqualTo(1);
        assertThat(s.m.reason()).contains("2 threads 8 ms (dropped)");
    }

    @Test
    void aCountStallingByFarIsDroppedBeforeItIsTimed() {
        Steps s = new Steps(new MeasuredThreads(new int[]{1, 2}, null, 0), 0);
        IntToLongFunction stall = t -> t == 1 ? 20 * MS : 1700 * MS; // two spinning threads on a machine at load 25
        s.run(MeasuredThreads.WARMUP_STEPS + MeasuredThreads.TRIALS, stall);
        List<Integer> rest = s.run(MeasuredThreads.SWITCH_STEPS + 1, stall);
        assertThat(rest).as("the two steps after the switch, then back to one thread").containsExactly(2, 2, 1);
        assertThat(s.m.chosen()).isEqualTo(1);
        assertThat(s.m.reason()).startsWith("measured: 1 thread at 20 ms a step, 2 threads 1700 ms (dropped)");
    }

    @Test
    void itTimesAgainAsTheLoadChangesAndWaitsLongerWhileTheChoiceHolds() {
        Steps s = new Steps(new MeasuredThreads(new int[]{1, 2}, null, 0), 0);
        long[] twoThreads = {6 * MS};
        IntToLongFunction step = t -> t == 1 ? 10 * MS : twoThreads[0];
        s.run(MeasuredThreads.WARMUP_STEPS + MeasuredThreads.SWITCH_STEPS + 2 * MeasuredThreads.TRIALS, step);
        assertThat(s.m.chosen()).isEqualTo(2);
        // the choice stands for REPROBE_NS (100 steps of 6 ms = 0.6 s: no probe yet)
        assertThat(s.run(100, step)).containsOnly(2);
        // then the machine gets busy and two threads collapse: the next probe drops them
        twoThreads[0] = 200 * MS;
        s.run(400, step);
        assertThat(s.m.chosen()).isEqualTo(1);
        // while one thread keeps winning the probes come further apart: count the steps at 2 threads over 60 s
        long from = s.now;
        int at2 = 0, steps = 0;
        while (s.now - from < 60_000 * MS) {
            at2 += s.run(1, step).get(0) == 2 ? 1 : 0;
            steps++;
        }
        // probes at least 80 slow steps (16 s) apart while one thread keeps winning, two slow (untimed) steps each: a
        // few, not several a second
        assertThat(at2).isBetween(4, 10);
        assertThat(steps).isGreaterThan(5000);
        // and when the load goes away two threads come back
        twoThreads[0] = 6 * MS;
        s.run((int) (MeasuredThreads.MAX_REPROBE_NS / (10 * MS)) + 2 * MeasuredThreads.TRIALS + 50, step);
        assertThat(s.m.chosen()).isEqualTo(2);
    }

    @Test
    void theNextTrainingOfTheSameShapeStartsWithTheChoiceUntilItIsDue() {
        IntToLongFunction twoFaster = t -> t == 1 ? 10 * MS : 6 * MS;
        Steps first = new Steps(new MeasuredThreads(new int[]{1, 2}, "mlp 256", 0), 0);
        first.run(MeasuredThreads.WARMUP_STEPS + MeasuredThreads.SWITCH_STEPS + 2 * MeasuredThreads.TRIALS, twoFaster);
        assertThat(first.m.chosen()).isEqualTo(2);

        Steps again = new Steps(new MeasuredThreads(new int[]{1, 2}, "mlp 256", first.now + 100 * MS), first.now + 100 * MS);
        assertThat(again.run(20, twoFaster)).as("remembered, not timed again").containsOnly(2);
        assertThat(again.m.reason()).startsWith("measured: 2 threads");

        Steps other = new Steps(new MeasuredThreads(new int[]{1, 2}, "mlp 4096", first.now), first.now);
        assertThat(other.run(MeasuredThreads.WARMUP_STEPS, twoFaster)).as("another shape is timed itself").containsOnly(1);

        long late = first.now + MeasuredThreads.REPROBE_NS + MS;
        Steps later = new Steps(new MeasuredThreads(new int[]{1, 2}, "mlp 256", late), late);
        List<Integer> used = later.run(MeasuredThreads.WARMUP_STEPS + MeasuredThreads.SWITCH_STEPS + 2 * MeasuredThreads.TRIALS, twoFaster);
        assertThat(used.subList(0, MeasuredThreads.WARMUP_STEPS)).containsOnly(2);
        assertThat(used).as("due again: timed").contains(1);
    }

    @Test
    void oneCountIsNeverTimed() {
        Steps s = new Steps(new MeasuredThreads(new int[]{1}, null, 0), 0);
        assertThat(s.run(1000, t -> MS)).containsOnly(1);
        assertThat(s.m.reason()).isEqualTo("not timed yet");
    }
}
