package org.hepml.engine.jets.emd;

import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.hepml.engine.HepmlException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The transport solver against a slow reference (commons-math3's simplex method on the same linear programme) and
 * against its own optimality certificate (primal feasibility, dual feasibility, complementary slackness, equal primal
 * and dual objectives), which proves optimality on any size. Exactness is a deterministic property: every random
 * problem must pass, so the tolerances are rounding (a few hundred ulps of the cost's scale), not statistics.
 */
class OptimalTransportTest {

    /** Balanced problem with n x m random masses (some zero, some tied) and costs (some tied). */
    private static double[][] problem(SplittableRandom rng, int n, int m, boolean integers) {
        double[] a = new double[n], b = new double[m], c = new double[n * m];
        for (int i = 0; i < n; i++) a[i] = integers ? rng.nextInt(4) : (rng.nextInt(6) == 0 ? 0 : rng.nextDouble());
        for (int j = 0; j < m; j++) b[j] = integers ? rng.nextInt(4) : (rng.nextInt(6) == 0 ? 0 : rng.nextDouble());
        double sa = 0, sb = 0;
        for (double x : a) sa += x;
        for (double x : b) sb += x;
        if (sa == 0) a[0] = sa = 1;
        if (sb == 0) b[0] = sb = 1;
        if (integers) {
            // integer totals balanced exactly by topping up the lighter side
            if (sa > sb) b[m - 1] += sa - sb;
            else a[n - 1] += sb - sa;
        } else {
            for (int j = 0; j < m; j++) b[j] *= sa / sb;
        }
        for (int k = 0; k < n * m; k++) c[k] = integers ? rng.nextInt(5) : rng.nextDouble() * 3;
        return new double[][]{a, b, c};
    }

    /** min c.f subject to row sums = a, column sums = b, f >= 0, by the simplex method. */
    private static double simplex(double[] a, double[] b, double[] c) {
        int n = a.length, m = b.length;
        List<LinearConstraint> cons = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] row = new double[n * m];
            for (int j = 0; j < m; j++) row[i * m + j] = 1;
            cons.add(new LinearConstraint(row, Relationship.EQ, a[i]));
        }
        // the last column constraint is implied by the others (equal totals): leave it out so rounding cannot make the LP infeasible
        for (int j = 0; j < m - 1; j++) {
            double[] col = new double[n * m];
            for (int i = 0; i < n; i++) col[i * m + j] = 1;
            cons.add(new LinearConstraint(col, Relationship.EQ, b[j]));
        }
        PointValuePair p = new SimplexSolver(1e-13, 10, 1e-15).optimize(new MaxIter(100_000),
                new LinearObjectiveFunction(c, 0), new LinearConstraintSet(cons), GoalType.MINIMIZE, new NonNegativeConstraint(true));
        return p.getValue();
    }

    /** Checks the solution's optimality certificate; returns the dual objective. */
    private static void assertCertified(double[] a, double[] b, double[] c, OptimalTransport.Solution s) {
        int n = a.length, m = b.length;
        double scale = 0, mass = 0, cmax = 0;
        for (double x : a) mass += x;
        for (double x : c) cmax = Math.max(cmax, x);
        scale = mass * Math.max(cmax, 1e-300);
        double tolMass = 1e-13 * mass, tolCost = 1e-12 * Math.max(cmax, 1);
        for (int i = 0; i < n; i++) {
            double row = 0;
            for (int j = 0; j < m; j++) {
                assertThat(s.flow(i, j)).isGreaterThanOrEqualTo(0);
                row += s.flow(i, j);
            }
            assertThat(row).as("row %d", i).isCloseTo(a[i], org.assertj.core.api.Assertions.within(tolMass));
        }
        for (int j = 0; j < m; j++) {
            double col = 0;
            for (int i = 0; i < n; i++) col += s.flow(i, j);
            assertThat(col).as("column %d", j).isCloseTo(b[j], org.assertj.core.api.Assertions.within(tolMass));
        }
        double dual = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double reduced = c[i * m + j] + s.sourceDual()[i] - s.sinkDual()[j];
                assertThat(reduced).as("reduced cost %d,%d", i, j).isGreaterThanOrEqualTo(-tolCost);
                if (s.flow(i, j) > 0) assertThat(Math.abs(reduced)).as("slackness %d,%d", i, j).isLessThanOrEqualTo(tolCost);
            }
        }
        for (int i = 0; i < n; i++) dual -= s.sourceDual()[i] * a[i];
        for (int j = 0; j < m; j++) dual += s.sinkDual()[j] * b[j];
        assertThat(Math.abs(dual - s.cost())).as("duality gap").isLessThanOrEqualTo(1e-12 * Math.max(scale, 1e-300) + 1e-300);
    }

    @Test
    void agreesWithTheSimplexMethodOnRandomSmallProblems() {
        SplittableRandom rng = new SplittableRandom(20190410);
        int checked = 0;
        for (int t = 0; t < 300; t++) {
            int n = 1 + rng.nextInt(7), m = 1 + rng.nextInt(7);
            boolean integers = t % 3 == 0;  // integer masses and costs: many ties and degenerate bases
            double[][] p = problem(rng, n, m, integers);
            OptimalTransport.Solution s = OptimalTransport.solve(p[0], p[1], p[2]);
            OptimalTransport.Solution paths = OptimalTransport.solveByShortestPaths(p[0], p[1], p[2]);
            double reference = simplex(p[0], p[1], p[2]);
            double scale = 0;
            for (double x : p[0]) scale += x;
            // relative to total mass x largest cost: the cost itself may be 0
            double cmax = 0;
            for (double x : p[2]) cmax = Math.max(cmax, x);
            assertThat(Math.abs(s.cost() - reference)).as("problem %d (%d x %d)", t, n, m)
                    .isLessThanOrEqualTo(1e-12 * scale * Math.max(cmax, 1));
            assertThat(Math.abs(paths.cost() - reference)).as("shortest paths, problem %d", t)
                    .isLessThanOrEqualTo(1e-12 * scale * Math.max(cmax, 1));
            assertCertified(p[0], p[1], p[2], s);
            assertCertified(p[0], p[1], p[2], paths);
            checked++;
        }
        assertThat(checked).isEqualTo(300);
    }

    @Test
    void certifiesItsOwnOptimumOnJetSizedProblems() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int t = 0; t < 20; t++) {
            int n = 20 + rng.nextInt(81), m = 20 + rng.nextInt(81);
            double[][] p = problem(rng, n, m, t % 4 == 0);
            OptimalTransport.Solution s = OptimalTransport.solve(p[0], p[1], p[2]);
            OptimalTransport.Solution paths = OptimalTransport.solveByShortestPaths(p[0], p[1], p[2]);
            assertCertified(p[0], p[1], p[2], s);
            assertCertified(p[0], p[1], p[2], paths);
            // two independent exact methods: the same optimum up to rounding
            assertThat(Math.abs(s.cost() - paths.cost())).as("problem %d (%d x %d)", t, n, m)
                    .isLessThanOrEqualTo(1e-12 * Math.max(s.cost(), 1e-300) + 1e-300);
        }
    }

    /** A jet-sized problem with no mass on one side of some nodes and masses spanning ten decades. */
    @Test
    void handlesZeroAndWildlyDifferentMasses() {
        SplittableRandom rng = new SplittableRandom(13);
        for (int t = 0; t < 10; t++) {
            int n = 30, m = 40;
            double[] a = new double[n], b = new double[m], c = new double[n * m];
            double sa = 0, sb = 0;
            for (int i = 0; i < n; i++) sa += a[i] = i % 7 == 0 ? 0 : Math.pow(10, rng.nextDouble(-5, 5));
            for (int j = 0; j < m; j++) sb += b[j] = j % 5 == 0 ? 0 : Math.pow(10, rng.nextDouble(-5, 5));
            for (int j = 0; j < m; j++) b[j] *= sa / sb;
            for (int k = 0; k < n * m; k++) c[k] = rng.nextDouble();
            OptimalTransport.Solution s = OptimalTransport.solve(a, b, c);
            OptimalTransport.Solution paths = OptimalTransport.solveByShortestPaths(a, b, c);
            assertThat(Math.abs(s.cost() - paths.cost())).isLessThanOrEqualTo(1e-12 * s.cost());
        }
    }

    @Test
    void knownSmallAnswers() {
        // 2 x 2 with the diagonal cheap: everything goes straight
        OptimalTransport.Solution s = OptimalTransport.solve(new double[]{1, 2}, new double[]{1, 2}, new double[]{0, 5, 5, 0});
        assertThat(s.cost()).isZero();
        // crossing is cheaper: 1*1 + 1*1 for the one unit that must move, 0 for the rest
        s = OptimalTransport.solve(new double[]{2, 0}, new double[]{1, 1}, new double[]{0, 1, 1, 0});
        assertThat(s.cost()).isEqualTo(1.0);
        assertThat(s.flow(0, 0)).isEqualTo(1.0);
        assertThat(s.flow(0, 1)).isEqualTo(1.0);
    }

    @Test
    void badInputIsNamed() {
        assertThatThrownBy(() -> OptimalTransport.solve(new double[]{1}, new double[]{1}, new double[]{-1}))
                .isInstanceOf(HepmlException.class).hasMessageContaining("cost");
        assertThatThrownBy(() -> OptimalTransport.solve(new double[]{Double.NaN}, new double[]{1}, new double[]{1}))
                .isInstanceOf(HepmlException.class).hasMessageContaining("mass");
        assertThatThrownBy(() -> OptimalTransport.solve(new double[]{1, 1}, new double[]{2}, new double[]{1}))
                .isInstanceOf(HepmlException.class).hasMessageContaining("2 x 1");
    }
}
