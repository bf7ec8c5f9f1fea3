package org.hepml.engine.jets.emd;

import org.hepml.engine.HepmlException;

import java.util.Arrays;
import java.util.Locale;

/**
 * A k-nearest-neighbour classifier in the EMD's metric space of jets (the tagging baseline of Komiske, Metodiev,
 * Thaler, PRL 123 (2019) 041801, Fig. 3): a jet gets the label most of its k nearest training jets have. Its score is
 * the fraction of signal (label 1) among the neighbours, so it also gives a (coarse) ROC curve.
 */
public final class EmdNearestNeighbours {
    private final EnergyMoversDistance emd;
    private final int k;
    private final ParticleSets training;
    private final int[] labels;

    /**
     * @param labels 0 (background) or 1 (signal) for every training set
     * @param k      neighbours that vote (odd k avoids ties; an even tie goes to the nearest neighbour's label)
     */
    public EmdNearestNeighbours(EnergyMoversDistance emd, int k, ParticleSets training, int[] labels) {
        if (k < 1) throw new HepmlException("EMD k-nearest neighbours: k must be at least 1, not " + k + ".");
        if (labels.length != training.size()) {
            throw new HepmlException("EMD k-nearest neighbours: " + labels.length + " labels for " + training.size()
                    + " training jets; give one label (0 or 1) per jet.");
        }
        if (k > training.size()) {
            throw new HepmlException("EMD k-nearest neighbours: k = " + k + " but only " + training.size() + " training jets.");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new HepmlException("EMD k-nearest neighbours: label " + labels[i] + " of training jet " + i
                        + "; labels are 0 (background) or 1 (signal).");
            }
        }
        this.emd = emd;
        this.k = k;
        this.training = training;
        this.labels = labels.clone();
    }

    /**
     * What the classifier says of some jets.
     *
     * @param score     fraction of signal among each jet's k nearest training jets
     * @param predicted the majority label
     */
    public record Prediction(double[] score, int[] predicted) {
    }

    /** Classifies {@code jets} (computes their EMD to every training jet, in parallel, with progress). */
    public Prediction predict(ParticleSets jets) {
        return fromDistances(emd.pairwise(jets, training));
    }

    /** Classifies from a precomputed matrix {@code distances[jet][trainingJet]}. */
    public Prediction fromDistances(double[][] distances) {
        int n = distances.length;
        double[] score = new double[n];
        int[] predicted = new int[n];
        Integer[] order = new Integer[training.size()];
        for (int a = 0; a < n; a++) {
            if (distances[a].length != training.size()) {
                throw new HepmlException("EMD k-nearest neighbours: row " + a + " has " + distances[a].length
                        + " distances, expected one per training jet (" + training.size() + ").");
            }
            double[] d = distances[a];
            for (int t = 0; t < order.length; t++) order[t] = t;
            // ties in distance keep training order, so the answer does not depend on the sort's whims
            Arrays.sort(order, (x, y) -> Double.compare(d[x], d[y]));
            int signal = 0;
            for (int t = 0; t < k; t++) signal += labels[order[t]];
            score[a] = (double) signal / k;
            predicted[a] = 2 * signal > k ? 1 : 2 * signal < k ? 0 : labels[order[0]];
        }
        return new Prediction(score, predicted);
    }

    /**
     * Accuracy on labelled jets with its binomial standard error sqrt(p(1-p)/n).
     */
    public record Accuracy(double accuracy, double standardError, int correct, int jets, int k) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "EMD %d-NN accuracy %.3f ± %.3f (%d of %d jets)", k, accuracy, standardError, correct, jets);
        }
    }

    public Accuracy accuracy(ParticleSets jets, int[] truth) {
        if (truth.length != jets.size()) {
            throw new HepmlException("EMD k-nearest neighbours: " + truth.length + " labels for " + jets.size() + " jets.");
        }
        return accuracy(predict(jets), truth);
    }

    public Accuracy accuracy(Prediction p, int[] truth) {
        int correct = 0, n = truth.length;
        if (p.predicted().length != n) {
            throw new HepmlException("EMD k-nearest neighbours: " + n + " labels for " + p.predicted().length + " predictions.");
        }
        for (int a = 0; a < n; a++) if (p.predicted()[a] == truth[a]) correct++;
        double acc = n == 0 ? Double.NaN : (double) correct / n;
        return new Accuracy(acc, Math.sqrt(acc * (1 - acc) / n), correct, n, k);
    }
}
