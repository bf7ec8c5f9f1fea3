package org.hepml.engine.sbi;

import org.hepml.engine.events.sim.GaltonBoard;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mining-gold result where the paper's gap between the methods is large: 1000 training events on the Galton
 * board (theta0 = -0.8, theta1 = -0.6, the paper's values), several independent training samples and network seeds,
 * at {@link MethodComparison}'s protocol (every training {@value MethodComparison#STEPS} optimizer steps, best
 * validation epoch kept) and its exact error, sum_x p(x|theta1) (log r_hat - log r)^2.
 */
class MiningGoldTest {
    static final GaltonBoard GALTON = new GaltonBoard();
    static final int SEEDS = 5;

    /**
     * RASCAL and ALICES (joint ratio and joint score) against CARL (labels only) at 1000 events, K = 5 seeds each.
     * The squared error is skewed from seed to seed (CARL's sd is ~55% of its mean), so the comparison is made on
     * the figure's log scale: the seed mean of ln(error) of each method must lie below CARL's by more than 3
     * combined standard errors, gap > 3 sqrt(se_carl^2 + se_X^2), each se the seed-to-seed sd of ln(error) over
     * sqrt(5).
     * <ul>
     * <li>It can fail: were X no better than CARL, gap / se would be a Welch t with 4 to 8 degrees of freedom, above 3
     *     with probability 2% (4 dof) or less. The combined se ignores that CARL and X of one seed share their
     *     training sample; a positive correlation only makes it larger than the se of the paired difference, so
     *     the margin is conservative.</li>
     * <li>It should not fail by chance: bench/results/mining-gold.json (same protocol, 5 seeds) has at 1000 events
     *     CARL 0.029 (sd 0.014), RASCAL 0.0013 (sd 0.0006), ALICES 0.0024 (sd 0.0009), and gaps in ln(error) of 3.2
     *     and 2.4, i.e. 6.3 and 6.6 combined standard errors. Falling below 3 needs the estimated se about twice too
     *     large (chi2_4 / 4 > 4.4: 0.15%), or that together with a low draw of the gap: about 1% at 4 degrees of
     *     freedom, far less at the 6-8 that similar spreads give.</li>
     * </ul>
     * On the arithmetic means the bench gives only 3.3 (4 seeds) and 4.3 (5 seeds) combined se for ALICES (CARL's
     * spread dominates), which a 3-se margin would fail up to a third of the time. This replaces the single-seed check at 10,000 events,
     * where the gap is smaller.
     */
    @Test
    void theJointRatioAndScoreBeatThePlainClassifierAt1000EventsOverSeveralSeeds() {
        List<Method> methods = List.of(Method.CARL, Method.RASCAL, Method.ALICES);
        MethodComparison c = MethodComparison.run(GALTON, "uniform(-1,-0.4)", new double[]{-0.6}, new double[][]{{-0.8}},
                methods, new int[]{1000}, SEEDS, EstimatorOptions.DEFAULT);
        int carl = c.row(Method.CARL);
        for (Method m : List.of(Method.RASCAL, Method.ALICES)) {
            int x = c.row(m);
            double gap = c.logMean(carl, 0) - c.logMean(x, 0);
            double se = Math.hypot(c.logStandardError(carl, 0), c.logStandardError(x, 0));
            assertThat(gap).as("ln error: CARL %.2f - %s %.2f against 3 combined standard errors (%.2f)%n%s", c.logMean(carl, 0),
                    m.label(), c.logMean(x, 0), se, c).isGreaterThan(3 * se);
        }
        // and every estimator learned something: the geometric mean of its error is below the constant guess
        // log r = 0 (0.063; CARL's expected ln-gap to it is ~4 se, RASCAL's and ALICES's over 10)
        for (int m = 0; m < methods.size(); m++) {
            assertThat(c.logMean(m, 0)).as("%s%n%s", methods.get(m).label(), c).isLessThan(Math.log(c.constantGuess()));
        }
    }
}
