package org.hepml.engine.events.sim;

import org.apache.commons.math3.special.Erf;
import org.hepml.engine.HepmlException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * e+e- -> mu+mu- near the Z pole at lowest order, photon and Z exchange with massless fermions:
 * dsigma/dcos = (pi alpha^2 / 2s) [ (1 + cos^2) A + cos B ] with
 * A = Q^2 + 2 Q g_V^e g_V^mu Re chi + (g_V^e2 + g_A^e2)(g_V^mu2 + g_A^mu2) |chi|^2,
 * B = 4 Q g_A^e g_A^mu Re chi + 8 g_V^e g_A^e g_V^mu g_A^mu |chi|^2,
 * chi = s / (s - M_Z^2 + i M_Z Gamma_Z) / (4 sin^2 th_W cos^2 th_W), g_V = -1/2 + 2 sin^2 th_W, g_A = -1/2
 * (Q = Q_e Q_mu = 1). Normalised, p(cos | theta) = 3/8 (1 + cos^2) + A_FB cos with A_FB = 3B / 8A, so the
 * forward-backward asymmetry carries all the sensitivity to the parameters (sin^2 th_W and/or sqrt(s)).
 * The observable is cos(theta*) of the mu-, optionally smeared by a Gaussian detector resolution; the
 * latent variable is the true cos. Smeared, p(x | theta) = a(x) + A_FB b(x) with a, b Gaussian moments of
 * the truncated polynomial, in closed form with erf, so the likelihood stays exact.
 */
public final class ElectroweakMuonPairs implements TractableSimulator {
    public static final double MZ = 91.1876;
    public static final double GAMMA_Z = 2.4952;
    public static final double SIN2W = 0.23122;
    /** alpha(M_Z) and the GeV^-2 -> pb conversion, for the total cross section. */
    static final double ALPHA = 1 / 128.9;
    static final double GEV2_TO_PB = 0.3893794e9;
    static final List<String> KNOWN = List.of("sin2w", "sqrts");

    private final List<String> parameters;
    private final double fixedSin2w;
    private final double fixedSqrtS;
    private final double smearing;

    /**
     * @param parameters which of {@code sin2w}, {@code sqrts} are the model parameters (in that order)
     * @param sin2w      sin^2 theta_W when it is not a parameter
     * @param sqrtS      the collision energy in GeV when it is not a parameter
     * @param smearing   Gaussian resolution on cos(theta*) (0 for none)
     */
    public ElectroweakMuonPairs(List<String> parameters, double sin2w, double sqrtS, double smearing) {
        if (parameters.isEmpty() || !KNOWN.containsAll(parameters) || parameters.size() != parameters.stream().distinct().count()) {
            throw new HepmlException("ee-mumu parameters are one or both of " + KNOWN + "; got " + parameters + ".");
        }
        this.parameters = KNOWN.stream().filter(parameters::contains).toList();
        checkSin2w(sin2w);
        checkSqrtS(sqrtS);
        if (!(smearing >= 0) || smearing > 10) {
            throw new HepmlException("The cos(theta) smearing must be in [0, 10]; got " + smearing + ".");
        }
        this.fixedSin2w = sin2w;
        this.fixedSqrtS = sqrtS;
        this.smearing = smearing;
    }

    /** sin^2 theta_W as the one parameter, at the Z pole, no smearing. */
    public ElectroweakMuonPairs() {
        this(List.of("sin2w"), SIN2W, MZ, 0);
    }

    private static void checkSin2w(double s) {
        if (!(s > 0.01 && s < 0.99)) throw new HepmlException("sin2w must be in (0.01, 0.99); got " + s + ".");
    }

    private static void checkSqrtS(double e) {
        if (!(e >= 10 && e <= 500)) throw new HepmlException("sqrts must be in [10, 500] GeV; got " + e + ".");
    }

    @Override
    public String name() {
        return "ee-mumu";
    }

