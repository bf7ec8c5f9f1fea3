package org.hepml.engine.unfold;

/**
 * How close an unfolded histogram is to the truth (docs/REFERENCE.md section 4): the triangular discriminator
 * Delta(p, q) = 1/2 sum (p_i - q_i)^2 / (p_i + q_i) on unit-normalised histograms (quoted x 10^3), and
 * chi^2 / ndf with the uncertainties of both histograms.
 */
public final class UnfoldingMetrics {
    private UnfoldingMetrics() {
    }

    public static double triangularDiscriminator(double[] p, double[] q) {
        double sp = 0, sq = 0;
        for (double v : p) sp += v;
        for (double v : q) sq += v;
        double d = 0;
        for (int i = 0; i < p.length; i++) {
            double a = p[i] / sp, b = q[i] / sq;
            if (a + b > 0) d += (a - b) * (a - b) / (a + b);
        }
        return 0.5 * d;
    }

    /** chi^2 / ndf over bins where either error is non-zero; errors are added in quadrature. */
    public static double chi2PerNdf(double[] a, double[] errA, double[] b, double[] errB) {
        double chi2 = 0;
        int ndf = 0;
        for (int i = 0; i < a.length; i++) {
            double var = errA[i] * errA[i] + errB[i] * errB[i];
            if (var <= 0) continue;
            chi2 += (a[i] - b[i]) * (a[i] - b[i]) / var;
            ndf++;
        }
        return ndf == 0 ? Double.NaN : chi2 / ndf;
    }
}
