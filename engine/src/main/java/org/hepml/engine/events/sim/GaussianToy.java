package org.hepml.engine.events.sim;

import org.hepml.engine.Cancelled;
import org.hepml.engine.HepmlException;
import org.hepml.engine.Progress;
import org.hepml.engine.events.Dataset;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The Gaussian toy of the OmniFold paper (Andreassen et al., PRL 124 (2020) 182001, Fig. 2): a
 * generator-level observable {@code x.gen ~ N(mu, sigma)} and its detector-level partner
 * {@code x.reco = x.gen + N(0, smearing)}. With {@code efficiency < 1} an event is reconstructed with that
 * probability only; lost events keep their generator-level value, get {@code x.reco = NaN} and
 * {@code pass_reco = 0}. The paper's settings: simulation N(0, 1), "data" N(0.2, 0.8), smearing 0.5.
 * Exact truth is known in closed form: detector-level events follow N(mu, sqrt(sigma^2 + smearing^2)).
 */
public final class GaussianToy {
    /** Events generated between progress reports and interrupt checks. */
    private static final int CHUNK = 1 << 16;

    private double mu = 0;
    private double sigma = 1;
    private double smearing = 0.5;
    private double efficiency = 1;
    private double turnOn = Double.NEGATIVE_INFINITY;
    private double turnOnWidth = 0.3;
    private double fakeRate = 0;
    private double fakeMu = 0;
    private double fakeSigma = 1;
    private long seed = 1;

    public GaussianToy mu(double mu) {
        this.mu = finite("mu", mu);
        return this;
    }

    public GaussianToy sigma(double sigma) {
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new HepmlException("sigma must be a positive number, got " + sigma + ".");
        }
        this.sigma = sigma;
        return this;
    }

    public GaussianToy smearing(double smearing) {
        if (!(smearing >= 0) || Double.isInfinite(smearing)) {
            throw new HepmlException("smearing must be zero or a positive number, got " + smearing + ".");
        }
        this.smearing = smearing;
        return this;
    }

    public GaussianToy efficiency(double efficiency) {
        if (!(efficiency > 0 && efficiency <= 1)) {
            throw new HepmlException("efficiency must be in (0, 1], got " + efficiency + ".");
        }
        this.efficiency = efficiency;
        return this;
    }

    /**
     * A detector whose efficiency depends on the generator-level value: efficiency / (1 + exp(-(x - x50) / width)),
     * so that samples with different spectra pass at different average rates through the same detector.
     */
    public GaussianToy turnOn(double x50, double width) {
        if (!(width > 0) || Double.isInfinite(width)) throw new HepmlException("the turn-on width must be a positive number, got " + width + ".");
        this.turnOn = finite("the turn-on point", x50);
        this.turnOnWidth = width;
        return this;
    }

    /**
     * Adds {@code rate * n} fakes, detector-level events without a generator-level partner ({@code x.gen = NaN}),
     * with {@code x.reco ~ N(mu, sigma)}: a background the detector makes at a fixed rate per generated event.
     */
    public GaussianToy fakes(double rate, double mu, double sigma) {
        if (!(rate >= 0 && rate < 1)) throw new HepmlException("the fake rate must be in [0, 1), got " + rate + ".");
        if (!(sigma > 0) || Double.isInfinite(sigma)) throw new HepmlException("the fakes' sigma must be a positive number, got " + sigma + ".");
        this.fakeRate = rate;
        this.fakeMu = finite("the fakes' mu", mu);
        this.fakeSigma = sigma;
        return this;
    }

    /** The probability that an event with generator-level value {@code x} is reconstructed. */
    public double efficiencyAt(double x) {
        return turnOn == Double.NEGATIVE_INFINITY ? efficiency : efficiency / (1 + Math.exp(-(x - turnOn) / turnOnWidth));
    }

    public GaussianToy seed(long seed) {
        this.seed = seed;
        return this;
    }

    public double mu() {
        return mu;
    }

    public double sigma() {
        return sigma;
    }

    public double smearing() {
        return smearing;
    }

    public double efficiency() {
        return efficiency;
    }

    /** Width of the detector-level distribution: the truth width and the smearing added in quadrature. */
    public double recoSigma() {
        return Math.hypot(sigma, smearing);
    }

    private static double finite(String what, double v) {
        if (!Double.isFinite(v)) {
            throw new HepmlException(what + " must be a finite number, got " + v + ".");
        }
        return v;
    }

    /** Generates {@code n} events (plus the fakes, if any) as a Dataset named {@code name}. Stops promptly on interrupt. */
    public Dataset generate(String name, int n) {
        if (n <= 0) {
            throw new HepmlException("The number of events must be positive, got " + n + ".");
        }
        int fakes = (int) Math.round(n * fakeRate), total = n + fakes;
        boolean losses = efficiency < 1 || turnOn != Double.NEGATIVE_INFINITY || fakes > 0;
        MemoryBudget.require(total, losses ? 3 : 2, "simulating " + total + " events");
        SplittableRandom rng = new SplittableRandom(seed);
        double[] gen = new double[total];
        double[] reco = new double[total];
        double[] pass = losses ? new double[total] : null;
        String title = String.format(Locale.ROOT, "Gaussian toy '%s'", name);
        try (Progress progress = Progress.start(title, total, "events")) {
            for (int start = 0; start < total; start += CHUNK) {
                Cancelled.check("Simulating '" + name + "'");
                int end = Math.min(total, start + CHUNK);
                for (int i = start; i < end; i++) {
                    if (i >= n) { // a fake: detector level only
                        gen[i] = Double.NaN;
                        reco[i] = fakeMu + fakeSigma * rng.nextGaussian();
                        pass[i] = 1;
                        continue;
                    }
                    double t = mu + sigma * rng.nextGaussian();
                    gen[i] = t;
                    // Draw the smearing for every event so that efficiency does not change the other events.
                    double r = t + smearing * rng.nextGaussian();
                    double eff = efficiencyAt(t);
                    boolean passed = eff >= 1 || rng.nextDouble() < eff;
                    reco[i] = passed ? r : Double.NaN;
                    if (pass != null) pass[i] = passed ? 1 : 0;
                }
                progress.update(end, "");
            }
            progress.finish(String.format(Locale.ROOT, "%,d events", total));
        }
        Dataset.Builder b = Dataset.builder(name).column("x.gen", gen).column("x.reco", reco);
        if (pass != null) b.column("pass_reco", pass);
        b.meta("simulator", "gaussian")
                .meta("mu", mu).meta("sigma", sigma).meta("smearing", smearing).meta("efficiency", efficiency);
        if (turnOn != Double.NEGATIVE_INFINITY) b.meta("turn_on", turnOn).meta("turn_on_width", turnOnWidth);
        if (fakes > 0) b.meta("fake_rate", fakeRate).meta("fake_mu", fakeMu).meta("fake_sigma", fakeSigma);
        return b.meta("seed", seed).build();
    }
}