    @Override
    public List<String> parameters() {
        return parameters;
    }

    @Override
    public String observable() {
        return "x.cos";
    }

    public double smearing() {
        return smearing;
    }

    @Override
    public void checkTheta(double[] theta) {
        if (theta.length != parameters.size()) {
            throw new HepmlException("ee-mumu here has parameters " + parameters + " but got " + theta.length + " values.");
        }
        for (int i = 0; i < theta.length; i++) {
            if (parameters.get(i).equals("sin2w")) checkSin2w(theta[i]);
            else checkSqrtS(theta[i]);
        }
    }

    private double sin2w(double[] theta) {
        int i = parameters.indexOf("sin2w");
        return i < 0 ? fixedSin2w : theta[i];
    }

    private double sqrtS(double[] theta) {
        int i = parameters.indexOf("sqrts");
        return i < 0 ? fixedSqrtS : theta[i];
    }

    /** {A, B}: the (1 + cos^2) and cos coefficients of the angular distribution. */
    static double[] coefficients(double sin2w, double sqrtS) {
        double s = sqrtS * sqrtS;
        double kappa = 1 / (4 * sin2w * (1 - sin2w));
        double re = s * (s - MZ * MZ), im = -s * MZ * GAMMA_Z; // s * conj(denominator)
        double den = (s - MZ * MZ) * (s - MZ * MZ) + MZ * MZ * GAMMA_Z * GAMMA_Z;
        double reChi = kappa * re / den;
        double absChi2 = kappa * kappa * (re * re + im * im) / (den * den);
        double gv = -0.5 + 2 * sin2w, ga = -0.5;
        double a = 1 + 2 * gv * gv * reChi + (gv * gv + ga * ga) * (gv * gv + ga * ga) * absChi2;
        double b = 4 * ga * ga * reChi + 8 * gv * ga * gv * ga * absChi2;
        return new double[]{a, b};
    }

    static double asymmetry(double sin2w, double sqrtS) {
        double[] c = coefficients(sin2w, sqrtS);
        return 3 * c[1] / (8 * c[0]);
    }

    /** The forward-backward asymmetry at theta. */
    public double forwardBackwardAsymmetry(double[] theta) {
        return asymmetry(sin2w(theta), sqrtS(theta));
    }

    /** The total cross section sigma(e+e- -> mu+mu-) in pb at theta. */
    public double crossSection(double[] theta) {
        double e = sqrtS(theta);
        double a = coefficients(sin2w(theta), e)[0];
        return 4 * Math.PI * ALPHA * ALPHA * a / (3 * e * e) * GEV2_TO_PB;
    }

    /** grad_theta A_FB by a five-point stencil (truncation error ~ h^4, far below any statistical precision). */
    double[] asymmetryGradient(double[] theta) {
        double[] g = new double[parameters.size()];
        for (int i = 0; i < g.length; i++) {
            double h = parameters.get(i).equals("sin2w") ? 1e-4 : 1e-3;
            double[] t = theta.clone();
            double[] f = new double[4];
            double[] offsets = {-2, -1, 1, 2};
            for (int k = 0; k < 4; k++) {
                t[i] = theta[i] + offsets[k] * h;
                f[k] = forwardBackwardAsymmetry(t);
            }
            g[i] = (f[0] - 8 * f[1] + 8 * f[2] - f[3]) / (12 * h);
        }
        return g;
    }

    static double trueDensity(double c, double afb) {
        return 3.0 / 8.0 * (1 + c * c) + afb * c;
    }

    @Override
    public Path sample(double[] theta, RandomGenerator rng) {
        double afb = forwardBackwardAsymmetry(theta);
        double max = 0.75 + Math.abs(afb);
        double c;
        do {
            c = 2 * rng.nextDouble() - 1;
        } while (rng.nextDouble() * max > trueDensity(c, afb));
        double x = smearing > 0 ? c + smearing * rng.nextGaussian() : c;
        return new Path(x, 0, c);
    }

