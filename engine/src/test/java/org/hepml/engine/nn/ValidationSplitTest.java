package org.hepml.engine.nn;

import org.hepml.engine.HepmlException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The validation split of {@link Trainer#fit}, with and without groups of rows that must stay together. */
class ValidationSplitTest {

    /** OmniFold's step-2 layout: event i is row i (one class) and row n + i (the other). */
    static int[] twoCopies(int events) {
        int[] g = new int[2 * events];
        for (int i = 0; i < events; i++) g[i] = g[events + i] = i;
        return g;
    }

    static int[][] split(int n, double fraction, int[] groups, long seed) {
        Trainer t = new Trainer(TrainingSettings.ESTIMATOR.withValidationFraction(fraction));
        return Trainer.validationSplit(n, n - t.trainingEvents(n), groups, new SplittableRandom(seed));
    }

    /** Without groups (and with groups but no validation set) the split is today's: one permutation of the rows. */
    @Test
    void withoutGroupsTheSplitIsOnePermutationOfTheRows() {
        int n = 1001;
        int[] order = Trainer.permutation(n, new SplittableRandom(5));
        int[][] s = split(n, 0.25, null, 5);
        assertThat(s[0]).containsExactly(Arrays.copyOfRange(order, 0, 250));
        assertThat(s[1]).containsExactly(Arrays.copyOfRange(order, 250, n));
        int[][] none = split(n, 0, null, 5);
        assertThat(none[0]).isEmpty();
        assertThat(none[1]).containsExactly(order);
        int[][] groupedNone = split(1000, 0, twoCopies(500), 5);
        assertThat(groupedNone[1]).containsExactly(Trainer.permutation(1000, new SplittableRandom(5)));
    }

    /**
     * With groups of unequal sizes (1 to 4 rows): every row is on exactly one side, no group has rows on both sides,
     * and the validation set holds the asked-for rows to within one group (at least round(f n), fewer than one
     * group's size more). The same seed gives the same split; another seed another.
     */
    @Test
    void groupsStayTogetherAndTheFractionHoldsToWithinOneGroup() {
        SplittableRandom r = new SplittableRandom(1);
        int rows = 0;
        int[] sizes = new int[700];
        for (int g = 0; g < sizes.length; g++) rows += sizes[g] = 1 + r.nextInt(4);
        int[] groups = new int[rows];
        for (int g = 0, k = 0; g < sizes.length; g++) for (int j = 0; j < sizes[g]; j++) groups[k++] = 1000 - 3 * g; // any int ids
        int[] shuffled = Trainer.permutation(rows, new SplittableRandom(2)), g2 = new int[rows];
        for (int i = 0; i < rows; i++) g2[i] = groups[shuffled[i]]; // a group's rows scattered over the data
        for (int[] grouping : new int[][]{g2, twoCopies(900)}) {
            int n = grouping.length, largest = grouping == g2 ? 4 : 2;
            for (double f : new double[]{0.1, 0.25, 0.5}) {
                int[][] s = split(n, f, grouping, 3);
                int[] side = new int[n];
                Arrays.fill(side, -1);
                for (int k = 0; k < 2; k++) for (int row : s[k]) {
                    assertThat(side[row]).as("row %d on both sides", row).isEqualTo(-1);
                    side[row] = k;
                }
                assertThat(side).doesNotContain(-1);
                Map<Integer, Integer> sideOfGroup = new HashMap<>();
                for (int i = 0; i < n; i++) {
                    Integer before = sideOfGroup.putIfAbsent(grouping[i], side[i]);
                    assertThat(before == null || before == side[i]).as("group %d split", grouping[i]).isTrue();
                }
                int asked = (int) Math.round(n * f);
                assertThat(s[0].length).isBetween(asked, asked + largest - 1);
                assertThat(split(n, f, grouping, 3)[0]).containsExactly(s[0]);
                assertThat(split(n, f, grouping, 3)[1]).containsExactly(s[1]);
                assertThat(split(n, f, grouping, 4)[0]).isNotEqualTo(s[0]);
            }
        }
    }

    /**
     * The groups that validate are a uniform random choice: in K = 400 seeds, a given group of two-copy events
     * (n = 200 events, 400 rows, f = 0.25: exactly 50 of the 200 groups validate) is in the validation set with
     * probability p = 0.25, a binomial count with mean 100 and sd sqrt(400 * 0.25 * 0.75) = 8.7; we accept
     * [70, 130] (+-3.5 sd) for the first and the last group, false alarm 0.05% each. A rule that favoured groups by
     * position (e.g. taking the first groups) fails it.
     */
    @Test
    void theValidationGroupsAreAUniformRandomChoice() {
        int events = 200, k = 400, first = 0, last = 0;
        int[] groups = twoCopies(events);
        for (long seed = 0; seed < k; seed++) {
            int[][] s = split(2 * events, 0.25, groups, seed);
            assertThat(s[0]).hasSize(100);
            for (int row : s[0]) {
                if (row == 0) first++;
                if (row == events - 1) last++;
            }
        }
        assertThat(first).isBetween(70, 130);
        assertThat(last).isBetween(70, 130);
    }

    @Test
    void badGroupsAreRefused() {
        TrainingData d = new TrainingData(new float[4][1], null);
        assertThatThrownBy(() -> d.groups(new int[3])).isInstanceOf(HepmlException.class).hasMessageContaining("3 group ids");
        // two groups of two rows, half held out: one group validates, the other trains; a third of one group is too few
        assertThat(split(4, 0.5, new int[]{7, 7, 9, 9}, 1)[0]).hasSize(2);
        assertThatThrownBy(() -> split(4, 0.5, new int[]{7, 7, 7, 7}, 1)).isInstanceOf(HepmlException.class)
                .hasMessageContaining("Too few groups");
    }

    /** A fit with groups and a validation set trains and validates (the path OmniFold's step 2 takes with early stopping). */
    @Test
    void fitHonoursGroups() {
        int events = 300;
        float[][] x = TrainerTest.uniform(2 * events, 1, -1, 1, 4);
        for (int i = 0; i < events; i++) x[events + i] = x[i];
        float[] y = new float[2 * events];
        for (int i = 0; i < events; i++) y[i] = 1;
        try (Mlp net = Mlp.builder().hidden(8).seed(1).build(x)) {
            TrainingHistory h = new Trainer(TrainingSettings.ESTIMATOR.withDecay(TrainingSettings.Decay.CONSTANT).withEpochs(2).withBatchSize(64).withValidationFraction(0.25).withSeed(2))
                    .fit(net, new TrainingData(x, null).target("y", y).groups(twoCopies(events)), Losses.bce());
            assertThat(h.validationLoss()).hasSize(2).allMatch(v -> Double.isFinite(v));
        }
    }
}
