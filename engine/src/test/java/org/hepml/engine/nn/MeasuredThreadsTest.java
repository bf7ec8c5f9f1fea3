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
    private static class Steps {
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
    void afterTheWarmUpItTimesBothCountsThereAndBackAndKeepsTheFaster() {
        Steps s = new Steps(new MeasuredThreads(new int[]{1, 2}, null, 0), 0);
        IntToLongFunction twoFaster = t -> t == 1 ? 10 * MS : 6 * MS;
        assertThat(s.run(MeasuredThreads.WARMUP_STEPS, twoFaster)).containsOnly(1);
        // three timed steps at the count running now, two untimed ones after the switch, six timed ones, two untimed
        // after switching back, three timed
        assertThat(s.run(probeSteps(), twoFaster)).containsExactly(1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1);
        assertThat(s.run(20, twoFaster)).containsOnly(2);
        assertThat(s.m.reason()).startsWith("measured: 2 threads at 6 ms a step, 1 thread 10 ms");
        assertThat(s.m.mostUsed()).isEqualTo(2);
    }

    /**
     * What a batch-4096 step did on the quiet 2-core machine: at 2 threads 8 ms for ~50 ms after a switch from 1, then 4 ms;
     * 1 thread 5.5 ms throughout (bench/training/README.md, sixth pass).
     */
    private static IntToLongFunction secondThreadSettling(Steps[] steps, long[] switchedAt, int[] last) {
        return t -> {
            long now = steps[0].now;
            if (t != last[0]) switchedAt[0] = now;
            last[0] = t;
            return t == 1 ? 5_500_000L : now - switchedAt[0] < 50 * MS ? 8 * MS : 4 * MS;
        };
    }

    @Test
    void aCountIsTimedOnlyOnceItHasSettledAfterTheSwitch() {
        for (long settle : new long[]{0, MeasuredThreads.SWITCH_NS}) {
            MeasuredThreads.forget();
            Steps[] s = {new Steps(new MeasuredThreads(new int[]{1, 2}, null, 0).settling(settle), 0)};
            IntToLongFunction step = secondThreadSettling(s, new long[]{0}, new int[]{1});
            s[0].run(MeasuredThreads.WARMUP_STEPS + 60, step);
            if (settle == 0) {
                // timing from the third step after the switch takes the slow start for the count
                assertThat(s[0].m.chosen()).isEqualTo(1);
            } else {
                assertThat(s[0].m.chosen()).as(s[0].m.reason()).isEqualTo(2);
                assertThat(s[0].m.reason()).startsWith("measured: 2 threads at 4 ms a step, 1 thread 5.5 ms");
            }
        }
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
        List<Integer> probe = s.run(MeasuredThreads.BLOCK + MeasuredThreads.SWITCH_STEPS + MeasuredThreads.SLOW_STEPS_TO_DROP, collapse);
        assertThat(probe.stream().filter(t -> t == 2).count()).isEqualTo(MeasuredThreads.SWITCH_STEPS + MeasuredThreads.SLOW_STEPS_TO_DROP);
        assertThat(s.run(1, collapse)).as("out after two timed slow steps, not six").containsExactly(1);
        assertThat(s.m.chosen()).isEqualTo(1);
        assertThat(s.m.reason()).contains("2 threads 8 ms (dropped)");
    }

    @Test
    void aCountStallingByFarIsDroppedBeforeItIsTimed() {
        Steps s = new Steps(new MeasuredThreads(new int[]{1, 2}, null, 0), 0);
        IntToLongFunction stall = t -> t == 1 ? 20 * MS : 1700 * MS; // two spinning threads on a machine at load 25
        s.run(MeasuredThreads.WARMUP_STEPS + MeasuredThreads.BLOCK, stall);
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
        s.run(MeasuredThreads.WARMUP_STEPS + probeSteps(), step);
        assertThat(s.m.chosen()).isEqualTo(2);
        // a first choice stands FIRST_REPROBE_NS (0.25 s, ~40 steps), then a probe confirms it
        s.run((int) (MeasuredThreads.FIRST_REPROBE_NS / (6 * MS)) + 2 + probeSteps(), step);
        assertThat(s.m.reason()).contains("timed 2 times");
        // a confirmed choice stands REPROBE_NS (100 steps of 6 ms = 0.6 s: no probe yet)
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
        s.run((int) (MeasuredThreads.MAX_REPROBE_NS / (10 * MS)) + probeSteps() + 50, step);
        assertThat(s.m.chosen()).isEqualTo(2);
    }

    @Test
    void theNextTrainingOfTheSameShapeStartsWithTheChoiceUntilItIsDue() {
        IntToLongFunction twoFaster = t -> t == 1 ? 10 * MS : 6 * MS;
        Steps first = new Steps(new MeasuredThreads(new int[]{1, 2}, "mlp 256", 0), 0);
        first.run(MeasuredThreads.WARMUP_STEPS + probeSteps(), twoFaster);
        assertThat(first.m.chosen()).isEqualTo(2);

        Steps again = new Steps(new MeasuredThreads(new int[]{1, 2}, "mlp 256", first.now + 100 * MS), first.now + 100 * MS);
        assertThat(again.run(20, twoFaster)).as("remembered, not timed again").containsOnly(2);
        assertThat(again.m.reason()).startsWith("measured: 2 threads");

        Steps other = new Steps(new MeasuredThreads(new int[]{1, 2}, "mlp 4096", first.now), first.now);
        assertThat(other.run(MeasuredThreads.WARMUP_STEPS, twoFaster)).as("another shape is timed itself").containsOnly(1);

        // a first choice is due again after FIRST_REPROBE_NS, in the next training too
        long late = first.now + MeasuredThreads.FIRST_REPROBE_NS + MS;
        Steps later = new Steps(new MeasuredThreads(new int[]{1, 2}, "mlp 256", late), late);
        List<Integer> used = later.run(MeasuredThreads.WARMUP_STEPS + probeSteps(), twoFaster);
        assertThat(used.subList(0, MeasuredThreads.WARMUP_STEPS)).containsOnly(2);
        assertThat(used).as("due again: timed").contains(1);
    }

    /** Steps of one probe on two counts: there and back, with the untimed steps of both switches. */
    private static int probeSteps() {
        return 2 * MeasuredThreads.TRIALS + 2 * MeasuredThreads.SWITCH_STEPS;
    }

    @Test
    void aLoopGettingFasterDuringTheProbeDoesNotFavourTheCountTimedLast() {
        // one thread truly 10% faster, but every step is 0.4 ms faster than the one before (the JIT compiling the
        // loop in a fresh JVM): timed one block after the other, two threads would look 30% faster; and two threads
        // truly twice as fast are still seen
        for (long baseTwo : new long[]{11 * MS, 5 * MS}) {
            MeasuredThreads.forget();
            Steps s = new Steps(new MeasuredThreads(new int[]{1, 2}, null, 0), 0);
            int[] k = {0};
            IntToLongFunction speedingUp = t -> (t == 1 ? 10 * MS : baseTwo) + (40 - k[0]++) * 400_000L;
            s.run(MeasuredThreads.WARMUP_STEPS + probeSteps(), speedingUp);
            assertThat(s.m.chosen()).as("true steps 10 ms at 1 thread, %d ms at 2", baseTwo / MS).isEqualTo(baseTwo < 10 * MS ? 2 : 1);
        }
    }

    @Test
    void aFirstChoiceCaughtByABurstIsCorrectedAtTheNextProbeSoon() {
        // two threads truly faster (batch 4096 on a quiet machine), but during the first probe the JIT's compiler
        // threads take the second core and two threads look slow
        Steps s = new Steps(new MeasuredThreads(new int[]{1, 2}, "mlp 4096", 0), 0);
        boolean[] jit = {true};
        IntToLongFunction step = t -> t == 1 ? 5 * MS : jit[0] ? 8 * MS : 3 * MS;
        s.run(MeasuredThreads.WARMUP_STEPS + probeSteps(), step);
        assertThat(s.m.chosen()).isEqualTo(1);
        jit[0] = false;
        long wrongFrom = s.now;
        while (s.m.chosen() == 1) s.run(1, step);
        assertThat(s.now - wrongFrom).as("the wrong first choice stands FIRST_REPROBE_NS and a probe, not a second")
                .isLessThanOrEqualTo(MeasuredThreads.FIRST_REPROBE_NS + probeSteps() * 8 * MS);
        // the changed choice is not confirmed yet: timed again after FIRST_REPROBE_NS, then held REPROBE_NS
        long from = s.now;
        List<Integer> next = s.run((int) ((MeasuredThreads.FIRST_REPROBE_NS + MeasuredThreads.REPROBE_NS) / (3 * MS)), step);
        assertThat(next).contains(1);
        assertThat(s.m.chosen()).isEqualTo(2);
        assertThat(s.now - from).isGreaterThan(MeasuredThreads.FIRST_REPROBE_NS);
        // once confirmed, the next probe is REPROBE_NS away: the steps right after the confirming probe stay at 2
        Steps quiet = new Steps(new MeasuredThreads(new int[]{1, 2}, null, 0), 0);
        quiet.run(MeasuredThreads.WARMUP_STEPS + probeSteps(), t -> t == 1 ? 5 * MS : 3 * MS);
        quiet.run((int) (MeasuredThreads.FIRST_REPROBE_NS / (3 * MS)) + 2 + probeSteps(), t -> t == 1 ? 5 * MS : 3 * MS);
        assertThat(quiet.m.reason()).endsWith("timed 2 times in this training, choosing 2, 2");
        assertThat(quiet.run((int) (0.9 * MeasuredThreads.REPROBE_NS / (3 * MS)), t -> t == 1 ? 5 * MS : 3 * MS)).containsOnly(2);
    }

    @Test
    void anUnconfirmedChoiceIsRememberedAsUnconfirmed() {
        IntToLongFunction twoFaster = t -> t == 1 ? 10 * MS : 6 * MS;
        Steps first = new Steps(new MeasuredThreads(new int[]{1, 2}, "mlp 256", 0), 0);
        first.run(MeasuredThreads.WARMUP_STEPS + probeSteps(), twoFaster);
        // the next training confirms it; the one after that finds it held for REPROBE_NS
        long t1 = first.now + MeasuredThreads.FIRST_REPROBE_NS;
        Steps second = new Steps(new MeasuredThreads(new int[]{1, 2}, "mlp 256", t1), t1);
        assertThat(second.run(MeasuredThreads.WARMUP_STEPS + probeSteps(), twoFaster)).contains(1);
        long t2 = second.now + MeasuredThreads.FIRST_REPROBE_NS + MS;
        Steps third = new Steps(new MeasuredThreads(new int[]{1, 2}, "mlp 256", t2), t2);
        assertThat(third.run(MeasuredThreads.WARMUP_STEPS + probeSteps(), twoFaster)).as("confirmed: held REPROBE_NS").containsOnly(2);
    }

    @Test
    void moreThreadsMustBeFasterInNearlyEveryPairOfSteps() {
        // medians 5.5 vs 7 ms (more than the margin), but the two counts' steps overlap: two of the six 2-thread steps
        // are slower than every 1-thread one (a near tie with noise, as at batch 256); each count's slowest step is
        // left out of the pairs
        long[] one = {7, 6, 8, 7, 6, 7}, two = {5, 9, 5, 6, 9, 5};
        assertThat(MeasuredThreads.fasterPairs(ms(two), ms(one))).isLessThan(MeasuredThreads.SUPERIORITY);
        Steps s = firstProbe(one, two, 7);
        assertThat(s.m.reason()).contains("1 thread at 7 ms a step, 2 threads 5.5 ms");
        assertThat(s.m.chosen()).isEqualTo(1);
        // a clear gain needs 80% of the pairs, not 90%: 2 threads a quarter faster a step, with two slow steps
        long[] oneClear = {8, 8, 8, 8, 8, 8}, twoClear = {6, 6, 6, 6, 9, 10};
        assertThat(MeasuredThreads.fasterPairs(ms(twoClear), ms(oneClear))).isGreaterThanOrEqualTo(MeasuredThreads.CLEAR_SUPERIORITY)
                .isLessThan(MeasuredThreads.SUPERIORITY);
        Steps clear = firstProbe(oneClear, twoClear, 8);
        assertThat(clear.m.chosen()).as(clear.m.reason()).isEqualTo(2);
        // the same medians without the overlap: two threads
        assertThat(MeasuredThreads.fasterPairs(ms(new long[]{5, 5, 5, 5, 5, 5}), ms(one))).isEqualTo(1.0);
        assertThat(MeasuredThreads.fasterPairs(ms(new long[]{5, 5, 5, 5, 5, 30}), ms(one))).as("one pause left out").isEqualTo(1.0);
        assertThat(MeasuredThreads.fasterPairs(ms(new long[]{7}), ms(new long[]{7}))).isEqualTo(0.5);
    }

    /**
     * A training's warm-up and first probe with these timed steps in ms: 1 thread's six (three before the switch, three
     * after), 2 threads' six; the warm-up and untimed steps take {@code other} ms.
     */
    private static Steps firstProbe(long[] one, long[] two, long other) {
        int[] k = {0};
        Steps s = new Steps(new MeasuredThreads(new int[]{1, 2}, null, 0), 0);
        s.run(MeasuredThreads.WARMUP_STEPS + probeSteps(), t -> {
            int i = k[0]++ - MeasuredThreads.WARMUP_STEPS;
            // the warm-up steps, then 1 (3 timed), 2 (2 untimed, 6 timed), 1 (2 untimed, 3 timed)
            if (i < 0) return other * MS;
            if (i < 3) return one[i] * MS;
            if (i < 5) return other * MS;
            if (i < 11) return two[i - 5] * MS;
            if (i < 13) return other * MS;
            return one[i - 10] * MS;
        });
        return s;
    }

    private static List<Long> ms(long[] v) {
        List<Long> l = new ArrayList<>();
        for (long x : v) l.add(x * MS);
        return l;
    }

    @Test
    void aProbeWhileTheJitCompilesDoesNotConfirm() {
        // the JIT compiles all the time (1 ms of compilation per ms): every probe is JIT-busy
        long[] clock = {0};
        MeasuredThreads m = new MeasuredThreads(new int[]{1, 2}, null, 0, () -> clock[0] / MS);
        Steps s = new Steps(m, 0) {
            @Override
            List<Integer> run(int n, IntToLongFunction stepTime) {
                List<Integer> these = new ArrayList<>();
                for (int i = 0; i < n; i++) these.addAll(super.run(1, t -> {
                    long d = stepTime.applyAsLong(t);
                    clock[0] += d;
                    return d;
                }));
                return these;
            }
        };
        IntToLongFunction oneFaster = t -> t == 1 ? 5 * MS : 8 * MS;
        s.run(MeasuredThreads.WARMUP_STEPS + probeSteps(), oneFaster);
        // the probes agree, but until JIT_STREAK of them have the choice stands FIRST_REPROBE_NS: JIT_STREAK probes in
        // the next 1.5 s, where with the JIT quiet the second probe confirms and the third comes 1 s later
        s.run((int) (1_500 * MS / (5 * MS)), oneFaster);
        assertThat(s.m.reason()).contains("timed " + MeasuredThreads.JIT_STREAK + " times");
        Steps quiet = new Steps(new MeasuredThreads(new int[]{1, 2}, null, 0, () -> 0), 0);
        quiet.run(MeasuredThreads.WARMUP_STEPS + probeSteps() + (int) (1_500 * MS / (5 * MS)), oneFaster);
        assertThat(quiet.m.reason()).contains("timed 3 times");
    }

    @Test
    void oneCountIsNeverTimed() {
        Steps s = new Steps(new MeasuredThreads(new int[]{1}, null, 0), 0);
        assertThat(s.run(1000, t -> MS)).containsOnly(1);
        assertThat(s.m.reason()).isEqualTo("not timed yet");
    }
}