    @Override
    public double jointLogLikelihood(Path event, double[] theta) {
        return Math.log(trueDensity(event.latent(), forwardBackwardAsymmetry(theta)));
    }

    @Override
    public double[] jointScore(Path event, double[] theta) {
        double c = event.latent();
        double p = trueDensity(c, forwardBackwardAsymmetry(theta));
        double[] g = asymmetryGradient(theta);
        for (int i = 0; i < g.length; i++) g[i] *= c / p;
        return g;
    }

    /** {a(x), b(x)} with p(x | theta) = a(x) + A_FB(theta) b(x). */
    public double[] likelihoodTerms(double x) {
        if (smearing == 0) {
            if (x < -1 || x > 1) return new double[]{0, 0};
            return new double[]{3.0 / 8.0 * (1 + x * x), x};
        }
        double s = smearing;
        double u1 = (-1 - x) / s, u2 = (1 - x) / s;
        double i0 = 0.5 * Erf.erf(u1 / Math.sqrt(2), u2 / Math.sqrt(2));
        double j1 = phi(u1) - phi(u2);
        double j2 = i0 + u1 * phi(u1) - u2 * phi(u2);
        double m0 = i0, m1 = x * i0 + s * j1, m2 = x * x * i0 + 2 * x * s * j1 + s * s * j2;
        return new double[]{3.0 / 8.0 * (m0 + m2), m1};
    }

    private static double phi(double u) {
        return Math.exp(-0.5 * u * u) / Math.sqrt(2 * Math.PI);
    }

    public double likelihood(double x, double[] theta) {
        double[] ab = likelihoodTerms(x);
        return ab[0] + forwardBackwardAsymmetry(theta) * ab[1];
    }

    @Override
    public double logLikelihood(double x, double[] theta) {
        double p = likelihood(x, theta);
        if (!(p > 0)) {
            throw new HepmlException(String.format(Locale.ROOT,
                    "cos(theta) = %g is impossible for ee-mumu%s.", x, smearing == 0 ? " without smearing (|cos| <= 1)" : ""));
        }
        return Math.log(p);
    }

    @Override
    public double[] score(double x, double[] theta) {
        double[] ab = likelihoodTerms(x);
        double p = ab[0] + forwardBackwardAsymmetry(theta) * ab[1];
        double[] g = asymmetryGradient(theta);
        for (int i = 0; i < g.length; i++) g[i] *= ab[1] / p;
        return g;
    }

    /** I_ij = dA_i dA_j * integral b(x)^2 / p(x) dx, by Simpson's rule on a fine grid. */
    @Override
    public double[][] fisherInformation(double[] theta) {
        double afb = forwardBackwardAsymmetry(theta);
        double lo = smearing == 0 ? -1 : -1 - 8 * smearing, hi = -lo;
        int n = 4000;
        double h = (hi - lo) / n, integral = 0;
        for (int k = 0; k <= n; k++) {
            double[] ab = likelihoodTerms(lo + k * h);
            double p = ab[0] + afb * ab[1];
            double f = p > 0 ? ab[1] * ab[1] / p : 0;
            integral += f * (k == 0 || k == n ? 1 : k % 2 == 1 ? 4 : 2);
        }
        integral *= h / 3;
        double[] g = asymmetryGradient(theta);
        double[][] info = new double[g.length][g.length];
        for (int i = 0; i < g.length; i++) {
            for (int j = 0; j < g.length; j++) info[i][j] = g[i] * g[j] * integral;
        }
        return info;
    }

    /** The configuration, as dataset metadata (read back by {@link Simulators#of}). */
    public Map<String, String> configuration() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("parameters", String.join(",", parameters));
        out.put("sin2w", Double.toString(fixedSin2w));
        out.put("sqrts", Double.toString(fixedSqrtS));
        out.put("smearing", Double.toString(smearing));
        return out;
    }
}
