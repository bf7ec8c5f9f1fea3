package org.hepml.engine.events.sim;

import org.hepml.engine.HepmlException;
import org.hepml.engine.events.FourMomenta;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A detector seen particle by particle: each generator-level particle is reconstructed with probability
 * {@code efficiency}; its pT is smeared by a Gaussian of relative width sqrt((a / sqrt(pT/GeV))^2 + b^2) (stochastic and
 * constant terms), its rapidity and azimuth by Gaussians of width {@code angular}; it is lost when the smeared pT is
 * below {@code threshold}. The mass is kept. Event i of the output is the detector-level picture of event i of the
 * input (the pairing OmniFold needs); an event may lose all its particles. Reproducible: one random stream per event,
 * split from the seed in event order.
 */
public final class ParticleDetector {
    private double efficiency = 0.9, stochastic = 0.3, constant = 0.03, angular = 0.02, threshold = 1;
    private long seed = 1;

    /** Probability that a particle is reconstructed at all. */
    public ParticleDetector efficiency(double e) {
        if (!(e > 0 && e <= 1)) throw new HepmlException("The particle efficiency must be in (0, 1], got " + e + ".");
        this.efficiency = e;
        return this;
    }

    /** pT resolution sigma/pT = a / sqrt(pT/GeV) (+) b. */
    public ParticleDetector ptResolution(double a, double b) {
        if (!(a >= 0 && b >= 0)) throw new HepmlException("The pT resolution terms must be >= 0, got " + a + " and " + b + ".");
        this.stochastic = a;
        this.constant = b;
        return this;
    }

    /** Gaussian width of the rapidity and azimuth smearing. */
    public ParticleDetector angularResolution(double sigma) {
        if (!(sigma >= 0)) throw new HepmlException("The angular resolution must be >= 0, got " + sigma + ".");
        this.angular = sigma;
        return this;
    }

    /** Smallest reconstructed pT in GeV. */
    public ParticleDetector threshold(double gev) {
        if (!(gev >= 0)) throw new HepmlException("The particle pT threshold must be >= 0 GeV, got " + gev + ".");
        this.threshold = gev;
        return this;
    }

    public ParticleDetector seed(long s) {
        this.seed = s;
        return this;
    }

    public String describe() {
        return String.format(java.util.Locale.ROOT, "efficiency %s, sigma(pT)/pT = %s/sqrt(pT) (+) %s, sigma(y) = sigma(phi) = %s, pT > %s GeV",
                efficiency, stochastic, constant, angular, threshold);
    }

    /** The detector-level particles of every event of {@code gen}. */
    public FourMomenta measure(FourMomenta gen) {
        int n = gen.events();
        int[] off = new int[n + 1];
        double[] px = new double[gen.particles()], py = new double[px.length], pz = new double[px.length], e = new double[px.length];
        SplittableRandom root = new SplittableRandom(seed);
        int k = 0;
        for (int ev = 0; ev < n; ev++) {
            SplittableRandom rng = root.split();
            for (int i = gen.first(ev), end = i + gen.count(ev); i < end; i++) {
                double x = gen.px()[i], y = gen.py()[i], z = gen.pz()[i], en = gen.e()[i];
                // every particle draws the same numbers whether or not it is kept: the streams stay aligned across settings
                boolean seen = rng.nextDouble() < efficiency;
                double g1 = rng.nextGaussian(), g2 = rng.nextGaussian(), g3 = rng.nextGaussian();
                double pt = Math.hypot(x, y);
                if (!seen || pt == 0) continue;
                double m2 = Math.max(0, en * en - x * x - y * y - z * z);
                double rap = 0.5 * Math.log((en + z) / (en - z));
                double phi = Math.atan2(y, x);
                double sigma = Math.hypot(stochastic / Math.sqrt(pt), constant);
                pt *= Math.max(0, 1 + sigma * g1);
                if (pt < threshold || pt == 0) continue;
                rap += angular * g2;
                phi += angular * g3;
                double mt = Math.sqrt(pt * pt + m2);
                px[k] = pt * Math.cos(phi);
                py[k] = pt * Math.sin(phi);
                pz[k] = mt * Math.sinh(rap);
                e[k] = mt * Math.cosh(rap);
                k++;
            }
            off[ev + 1] = k;
        }
        return new FourMomenta(off, Arrays.copyOf(px, k), Arrays.copyOf(py, k), Arrays.copyOf(pz, k), Arrays.copyOf(e, k));
    }
}
