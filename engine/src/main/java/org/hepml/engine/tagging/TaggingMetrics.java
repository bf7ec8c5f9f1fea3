package org.hepml.engine.tagging;

import org.hepml.engine.HepmlException;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;

/**
 * How well one tagger's scores (the signal probability, larger = more top-like) separate signal (label 1) from
 * background, as the top-tagging landscape paper (Kasieczka et al., SciPost Phys. 7, 014 (2019)) reports them:
 * the ROC curve, its area (the Mann-Whitney probability that a signal jet scores above a background jet, ties
 * counted half), the accuracy of the cut at 0.5, and the background rejection 1/eps_B at signal efficiency
 * eps_S = 0.3 (the cut passes the 30% highest-scoring signal jets) with its binomial error
 * sigma(1/eps_B) = sqrt(eps_B (1 - eps_B) / N_B) / eps_B^2 from the N_B background jets.
 *
 * @param signalEfficiency     eps_S at every distinct cut, from the highest score down
 * @param backgroundEfficiency eps_B at the same cuts
 * @param backgroundPassing    the background jets that pass the eps_S = 0.3 cut (0: the rejection is only bounded below)
 */
public record TaggingMetrics(double[] signalEfficiency, double[] backgroundEfficiency, double auc, double accuracy, double rejection,
                             double rejectionError, int backgroundPassing, int signal, int background) {
    public static final double WORKING_POINT = 0.3;

    public static TaggingMetrics of(double[] score, double[] labels) {
        if (score.length != labels.length) throw new HepmlException(score.length + " scores but " + labels.length + " labels.");
        int n = score.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble(i -> -score[i]));
        int ns = 0, nb = 0, right = 0;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(score[i])) throw new HepmlException("Jet " + i + " has score " + score[i] + "; scores must be finite.");
            if (labels[i] == 1) ns++;
            else nb++;
            if ((score[i] > 0.5) == (labels[i] == 1)) right++;
        }
        if (ns == 0 || nb == 0) throw new HepmlException("Tagging metrics need both signal and background jets (" + ns + " and " + nb + ").");
        double[] es = new double[n + 1], eb = new double[n + 1];
        int points = 1, s = 0, b = 0, wpB = -1;
        double area = 0;
        int needed = (int) Math.ceil(WORKING_POINT * ns);
        for (int k = 0; k < n; ) {
            int j = k, ds = 0, db = 0;
            while (j < n && score[order[j]] == score[order[k]]) { // one cut per distinct score
                if (labels[order[j]] == 1) ds++;
                else db++;
                j++;
            }
            area += db * (s + ds / 2.0);
            s += ds;
            b += db;
            if (wpB < 0 && s >= needed) wpB = b;
            es[points] = s / (double) ns;
            eb[points] = b / (double) nb;
            points++;
            k = j;
        }
        double epsB = wpB / (double) nb;
        double rejection = wpB > 0 ? 1 / epsB : Double.POSITIVE_INFINITY;
        double error = wpB > 0 ? Math.sqrt(epsB * (1 - epsB) / nb) / (epsB * epsB) : Double.NaN;
        return new TaggingMetrics(Arrays.copyOf(es, points), Arrays.copyOf(eb, points), area / ((double) ns * nb), right / (double) n,
                rejection, error, wpB, ns, nb);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "AUC %.4f, accuracy %.4f, 1/eps_B at eps_S = 0.3: %.1f +- %.1f (%d of %d background jets pass)", auc, accuracy,
                rejection, rejectionError, backgroundPassing, background);
    }
}
