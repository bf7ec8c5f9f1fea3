package org.hepml.engine.anomaly;

import org.hepml.engine.HepmlException;
import org.hepml.engine.sbi.TwoSampleTest;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The ROC curve of an anomaly score against the truth (signal label 1), its area, and the significance improvement
 * characteristic SIC = eps_S / sqrt(eps_B): how much a cut multiplies S / sqrt(B). Larger score = more signal-like.
 *
 * @param standardError DeLong's standard error of the AUC (DeLong, DeLong, Clarke-Pearson, Biometrics 44 (1988) 837;
 *                      {@link TwoSampleTest#aucWithStandardError}): the spread from which events were scored, with the
 *                      score held fixed. A score trained on these events also varies with its training, which this
 *                      leaves out (docs/ANOMALY.md, "How large is the error on an AUC"). NaN with fewer than 2 events
 *                      of a class.
 */
public record Roc(double[] signalEfficiency, double[] backgroundEfficiency, double auc, double standardError) {

    /** The ROC of {@code score} for events labelled {@code truth} (1 signal, 0 background); ties share their rank. */
    public static Roc of(double[] score, double[] truth) {
        if (score.length != truth.length) throw new HepmlException(score.length + " scores but " + truth.length + " labels.");
        Integer[] order = new Integer[score.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble(i -> -score[i]));
        double ns = 0, nb = 0;
        for (double t : truth) if (t > 0.5) ns++; else nb++;
        if (ns == 0 || nb == 0) throw new HepmlException("A ROC curve needs both signal and background events (truth column y).");
        int points = Math.min(order.length, 400);
        double[] es = new double[points + 1], eb = new double[points + 1];
        double s = 0, b = 0, area = 0;
        int next = 1;
        for (int k = 0; k < order.length; ) {
            int j = k;
            double ds = 0, db = 0;
            while (j < order.length && score[order[j]] == score[order[k]]) { // a tie is one step of the curve
                if (truth[order[j]] > 0.5) ds++; else db++;
                j++;
            }
            area += db / nb * (s + ds / 2) / ns; // trapezoid: a tie counts half
            s += ds;
            b += db;
            while (next <= points && (double) j / order.length >= (double) next / points) {
                es[next] = s / ns;
                eb[next] = b / nb;
                next++;
            }
            k = j;
        }
        return new Roc(es, eb, area, deLong(score, truth, (int) ns, (int) nb));
    }

    /** DeLong's standard error of the AUC; NaN when a class has fewer than 2 events. */
    private static double deLong(double[] score, double[] truth, int ns, int nb) {
        if (ns < 2 || nb < 2) return Double.NaN;
        double[] s = new double[ns], b = new double[nb];
        int is = 0, ib = 0;
        for (int i = 0; i < score.length; i++) if (truth[i] > 0.5) s[is++] = score[i]; else b[ib++] = score[i];
        return TwoSampleTest.aucWithStandardError(s, b)[1];
    }

    /** The largest eps_S / sqrt(eps_B) at background efficiencies of at least {@code minBackgroundEfficiency}. */
    public double maxSic(double minBackgroundEfficiency) {
        double best = 0;
        for (int i = 0; i < signalEfficiency.length; i++) {
            if (backgroundEfficiency[i] >= minBackgroundEfficiency && backgroundEfficiency[i] > 0) {
                best = Math.max(best, signalEfficiency[i] / Math.sqrt(backgroundEfficiency[i]));
            }
        }
        return best;
    }
}
