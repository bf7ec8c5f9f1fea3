package org.hepml.engine.sbi;

import org.hepml.engine.nn.TrainingSettings;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.nn.Batch;
import org.hepml.engine.nn.Loss;
import org.hepml.engine.nn.Mlp;
import org.hepml.engine.nn.Trainer;
import org.hepml.engine.nn.TrainingData;
import org.hepml.engine.nn.Scalars;
import org.hepml.engine.nn.TrainingHistory;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every loss of {@link Method} at points where its value is known exactly, on hand-made batches (docs/REFERENCE.md
 * section 2): the network output is log r_hat, s_hat = 1 / (1 + r_hat), y = 1 for events from theta1. The
 * expected values are written out in double precision; tolerances are float rounding (relative ~1e-6).
 * The last test trains ALICES briefly, for its history's named terms.
 */
class MethodLossTest {
    /** Uneven weights, both labels: a batch mean that divided by the wrong count or ignored a weight shows. */
    static final double[] W = {1, 2, 0.5, 1.5, 1, 3};
    static final double[] Y = {0, 1, 0, 1, 0, 1};
    static final double[] R_XZ = {0.5, 2, 1, 0.25, 3, 1.2};

    static NDArray column(NDManager m, double... v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return m.create(f, new Shape(v.length, 1));
    }

    /** A batch with labels, joint ratios, and joint scores t_xz [b, k] given row by row. */
    static Batch batch(NDManager m, double[] w, double[] y, double[] rxz, double[][] txz) {
        Map<String, NDArray> t = new HashMap<>();
        t.put("y", column(m, y));
        if (rxz != null) t.put("r_xz", column(m, rxz));
        if (txz != null) {
            float[] flat = new float[txz.length * txz[0].length];
            for (int i = 0; i < txz.length; i++) for (int j = 0; j < txz[0].length; j++) flat[i * txz[0].length + j] = (float) txz[i][j];
            t.put("t_xz", m.create(flat, new Shape(txz.length, txz[0].length)));
        }
        float[] wf = new float[w.length];
        for (int i = 0; i < w.length; i++) wf[i] = (float) w[i];
        return new Batch(m.zeros(new Shape(w.length, 2)), m.create(wf), t);
    }

    /** Tangents as the trainer gives them, [k, b, 1], from t_hat [b][k]. */
    static NDArray tangents(NDManager m, double[][] tHat) {
        int b = tHat.length, k = tHat[0].length;
        float[] flat = new float[k * b];
        for (int j = 0; j < k; j++) for (int i = 0; i < b; i++) flat[j * b + i] = (float) tHat[i][j];
        return m.create(flat, new Shape(k, b, 1));
    }

    static double loss(Method method, double alpha, NDArray logR, NDArray tangents, Batch b) {
        return method.loss(alpha).compute(logR, tangents, b).getFloat();
    }

    static double[] log(double[] v) {
        double[] l = new double[v.length];
        for (int i = 0; i < v.length; i++) l[i] = Math.log(v[i]);
        return l;
    }

    static double weightedMean(double[] perEvent, double[] w) {
        double s = 0, ws = 0;
        for (int i = 0; i < w.length; i++) {
            s += w[i] * perEvent[i];
            ws += w[i];
        }
        return s / ws;
    }

    static double binaryEntropy(double s) {
        return -(s * Math.log(s) + (1 - s) * Math.log(1 - s));
    }

