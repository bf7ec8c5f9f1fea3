package org.hepml.engine.tagging;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TaggingMetricsTest {
    /** The AUC is the Mann-Whitney probability P(s_signal > s_background) + P(tie) / 2, counted pair by pair here. */
    @Test
    void aucIsTheMannWhitneyProbability() {
        SplittableRandom r = new SplittableRandom(1);
        int n = 600;
        double[] score = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(2);
            score[i] = Math.round((r.nextGaussian() + y[i]) * 4) / 4.0; // rounded: many ties
        }
        double pairs = 0, wins = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (y[i] != 1 || y[j] != 0) continue;
                pairs++;
                wins += score[i] > score[j] ? 1 : score[i] == score[j] ? 0.5 : 0;
            }
        }
        TaggingMetrics m = TaggingMetrics.of(score, y);
        assertThat(m.auc()).isCloseTo(wins / pairs, within(1e-12));
        int right = 0;
        for (int i = 0; i < n; i++) if ((score[i] > 0.5) == (y[i] == 1)) right++;
        assertThat(m.accuracy()).isEqualTo(right / (double) n);
    }

    /** 10 signal scores 1..10 and 100 background scores: the cut passing the top 3 signal jets is 8. */
    @Test
    void rejectionAtThirtyPercentSignal() {
        double[] score = new double[110], y = new double[110];
        for (int i = 0; i < 10; i++) {
            score[i] = i + 1;
            y[i] = 1;
        }
        for (int i = 0; i < 100; i++) score[10 + i] = i < 4 ? 8.5 : i < 6 ? 8 : 0.1 * i / 100; // 6 background jets at >= 8
        TaggingMetrics m = TaggingMetrics.of(score, y);
        assertThat(m.backgroundPassing()).isEqualTo(6);
        assertThat(m.rejection()).isCloseTo(100 / 6.0, within(1e-12));
        double eb = 0.06;
        assertThat(m.rejectionError()).isCloseTo(Math.sqrt(eb * (1 - eb) / 100) / (eb * eb), within(1e-12));
    }

    /**
     * The binomial error against the spread over independent pseudo test sets: background scores N(0, 1), signal
     * N(1.5, 1), 2000 of each; the eps_S = 0.3 cut sits at 2.02, eps_B = 2.2%, about 43 passing background jets.
     * Over 400 pseudo sets the sample sd is known to 3.5%: the mean reported error must match the spread within
     * 0.75..1.15. The binomial error leaves out that the cut moves with the signal sample (sd of eps_S at fixed cut:
     * sqrt(0.3 * 0.7 / 2000) = 1%, moving eps_B by about 6% of itself, a quarter of the binomial 15%), so the
     * reported error may fall a few percent short of the spread, never above it.
     */
    @Test
    void binomialErrorMatchesTheSpreadOverPseudoData() {
        SplittableRandom r = new SplittableRandom(2);
        int sets = 400, n = 2000;
        double s = 0, s2 = 0, err = 0;
        for (int k = 0; k < sets; k++) {
            double[] score = new double[2 * n], y = new double[2 * n];
            for (int i = 0; i < n; i++) {
                score[i] = 1.5 + r.nextGaussian();
                y[i] = 1;
                score[n + i] = r.nextGaussian();
            }
            TaggingMetrics m = TaggingMetrics.of(score, y);
            s += m.rejection();
            s2 += m.rejection() * m.rejection();
            err += m.rejectionError() / sets;
        }
        double mean = s / sets, sd = Math.sqrt((s2 - sets * mean * mean) / (sets - 1));
        assertThat(err / sd).isBetween(0.75, 1.15);
    }
}