    @Test
    void carlIsLn2WhereTheRatioIsOneWhateverTheLabel() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (double[] y : new double[][]{Y, {0, 0, 0, 0, 0, 0}, {1, 1, 1, 1, 1, 1}}) {
                assertThat(loss(Method.CARL, 1, column(m, new double[6]), null, batch(m, W, y, null, null))).isCloseTo(Math.log(2), within(1e-6));
            }
            // and at log r_hat = 1 it is the weighted mean of softplus(+-1): -log s_hat for y = 1, -log(1 - s_hat) for y = 0
            double[] ones = {1, 1, 1, 1, 1, 1}, perEvent = new double[6];
            for (int i = 0; i < 6; i++) perEvent[i] = Y[i] == 1 ? Math.log1p(Math.E) : Math.log1p(1 / Math.E);
            assertThat(loss(Method.CARL, 1, column(m, ones), null, batch(m, W, Y, null, null))).isCloseTo(weightedMean(perEvent, W), within(1e-6));
        }
    }

    @Test
    void rolrVanishesAtTheJointRatioAndIsTheSquaredErrorElsewhere() {
        try (NDManager m = NDManager.newBaseManager()) {
            Batch b = batch(m, W, Y, R_XZ, null);
            assertThat(loss(Method.ROLR, 1, column(m, log(R_XZ)), null, b)).isCloseTo(0, within(1e-6));
            // r_hat = 2 r_xz: (r_hat - r_xz)^2 = r_xz^2 on y = 1, (1/r_hat - 1/r_xz)^2 = 1 / (4 r_xz^2) on y = 0
            double[] doubled = new double[6], perEvent = new double[6];
            for (int i = 0; i < 6; i++) {
                doubled[i] = Math.log(2 * R_XZ[i]);
                perEvent[i] = Y[i] == 1 ? R_XZ[i] * R_XZ[i] : 1 / (4 * R_XZ[i] * R_XZ[i]);
            }
            double expected = weightedMean(perEvent, W);
            assertThat(loss(Method.ROLR, 1, column(m, doubled), null, b)).isCloseTo(expected, within(1e-6 * expected));
        }
    }

    @Test
    void aliceIsTheBinaryEntropyOfTheSoftLabelAtItsMinimum() {
        try (NDManager m = NDManager.newBaseManager()) {
            Batch b = batch(m, W, Y, R_XZ, null);
            double[] entropy = new double[6];
            for (int i = 0; i < 6; i++) entropy[i] = binaryEntropy(1 / (1 + R_XZ[i]));
            double atMinimum = loss(Method.ALICE, 1, column(m, log(R_XZ)), null, b);
            assertThat(atMinimum).isCloseTo(weightedMean(entropy, W), within(1e-6));
            // the cross entropy exceeds the entropy by KL(s_xz || s_hat) > 0 for any other s_hat: shift each event's
            // log r_hat up and down by 0.05 and 0.5 (the excess is ~ s(1 - s) d^2 / 2 >= 1e-4 here, far above rounding)
            for (double d : new double[]{-0.5, -0.05, 0.05, 0.5}) {
                double[] shifted = log(R_XZ);
                for (int i = 0; i < 6; i++) shifted[i] += d;
                assertThat(loss(Method.ALICE, 1, column(m, shifted), null, b)).as("shift %s", d).isGreaterThan(atMinimum + 1e-5);
            }
            // the labels play no part: ALICE only sees the soft labels
            assertThat(loss(Method.ALICE, 1, column(m, log(R_XZ)), null, batch(m, W, new double[6], R_XZ, null))).isCloseTo(atMinimum, within(1e-6));
        }
    }

    @Test
    void theScoreTermVanishesAtTheJointScoreAndCountsOnlyTheta0EventsOverTheWholeBatch() {
        double[][] txz = {{1, -2}, {0.5, 3}, {-1, 0}, {2, 2}, {0.2, -0.7}, {4, 1}};
        double alpha = 0.7;
        try (NDManager m = NDManager.newBaseManager()) {
            Batch b = batch(m, W, Y, R_XZ, txz);
            NDArray lr = column(m, 0.3, -0.2, 0.1, 0.4, -0.6, 0.2);
            for (Method[] pair : new Method[][]{{Method.CASCAL, Method.CARL}, {Method.RASCAL, Method.ROLR}, {Method.ALICES, Method.ALICE}}) {
                double base = loss(pair[1], alpha, lr, null, b);
                assertThat(loss(pair[0], alpha, lr, tangents(m, txz), b)).as("%s at t_hat = t_xz", pair[0]).isCloseTo(base, within(1e-6));
                // t_hat off by (1, -2) on every event: |d|^2 = 5 on the y = 0 events only (weights 1, 0.5, 1 of a total 9)
                double[][] off = new double[6][];
                for (int i = 0; i < 6; i++) off[i] = new double[]{txz[i][0] + 1, txz[i][1] - 2};
                double expected = base + alpha * 5 * (1 + 0.5 + 1) / 9.0;
                assertThat(loss(pair[0], alpha, lr, tangents(m, off), b)).as("%s", pair[0]).isCloseTo(expected, within(1e-5));
                // off on the y = 1 events only: those have no score term (t_xz is the joint score at theta0)
                double[][] offTheta1 = new double[6][];
                for (int i = 0; i < 6; i++) offTheta1[i] = Y[i] == 1 ? off[i] : txz[i];
                assertThat(loss(pair[0], alpha, lr, tangents(m, offTheta1), b)).as("%s", pair[0]).isCloseTo(base, within(1e-6));
            }
        }
    }

    /**
     * MLC on two known discrete distributions: one event per category and class, weighted by p (y = 0, theta0)
     * and q (y = 1, theta1), makes the batch mean the exact expectation (E_p[-log f] + E_q[f - 1]) / 2. At
     * f = p / q that is -KL(p || q) / 2, and any other f does worse.
     */
    @Test
    void mlcReachesMinusTheKullbackLeiblerDivergenceAtTheTrueRatio() {
        double[] p = {0.1, 0.2, 0.3, 0.4}, q = {0.25, 0.25, 0.25, 0.25};
        double kl = 0;
        for (int k = 0; k < 4; k++) kl += p[k] * Math.log(p[k] / q[k]);
        double[] w = new double[8], y = new double[8], logF = new double[8];
        for (int k = 0; k < 4; k++) {
            w[k] = p[k];
            w[4 + k] = q[k];
            y[4 + k] = 1;
            logF[k] = logF[4 + k] = Math.log(p[k] / q[k]);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Batch b = batch(m, w, y, null, null);
            double atTruth = loss(Method.MLC, 1, column(m, logF), null, b);
            assertThat(atTruth).isCloseTo(-kl / 2, within(1e-6));
            assertThat(loss(Method.MLC, 1, column(m, new double[8]), null, b)).as("f = 1").isCloseTo(0, within(1e-6));
            for (int k = 0; k < 4; k++) {
                for (double d : new double[]{-0.2, 0.2}) {
                    double[] moved = logF.clone();
                    moved[k] += d;
                    moved[4 + k] += d;
                    assertThat(loss(Method.MLC, 1, column(m, moved), null, b)).as("category %d moved by %s", k, d).isGreaterThan(atTruth + 1e-4);
                }
            }
        }
    }

    @Test
    void logRatiosAreClippedTo10AndJointRatiosToEToThe10() {
        try (NDManager m = NDManager.newBaseManager()) {
            double[] y = {0, 1, 0, 1};
            // the classifier losses see log r_hat = +-15 as +-10: each label once on the right and once on the wrong
            // side, the wrong ones cost 10 + log(1 + e^-10) each (15 + ... unclipped), the right ones log(1 + e^-10)
            Batch plain = batch(m, new double[]{1, 1, 1, 1}, y, null, null);
            double clipped = 5 + Math.log1p(Math.exp(-10));
            assertThat(loss(Method.CARL, 1, column(m, 15, 15, -15, -15), null, plain)).isCloseTo(clipped, within(1e-5));
            assertThat(loss(Method.CARL, 1, column(m, 10, 10, -10, -10), null, plain)).isCloseTo(clipped, within(1e-5));
            assertThat(loss(Method.MLC, 1, column(m, 15, 15, -15, -15), null, plain))
                    .as("MLC: (-10 + e^10 - 1 + 10 + e^-10 - 1) / 4").isCloseTo((Math.exp(10) + Math.exp(-10) - 2) / 4, within(1e-2));
            // ROLR with r_xz = e^12 and e^-12 clipped to e^10 and e^-10: zero loss at log r_hat = 10 and -10 ...
            double[] rxz = {Math.exp(-12), Math.exp(12), Math.exp(-12), Math.exp(12)};
            Batch joint = batch(m, new double[]{1, 1, 1, 1}, y, rxz, null);
            double extreme = loss(Method.ROLR, 1, column(m, -10, 10, -10, 10), null, joint);
            assertThat(extreme).as("relative to e^20").isLessThan(1e-6 * Math.exp(20));
            // ... where a joint ratio inside the range, e^9 (e^-9 for y = 0), costs (e^10 - e^9)^2 ~ 1.9e8 on every event
            double[] inside = {Math.exp(-9), Math.exp(9), Math.exp(-9), Math.exp(9)};
            double expected = Math.pow(Math.exp(10) - Math.exp(9), 2);
            assertThat(loss(Method.ROLR, 1, column(m, -10, 10, -10, 10), null, batch(m, new double[]{1, 1, 1, 1}, y, inside, null)))
                    .isCloseTo(expected, within(1e-5 * expected));
            // and a log r_hat of 14 is clipped to 10 as well: the same zero
            assertThat(loss(Method.ROLR, 1, column(m, -14, 14, -14, 14), null, joint)).isCloseTo(extreme, within(1e-6 * Math.exp(20)));
            // ALICE's soft labels from the clipped ratio: s_xz = 1 / (1 + e^(-+10)), its entropy at s_hat = s_xz
            double h = binaryEntropy(1 / (1 + Math.exp(10)));
            assertThat(loss(Method.ALICE, 1, column(m, -10, 10, -10, 10), null, joint)).isCloseTo(h, within(1e-5));
        }
    }

    /**
     * Every method's loss as named terms with weights: the names the history shows, each term's value by hand
     * (the same per-event formulas as the tests above, written out in double precision), and their weighted sum
     * equal to the single number the loss was before it had terms, bit for bit: that number, written as the old
     * expression from this class's helpers, is what the optimiser differentiated, so equal bits mean the same
     * gradients and unchanged training. Hand values to float rounding (relative 1e-6 of the terms).
     */
    @Test
    void theNamedTermsOfEveryMethodAddUpToItsTotal() {
        double[][] txz = {{1, -2}, {0.5, 3}, {-1, 0}, {2, 2}, {0.2, -0.7}, {4, 1}};
        double[][] tHat = {{0.4, -1}, {1.5, 2}, {-2, 0.5}, {2, 3}, {1.2, -0.2}, {3, 1}};
        double[] logRHat = {0.3, -0.2, 0.1, 0.4, -0.6, 0.2};
        double alpha = 0.7;
        // by hand: s_hat = 1 / (1 + r_hat), cross-entropy -[t log s_hat + (1 - t) log(1 - s_hat)] for a target t
        double[] hardCe = new double[6], softCe = new double[6], ratioSq = new double[6], scoreSq = new double[6], mlc = new double[6];
        for (int i = 0; i < 6; i++) {
            double r = Math.exp(logRHat[i]), s = 1 / (1 + r), soft = 1 / (1 + R_XZ[i]);
            hardCe[i] = -(Y[i] * Math.log(s) + (1 - Y[i]) * Math.log(1 - s));
            softCe[i] = -(soft * Math.log(s) + (1 - soft) * Math.log(1 - s));
            ratioSq[i] = Y[i] == 1 ? Math.pow(r - R_XZ[i], 2) : Math.pow(1 / r - 1 / R_XZ[i], 2);
            scoreSq[i] = Y[i] == 1 ? 0 : Math.pow(tHat[i][0] - txz[i][0], 2) + Math.pow(tHat[i][1] - txz[i][1], 2);
            mlc[i] = Y[i] == 1 ? r - 1 : -logRHat[i];
        }
        double ce = weightedMean(hardCe, W), alice = weightedMean(softCe, W), rolr = weightedMean(ratioSq, W),
                score = weightedMean(scoreSq, W), mlcLoss = weightedMean(mlc, W);
        Map<Method, Map<String, Double>> expected = Map.of(
                Method.CARL, Map.of("cross-entropy", ce),
                Method.ROLR, Map.of("ratio MSE", rolr),
                Method.ALICE, Map.of("cross-entropy", alice),
                Method.CASCAL, Map.of("cross-entropy", ce, "score MSE", score),
                Method.RASCAL, Map.of("ratio MSE", rolr, "score MSE", score),
                Method.ALICES, Map.of("cross-entropy", alice, "score MSE", score),
                Method.MLC, Map.of("MLC", mlcLoss));
        try (NDManager m = NDManager.newBaseManager()) {
            Batch b = batch(m, W, Y, R_XZ, txz);
            NDArray lr = column(m, logRHat), t = tangents(m, tHat);
            for (Method method : Method.values()) {
                Loss loss = method.loss(alpha);
                List<String> names = loss.terms().stream().map(Loss.Term::name).toList();
                assertThat(names).as("%s's terms", method).containsExactlyElementsOf(expected.get(method).keySet().stream()
                        .sorted(java.util.Comparator.comparing(n -> n.equals("score MSE"))).toList());
                Loss.Values v = loss.values(lr, t, b);
                double sum = 0;
                for (int k = 0; k < names.size(); k++) {
                    double term = v.terms().get(k).getFloat(), weight = loss.terms().get(k).weight();
                    assertThat(weight).as("%s %s weight", method, names.get(k)).isEqualTo(names.get(k).equals("score MSE") ? alpha : 1);
                    double hand = expected.get(method).get(names.get(k));
                    assertThat(term).as("%s %s", method, names.get(k)).isCloseTo(hand, within(1e-6 * Math.max(1, Math.abs(hand))));
                    sum += weight * term;
                }
                double total = v.total().getFloat();
                assertThat(total).as("%s total = sum of weight x term", method).isCloseTo(sum, within(1e-6 * Math.max(1, Math.abs(sum))));
                assertThat(loss.compute(lr, t, b).getFloat()).as("%s compute() is the total", method).isEqualTo(v.total().getFloat());
                assertThat(v.total().getFloat()).as("%s: the total is the old single number", method).isEqualTo(oldTotal(method, alpha, lr, t, b));
            }
        }
    }

    /** Each method's loss as one expression, as Method.loss wrote it before it had named terms. */
    static float oldTotal(Method method, double alpha, NDArray out, NDArray t, Batch b) {
        return oldTotalArray(method, alpha, out, t, b).getFloat();
    }

    static NDArray oldTotalArray(Method method, double alpha, NDArray out, NDArray t, Batch b) {
        float a = (float) alpha;
        NDArray total = switch (method) {
            case CARL -> Method.crossEntropy(Method.logR(out), b.target("y"), b);
            case ROLR -> Method.rolr(Method.logR(out), b);
            case ALICE -> Method.crossEntropy(Method.logR(out), Method.softLabels(b), b);
            case CASCAL -> Method.crossEntropy(Method.logR(out), b.target("y"), b).add(Scalars.times(Method.scoreTerm(t, b), a));
            case RASCAL -> Method.rolr(Method.logR(out), b).add(Scalars.times(Method.scoreTerm(t, b), a));
            case ALICES -> Method.crossEntropy(Method.logR(out), Method.softLabels(b), b).add(Scalars.times(Method.scoreTerm(t, b), a));
            case MLC -> {
                NDArray lr = Method.logR(out), y = b.target("y").get(":, 0");
                yield Method.mean(y.neg().add(1f).mul(lr.neg()).add(y.mul(lr.exp().sub(1f))), b);
            }
        };
        return total;
    }

    /**
     * Training is unchanged by the named terms, bit for bit: for every method, two networks from the same seed
     * trained for two epochs on the same 600 events, one with the method's loss and one with its old single
     * expression ({@link #oldTotal}) as a plain function, end with identical parameters and identical loss
     * curves. Equal totals on one batch (above) could still hide a different gradient; equal states after
     * some 20 Adam steps cannot.
     */
    @Test
    void trainingWithNamedTermsIsTheOldTrainingBitForBit() {
        int n = 600;
        java.util.SplittableRandom rng = new java.util.SplittableRandom(31);
        float[][] x = new float[n][2], txz = new float[n][1];
        float[] y = new float[n], rxz = new float[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = (float) rng.nextGaussian();
            x[i][1] = (float) (rng.nextDouble() * 2 - 1); // theta0, the input whose tangent is the score
            y[i] = rng.nextBoolean() ? 1 : 0;
            rxz[i] = (float) Math.exp(0.8 * rng.nextGaussian());
            txz[i][0] = (float) rng.nextGaussian();
        }
        TrainingData data = new TrainingData(x, null).target("y", y).target("r_xz", rxz).target("t_xz", txz);
        double alpha = 0.7;
        for (Method method : Method.values()) {
            Loss old = (out, t, b) -> MethodLossTest.oldTotalArray(method, alpha, out, t, b);
            float[][][] states = new float[2][][];
            List<List<Double>> curves = new java.util.ArrayList<>();
            for (Loss loss : List.of(method.loss(alpha), old)) {
                try (Mlp net = Mlp.builder().hidden(8).seed(32).build(x)) {
                    Trainer trainer = new Trainer(TrainingSettings.ESTIMATOR.withDecay(TrainingSettings.Decay.CONSTANT).withEpochs(2).withBatchSize(64).withSeed(33));
                    if (method.needsJointScore) trainer.tangents(1);
                    TrainingHistory h = trainer.fit(net, data, loss);
                    states[curves.size() / 2] = net.snapshot();
                    curves.add(h.trainLoss());
                    curves.add(h.validationLoss());
                }
            }
            assertThat(states[0]).as("%s: parameters after training", method).isDeepEqualTo(states[1]);
            assertThat(curves.get(0)).as("%s: training loss", method).isEqualTo(curves.get(2));
            assertThat(curves.get(1)).as("%s: validation loss", method).isEqualTo(curves.get(3));
        }
    }

    /**
     * The acceptance line of named terms: ALICES trained briefly on the Galton board (2,000 events, 4 epochs,
     * alpha = 2 so a weight that is not one shows) keeps separate curves for the cross-entropy and the score
     * term, for training and validation, and per epoch the recorded total is 1 x cross-entropy + 2 x score.
     * Each epoch value is a weighted mean over batches of float losses, so the sum agrees to float rounding
     * accumulated over a few dozen batches: relative 1e-5 of the terms, far below any real mismatch (a term
     * left out or weighted wrongly is off by its whole size, >= 1e-2 here). The cross-entropy against soft
     * labels is at least their entropy (> 0) and the score term a mean square (>= 0): both are checked positive.
     */
    @Test
    void anAlicesHistoryHasSeparateCurvesForTheCrossEntropyAndTheScoreTerm() {
        Dataset d = RatioEstimatorTest.train(2_000, 3);
        EstimatorOptions o = EstimatorOptions.of(TrainingSettings.ESTIMATOR.withEpochs(4));
        double alpha = 2;
        try (RatioEstimator e = RatioEstimator.train(d, Method.ALICES, alpha, o)) {
            TrainingHistory h = e.histories().get(0);
            assertThat(h.termNames()).containsExactly(Method.CROSS_ENTROPY, Method.SCORE_MSE);
            TrainingHistory.TermCurve ce = h.term(Method.CROSS_ENTROPY), score = h.term(Method.SCORE_MSE);
            assertThat(ce.weight()).isEqualTo(1);
            assertThat(score.weight()).isEqualTo(alpha);
            for (String split : List.of("train", "validation")) {
                List<Double> total = split.equals("train") ? h.trainLoss() : h.validationLoss();
                List<Double> c = split.equals("train") ? ce.train() : ce.validation(), s = split.equals("train") ? score.train() : score.validation();
                assertThat(c).as(split).hasSize(h.epochs());
                assertThat(s).as(split).hasSize(h.epochs());
                for (int epoch = 0; epoch < h.epochs(); epoch++) {
                    assertThat(c.get(epoch)).as("%s cross-entropy, epoch %d", split, epoch + 1).isFinite().isPositive();
                    assertThat(s.get(epoch)).as("%s score term, epoch %d", split, epoch + 1).isFinite().isPositive();
                    double sum = c.get(epoch) + alpha * s.get(epoch);
                    assertThat(total.get(epoch)).as("%s total, epoch %d", split, epoch + 1).isCloseTo(sum, within(1e-5 * sum));
                }
            }
            // the plot: the total, then one panel per term, each with a training and a validation curve named after it
            List<org.knowm.xchart.internal.chartpart.Chart<?, ?>> panels = h.lossCurve().panels();
            assertThat(panels).hasSize(3);
            assertThat(org.hepml.engine.plot.FigureChecks.seriesNames((org.knowm.xchart.XYChart) panels.get(1))).containsExactly("train cross-entropy", "validation cross-entropy");
            assertThat(org.hepml.engine.plot.FigureChecks.seriesNames((org.knowm.xchart.XYChart) panels.get(2))).containsExactly("train score MSE", "validation score MSE");
            assertThat(h.toString()).contains("= cross-entropy ").contains(" + 2 x score MSE ");
        }
    }

    /** The enum is the one place that says what {@code --method rascal} means: every constant has its doc line. */
    @Test
    void everyMethodHasADocLine() throws java.io.IOException {
        Path source = Path.of("src/main/java/org/hepml/engine/sbi/Method.java");
        String text = Files.readString(source);
        for (Method method : Method.values()) {
            Matcher mt = Pattern.compile("/\\*\\*([^*]|\\*(?!/))*\\*/\\s*" + method.name() + "\\(").matcher(text);
            assertThat(mt.find()).as("a /** doc */ line right before %s in %s", method.name(), source).isTrue();
            assertThat(mt.group().replaceAll("[/*\\s]", "").length()).as("%s's doc line", method.name()).isGreaterThan(method.name().length() + 20);
        }
        assertThat(List.of(Method.values())).hasSize(7);
    }
}
