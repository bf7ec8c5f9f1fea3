package org.hepml.engine.events.sim;

import org.hepml.engine.Cancelled;
import org.hepml.engine.HepmlException;
import org.hepml.engine.Progress;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.FourMomenta;
import org.hepml.engine.events.ParticleEvents;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Boosted top-quark and QCD jets as particle lists, with structure known by construction (docs/JETS.md):
 * <ol>
 * <li><b>Hard process.</b> A top (label y = 1) or a light quark or gluon (y = 0) with pT uniform in
 * [ptMin, ptMax], rapidity uniform in [-yMax, yMax], phi uniform. The top mass is Breit-Wigner
 * (172.5, 1.4) GeV, t -> b W isotropic in the top frame with m_b = 4.8 GeV and a Breit-Wigner (80.4, 2.1) GeV W,
 * W -> q q' in the W frame with the Standard Model's helicity fractions (longitudinal 0.687, left-handed 0.311,
 * right-handed 0.002: the decay angle to the W's flight follows (3/4)(1 - c^2), (3/8)(1 -+ c)^2; massless quarks);
 * everything boosted to the lab.</li>
 * <li><b>Parton shower.</b> Each quark (C_F = 4/3) or gluon (C_A = 3) radiates gluons with the soft-collinear
 * density dP = (2 alpha_s C / pi) (d theta / theta) (dz / z), angle-ordered: emission angles fall below the
 * previous one (and below theta_max: the b-W angle for the b; {@code cone} for a QCD parton), gluons radiate in
 * turn inside their own emission angle. The W's quarks radiate as one colour-singlet dipole in the W's rest frame
 * ({@link #singletDipoleEmissions}: flat in rapidity along the dipole, ordered in k_t, the recoil shared so that
 * four-momentum is kept), which boosted to the lab is the singlet's antenna pattern; with {@code standardModelW(false)}
 * each quark showers on its own inside the q-q' opening angle instead. Emissions are
 * generated with the veto algorithm (z log-uniform in [1e-4, 1/2], vetoed below the cut-off k_t = z E theta <
 * 1 GeV), so the Sudakov factor is exact for this density. A b quark's emissions are further vetoed by the dead
 * cone, accepted with probability (theta^2 / (theta^2 + theta_0^2))^2, theta_0 = m_b / E (the quasi-collinear
 * limit of the massive splitting function). A splitting keeps three-momentum; partons keep their mass (0, or 4.8 GeV
 * for the b).</li>
 * <li><b>Hadronisation-like spreading.</b> A light parton of energy E becomes 1 + Poisson(nu ln(1 + E / 1 GeV))
 * pions sharing its momentum with flat (Dirichlet) fractions plus Gaussian transverse kicks (0.3 GeV per component,
 * summing to zero). (Gluon jets end with ~1.6 times a quark jet's particles, from the shower's colour factors alone,
 * as measured at the LHC; docs/JETS.md.) A b quark first gives a B hadron
 * (5.279 GeV) the fraction x of its momentum, drawn from the Peterson function with epsilon_b = 0.006 (mean x 0.83);
 * the rest spreads as a light quark's. The B decays in its rest frame by isotropic two-body steps: 21% semileptonically
 * to D l nu (the neutrino is lost), otherwise to D plus a pion system; the D to K pi pi. So a b prong holds a few
 * hard, wider-spread decay products (angles ~ m_B / E) where a light prong has collinear pions. With
 * {@code flavouredHadronisation(false)} the b spreads as a light quark and has no dead cone (the first model, kept for
 * comparison).</li>
 * <li><b>Detector.</b> Two thirds of the hadrons are charged (momentum smeared 1%), the rest neutral (energy smeared
 * 50%/sqrt(E) + 5%, direction by 0.01 in eta and phi), all scaled by {@code smearing}; particles with pT below the
 * threshold or outside the acceptance |eta| < 2.5 are lost.</li>
 * </ol>
 * QCD jets are gluons ({@code gluonFraction}), b quarks ({@code bFraction} of the quark jets) or light quarks.
 * Each event is one jet's particles. Columns: y, truth.pt, truth.y, truth.phi (the top or parton), truth.m_top and
 * truth.m_w (NaN for QCD), truth.gluon (1 gluon, 0 quark, NaN for top), truth.b (1 when the jet holds a b quark: every
 * top, and the QCD b jets), n_particles. Reproducible: the same seed and
 * settings give the same events, whatever the number of threads.
 */
public final class TopQcdJets {
    public static final double TOP_MASS = 172.5, TOP_WIDTH = 1.4, W_MASS = 80.4, W_WIDTH = 2.1, B_MASS = 4.8;
    private static final double PION = 0.13957, CF = 4.0 / 3, CA = 3, Z_FLOOR = 1e-4, KT_CUT = 1.0;
    // hadron masses (PDG) and the B's semileptonic branching fraction
    static final double B_HADRON = 5.279, D_MESON = 1.865, KAON = 0.4937, ELECTRON = 0.000511, B_SEMILEPTONIC = 0.21;
    static final double PETERSON_EPSILON = 0.006;
    // the W helicity fractions in t -> b W (the right-handed one is the rest, 0.002)
    static final double W_LONGITUDINAL = 0.687, W_LEFT = 0.311;
    private static final double PETERSON_MAX = petersonMax();
    private static final int CHUNK = 1024;

    private double ptMin = 550, ptMax = 650, yMax = 1;
    private double topFraction = 0.5, gluonFraction = 0.5, bFraction = 0.05;
    private double etaMax = 2.5, alphaS = 0.12, cone = 0.8, hadronMultiplicity = 1.5, smearing = 1, threshold = 0.5;
    private boolean hadronise = true, flavoured = true, standardModelW = true;
    private long seed = 1;

    /** Jet (top or parton) pT range in GeV, uniform. */
    public TopQcdJets pt(double min, double max) {
        if (!(min > 10 && max >= min)) throw new HepmlException("The jet pT range must have 10 < min <= max GeV, got [" + min + ", " + max + "].");
        this.ptMin = min;
        this.ptMax = max;
        return this;
    }

    /** Fraction of top jets (label 1); 1 makes only tops, 0 only QCD. */
    public TopQcdJets topFraction(double f) {
        if (!(f >= 0 && f <= 1)) throw new HepmlException("The top fraction must be in [0, 1], got " + f + ".");
        this.topFraction = f;
        return this;
    }

    /** Fraction of gluons among the QCD jets. */
    public TopQcdJets gluonFraction(double f) {
        if (!(f >= 0 && f <= 1)) throw new HepmlException("The gluon fraction must be in [0, 1], got " + f + ".");
        this.gluonFraction = f;
        return this;
    }

    /** Fraction of b quarks among the QCD quark jets (0.05 by default). */
    public TopQcdJets bFraction(double f) {
        if (!(f >= 0 && f <= 1)) throw new HepmlException("The b fraction must be in [0, 1], got " + f + ".");
        this.bFraction = f;
        return this;
    }

    /**
     * Heavy flavour in the hadronisation (on by default): a b quark gives a B hadron that decays, and its shower has the
     * dead cone. Off: a b spreads as a light quark.
     */
    public TopQcdJets flavouredHadronisation(boolean on) {
        this.flavoured = on;
        return this;
    }

    /**
     * The W of a top decay as in the Standard Model (on by default): its decay angle follows the helicity fractions and
     * its quarks radiate as one colour-singlet dipole in the W's rest frame. Off: the W decays isotropically and each
     * quark showers on its own inside the quarks' opening angle (the first two models).
     */
    public TopQcdJets standardModelW(boolean on) {
        this.standardModelW = on;
        return this;
    }

    /** Radiation strength: the fixed coupling of the shower (0 = no radiation). */
    public TopQcdJets alphaS(double a) {
        if (!(a >= 0 && a < 1)) throw new HepmlException("alpha_s must be in [0, 1), got " + a + ".");
        this.alphaS = a;
        return this;
    }

    /** Largest emission angle of a QCD jet's parton. */
    public TopQcdJets cone(double c) {
        if (!(c > 0 && c <= 3)) throw new HepmlException("The QCD cone angle must be in (0, 3], got " + c + ".");
        this.cone = c;
        return this;
    }

    /** Hadrons per unit ln(E) of a parton (nu above); {@code hadronise(false)} keeps the partons as the particles. */
    public TopQcdJets hadronMultiplicity(double nu) {
        if (!(nu >= 0)) throw new HepmlException("The hadron multiplicity must be >= 0, got " + nu + ".");
        this.hadronMultiplicity = nu;
        return this;
    }

    public TopQcdJets hadronise(boolean on) {
        this.hadronise = on;
        return this;
    }

    /** Detector resolution scale: 1 as documented, 0 none. */
    public TopQcdJets smearing(double s) {
        if (!(s >= 0)) throw new HepmlException("The smearing scale must be >= 0, got " + s + ".");
        this.smearing = s;
        return this;
    }

    /** Particle pT threshold in GeV (and |eta| < 2.5); 0 keeps every particle whatever its pT. */
    public TopQcdJets threshold(double gev) {
        if (!(gev >= 0)) throw new HepmlException("The particle pT threshold must be >= 0 GeV, got " + gev + ".");
        this.threshold = gev;
        return this;
    }

    /** The detector's acceptance |eta| < etaMax (2.5 by default; infinity keeps everything). */
    public TopQcdJets acceptance(double etaMax) {
        if (!(etaMax > 0)) throw new HepmlException("The acceptance |eta| < etaMax needs etaMax > 0, got " + etaMax + ".");
        this.etaMax = etaMax;
        return this;
    }

    public TopQcdJets seed(long s) {
        this.seed = s;
        return this;
    }

    public ParticleEvents generate(String name, int n) {
        if (n <= 0) throw new HepmlException("The number of jets must be positive, got " + n + ".");
        MemoryBudget.require((long) n * 60, 4, "simulating " + n + " jets of about 60 particles");
        int chunks = (n + CHUNK - 1) / CHUNK;
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom[] rngs = new SplittableRandom[chunks];
        for (int c = 0; c < chunks; c++) rngs[c] = root.split();  // in chunk order: the same events with any thread count
        Chunk[] out = new Chunk[chunks];
        double[][] truth = new double[9][n];
        Thread caller = Thread.currentThread();
        AtomicLong done = new AtomicLong();
        try (Progress progress = Progress.start("Top/QCD jets '" + name + "'", n, "jets")) {
            IntStream.range(0, chunks).parallel().forEach(c -> {
                if (caller.isInterrupted()) throw new Cancelled("Simulating '" + name + "'");
                int from = c * CHUNK, to = Math.min(n, from + CHUNK);
                out[c] = new Generator(rngs[c]).run(from, to, truth);
                synchronized (progress) {
                    progress.update(done.addAndGet(to - from), "");
                }
            });
            progress.finish(String.format(Locale.ROOT, "%,d jets", n));
        }
        int total = 0;
        for (Chunk c : out) total += c.size;
        int[] off = new int[n + 1];
        double[] px = new double[total], py = new double[total], pz = new double[total], e = new double[total];
        int ev = 0, k = 0;
        for (Chunk c : out) {
            for (int cnt : c.counts) {
                off[ev + 1] = off[ev] + cnt;
                truth[7][ev] = cnt;
                ev++;
            }
            System.arraycopy(c.px, 0, px, k, c.size);
            System.arraycopy(c.py, 0, py, k, c.size);
            System.arraycopy(c.pz, 0, pz, k, c.size);
            System.arraycopy(c.e, 0, e, k, c.size);
            k += c.size;
        }
        Dataset d = Dataset.builder(name).column("y", truth[0]).column("truth.pt", truth[1]).column("truth.y", truth[2])
                .column("truth.phi", truth[3]).column("truth.m_top", truth[4]).column("truth.m_w", truth[5])
                .column("truth.gluon", truth[6]).column("truth.b", truth[8]).column("n_particles", truth[7])
                .meta("simulator", "top-qcd-jets").meta("seed", seed)
                .meta("jet pT", String.format(Locale.ROOT, "[%s, %s] GeV, |y| < %s", ptMin, ptMax, yMax))
                .meta("top fraction", topFraction).meta("gluon fraction", gluonFraction).meta("b fraction", bFraction)
                .meta("b quarks", flavoured ? "B hadrons, dead cone" : "spread as light quarks")
                .meta("alpha_s", alphaS)
                .meta("qcd cone", cone).meta("hadronise", hadronise ? "nu = " + hadronMultiplicity : "no")
                .meta("smearing", smearing).meta("threshold", threshold + " GeV").meta("acceptance", "|eta| < " + etaMax).build();
        FourMomenta particles = new FourMomenta(off, px, py, pz, e);
        for (var c : particles.columns().values()) d = d.withJagged(c); // the same arrays, no copy
        return new ParticleEvents(d, particles);
    }

    private record Chunk(int[] counts, double[] px, double[] py, double[] pz, double[] e, int size) {
    }

    /** One chunk's events with one random stream; scratch arrays for partons and particles. */
    private final class Generator {
        final SplittableRandom rng;
        // partons waiting to shower: momentum, colour factor, largest angle
        double[] qx = new double[64], qy = new double[64], qz = new double[64], qm = new double[64], qc = new double[64], qt = new double[64];
        int partons;
        // final partons
        double[] fx = new double[64], fy = new double[64], fz = new double[64], fm = new double[64];
        int finals;
        double[] px = new double[4096], py = new double[4096], pz = new double[4096], e = new double[4096];
        int size;

        Generator(SplittableRandom rng) {
            this.rng = rng;
        }

        Chunk run(int from, int to, double[][] truth) {
            int[] counts = new int[to - from];
            for (int ev = from; ev < to; ev++) {
                int start = size;
                partons = 0;
                finals = 0;
                double pt = ptMin + (ptMax - ptMin) * rng.nextDouble();
                double y = yMax * (2 * rng.nextDouble() - 1), phi = Math.PI * (2 * rng.nextDouble() - 1);
                boolean top = rng.nextDouble() < topFraction;
                truth[0][ev] = top ? 1 : 0;
                truth[1][ev] = pt;
                truth[2][ev] = y;
                truth[3][ev] = phi;
                if (top) {
                    double[] masses = topDecay(pt, y, phi);
                    truth[4][ev] = masses[0];
                    truth[5][ev] = masses[1];
                    truth[6][ev] = Double.NaN;
                    truth[8][ev] = 1;
                } else {
                    boolean gluon = rng.nextDouble() < gluonFraction;
                    boolean b = !gluon && bFraction > 0 && rng.nextDouble() < bFraction;
                    push(pt * Math.cos(phi), pt * Math.sin(phi), pt * Math.sinh(y), b ? B_MASS : 0, gluon ? CA : CF, cone);
                    truth[4][ev] = truth[5][ev] = Double.NaN;
                    truth[6][ev] = gluon ? 1 : 0;
                    truth[8][ev] = b ? 1 : 0;
                }
                shower();
                for (int f = 0; f < finals; f++) {
                    if (!hadronise) detect(fx[f], fy[f], fz[f], fm[f]);
                    else if (flavoured && fm[f] > 0) bHadronise(fx[f], fy[f], fz[f]);
                    else hadronise(fx[f], fy[f], fz[f]);
                }
                counts[ev - from] = size - start;
            }
            return new Chunk(counts, px, py, pz, e, size);
        }

        /** Puts b, q, q' on the shower stack; returns {m_top, m_W}. */
        double[] topDecay(double pt, double y, double phi) {
            double mt = breitWigner(TOP_MASS, TOP_WIDTH, B_MASS + 60), mw;
            do {
                mw = breitWigner(W_MASS, W_WIDTH, 40);
            } while (mw > mt - B_MASS - 1);
            // t -> b W in the top frame
            double p = twoBody(mt, B_MASS, mw);
            double[] u = isotropic();
            double[] b = {p * u[0], p * u[1], p * u[2], Math.sqrt(p * p + B_MASS * B_MASS)};
            double[] w = {-p * u[0], -p * u[1], -p * u[2], Math.sqrt(p * p + mw * mw)};
            // W -> q q' in the W frame at the helicity angle theta* to the W's flight in the top frame, then to the top frame
            double[] v = standardModelW ? rotate(-u[0], -u[1], -u[2], Math.acos(helicityCosine()), 2 * Math.PI * rng.nextDouble())
                    : isotropic();
            double h = mw / 2;
            double[] q1 = {h * v[0], h * v[1], h * v[2], h}, q2 = {-h * v[0], -h * v[1], -h * v[2], h};
            // top frame -> lab: top with (pt, y, phi, mt)
            double mT = Math.sqrt(pt * pt + mt * mt);
            double[] topLab = {pt * Math.cos(phi), pt * Math.sin(phi), mT * Math.sinh(y), mT * Math.cosh(y)};
            b = boost(b, topLab);
            if (standardModelW) {
                double[] wLab = boost(w, topLab);
                push(b[0], b[1], b[2], B_MASS, CF, angle(b[0], b[1], b[2], wLab[0], wLab[1], wLab[2]));
                singletDipole(q1, q2, mw, w, topLab);
                return new double[]{mt, mw};
            }
            q1 = boost(boost(q1, w), topLab);
            q2 = boost(boost(q2, w), topLab);
            push(b[0], b[1], b[2], B_MASS, CF, angle(b[0], b[1], b[2], q1[0] + q2[0], q1[1] + q2[1], q1[2] + q2[2]));
            double qq = angle(q1[0], q1[1], q1[2], q2[0], q2[1], q2[2]);
            push(q1[0], q1[1], q1[2], 0, CF, qq);
            push(q2[0], q2[1], q2[2], 0, CF, qq);
            return new double[]{mt, mw};
        }

        /**
         * The W's quarks radiate as one colour-singlet dipole ({@link #singletDipoleEmissions}, in the W frame about the
         * quarks' first axis). The quark pair takes each gluon's recoil together, keeping four-momentum: the pair's
         * system becomes P - k, in whose rest frame the quarks are put back to back along q1's direction there, so the
         * W's decay products always add up to the W. An emission is skipped if it would take more than half the pair's
         * energy in the pair's frame (z above 1/2, the shower's rule). Boosted to the lab this is the dipole's antenna
         * pattern: radiation leans into the region between the quarks and is depleted outside them, the colour flow a
         * singlet has and a QCD prong pair lacks (the origin of jet pull). Each gluon then showers inside its angle to
         * the quark of its hemisphere; the quarks need no shower of their own (the dipole covered their collinear regions).
         */
        void singletDipole(double[] q1, double[] q2, double mw, double[] wTop, double[] topLab) {
            double ax = q1[0] / q1[3], ay = q1[1] / q1[3], az = q1[2] / q1[3];  // the dipole axis, along q1
            int firstGluon = partons;
            for (double[] em : singletDipoleEmissions(rng, alphaS, mw)) {
                double omega = em[0] * Math.cosh(em[1]);
                double[] dir = rotate(ax, ay, az, 2 * Math.atan(Math.exp(-em[1])), em[2]);
                double[] g = {omega * dir[0], omega * dir[1], omega * dir[2], omega};
                double[] pair = {q1[0] + q2[0], q1[1] + q2[1], q1[2] + q2[2], q1[3] + q2[3]};
                double m2 = pair[3] * pair[3] - pair[0] * pair[0] - pair[1] * pair[1] - pair[2] * pair[2];
                double pg = pair[3] * g[3] - pair[0] * g[0] - pair[1] * g[1] - pair[2] * g[2];  // = M omega' in the pair's frame
                if (pg > m2 / 4) continue;
                double[] rest = {pair[0] - g[0], pair[1] - g[1], pair[2] - g[2], pair[3] - g[3]};
                double h = Math.sqrt(m2 - 2 * pg) / 2;
                double[] n = boost(q1, new double[]{-rest[0], -rest[1], -rest[2], rest[3]});
                double len = Math.sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
                double[] a1 = boost(new double[]{h * n[0] / len, h * n[1] / len, h * n[2] / len, h}, rest);
                double[] a2 = boost(new double[]{-h * n[0] / len, -h * n[1] / len, -h * n[2] / len, h}, rest);
                System.arraycopy(a1, 0, q1, 0, 4);
                System.arraycopy(a2, 0, q2, 0, 4);
                double[] gl = boost(boost(g, wTop), topLab);
                // the hemisphere rides in the colour factor's sign until the quarks are known in the lab
                push(gl[0], gl[1], gl[2], 0, em[1] > 0 ? CA : -CA, 0);
            }
            double[] l1 = boost(boost(q1, wTop), topLab), l2 = boost(boost(q2, wTop), topLab);
            for (int k = firstGluon; k < partons; k++) {
                double[] q = qc[k] > 0 ? l1 : l2;
                qt[k] = angle(qx[k], qy[k], qz[k], q[0], q[1], q[2]);
                qc[k] = CA;
            }
            push(l1[0], l1[1], l1[2], 0, 0, 0);
            push(l2[0], l2[1], l2[2], 0, 0, 0);
        }

        /**
         * cos theta* of the W's down-type daughter: a W from a top decay is longitudinal (3/4)(1 - c^2), left-handed
         * (3/8)(1 - c)^2 or right-handed (3/8)(1 + c)^2 with the Standard Model's fractions (NNLO, Czarnecki, Koerner,
         * Piclum 2010); the longitudinal part by rejection, the transverse ones by inverting their distributions.
         */
        double helicityCosine() {
            double r = rng.nextDouble();
            if (r < W_LONGITUDINAL) {
                while (true) {
                    double c = 2 * rng.nextDouble() - 1;
                    if (rng.nextDouble() < 1 - c * c) return c;
                }
            }
            if (r < W_LONGITUDINAL + W_LEFT) return 1 - 2 * Math.cbrt(1 - rng.nextDouble());
            return 2 * Math.cbrt(rng.nextDouble()) - 1;
        }

        /** Angle-ordered soft-collinear emissions, every parton on the stack until none is left. */
        void shower() {
            while (partons > 0) {
                int k = --partons;
                double x = qx[k], y = qy[k], z = qz[k], mass = qm[k], c = qc[k], theta = qt[k];
                double a = 2 * alphaS * c / Math.PI, lnz = Math.log(0.5 / Z_FLOOR);
                while (a > 0) {
                    double energy = Math.sqrt(x * x + y * y + z * z);
                    theta *= Math.exp(-exponential() / (a * lnz));
                    if (theta * 0.5 * energy < KT_CUT) break;  // no emission above the cut-off is left
                    double zg = Z_FLOOR * Math.exp(lnz * rng.nextDouble());
                    if (zg * energy * theta < KT_CUT) continue;  // veto: below the cut-off
                    if (mass > 0 && flavoured) {  // veto: the dead cone of a massive quark
                        double t0 = mass / Math.sqrt(energy * energy + mass * mass), r = theta * theta / (theta * theta + t0 * t0);
                        if (rng.nextDouble() >= r * r) continue;
                    }
                    double[] dir = rotate(x / energy, y / energy, z / energy, theta, 2 * Math.PI * rng.nextDouble());
                    double k0 = zg * energy;
                    double gx = k0 * dir[0], gy = k0 * dir[1], gz = k0 * dir[2];
                    push(gx, gy, gz, 0, CA, theta);
                    x -= gx;
                    y -= gy;
                    z -= gz;
                }
                if (finals == fx.length) {
                    fx = Arrays.copyOf(fx, 2 * finals);
                    fy = Arrays.copyOf(fy, 2 * finals);
                    fz = Arrays.copyOf(fz, 2 * finals);
                    fm = Arrays.copyOf(fm, 2 * finals);
                }
                fx[finals] = x;
                fy[finals] = y;
                fz[finals] = z;
                fm[finals] = mass;
                finals++;
            }
        }

        void hadronise(double x, double y, double z) {
            double p = Math.sqrt(x * x + y * y + z * z);
            int n = 1 + poisson(hadronMultiplicity * Math.log1p(p));
            double[] f = new double[n], k1 = new double[n], k2 = new double[n];
            double sum = 0, m1 = 0, m2 = 0;
            for (int i = 0; i < n; i++) {
                f[i] = exponential();
                sum += f[i];
                k1[i] = n == 1 ? 0 : 0.3 * rng.nextGaussian();
                k2[i] = n == 1 ? 0 : 0.3 * rng.nextGaussian();
                m1 += k1[i] / n;
                m2 += k2[i] / n;
            }
            // two unit vectors across the parton's direction
            double[] u = perpendicular(x / p, y / p, z / p);
            double vx = (y * u[2] - z * u[1]) / p, vy = (z * u[0] - x * u[2]) / p, vz = (x * u[1] - y * u[0]) / p;
            for (int i = 0; i < n; i++) {
                double fi = f[i] / sum, a = k1[i] - m1, b = k2[i] - m2;
                detect(fi * x + a * u[0] + b * vx, fi * y + a * u[1] + b * vy, fi * z + a * u[2] + b * vz, PION);
            }
        }

        /** A b quark: a B hadron with the Peterson fraction x of its momentum, the rest spread as a light quark's. */
        void bHadronise(double x, double y, double z) {
            double xb = petersonFraction(rng);
            double bx = xb * x, by = xb * y, bz = xb * z;
            decayB(new double[]{bx, by, bz, Math.sqrt(bx * bx + by * by + bz * bz + B_HADRON * B_HADRON)});
            hadronise((1 - xb) * x, (1 - xb) * y, (1 - xb) * z);
        }

        /** B -> D l nu (21%; the neutrino escapes) or D + pions, by isotropic two-body steps in each rest frame. */
        void decayB(double[] b) {
            double[][] dx;
            if (rng.nextDouble() < B_SEMILEPTONIC) {
                double mLepNu = ELECTRON + (B_HADRON - D_MESON - ELECTRON) * rng.nextDouble();
                dx = twoBodyDecay(b, D_MESON, mLepNu);
                double[][] ln = twoBodyDecay(dx[1], ELECTRON, 0);
                emit(ln[0], ELECTRON);  // ln[1], the neutrino, is not seen
            } else {
                double mX = 2 * PION + (B_HADRON - D_MESON - 2 * PION) * rng.nextDouble();
                dx = twoBodyDecay(b, D_MESON, mX);
                decayToPions(dx[1], mX);
            }
            double mY = 2 * PION + (D_MESON - KAON - 2 * PION) * rng.nextDouble();
            double[][] ky = twoBodyDecay(dx[0], KAON, mY);
            emit(ky[0], KAON);
            decayToPions(ky[1], mY);
        }

        /** A pion system of mass m: two pions, or (above three pion masses, half the time) a pion and a lighter system. */
        void decayToPions(double[] p, double m) {
            if (m > 3 * PION && rng.nextBoolean()) {
                double mRest = 2 * PION + (m - 3 * PION) * rng.nextDouble();
                double[][] d = twoBodyDecay(p, PION, mRest);
                emit(d[0], PION);
                decayToPions(d[1], mRest);
            } else {
                double[][] d = twoBodyDecay(p, PION, PION);
                emit(d[0], PION);
                emit(d[1], PION);
            }
        }

        /** The lab four-momenta of an isotropic two-body decay of {@code parent} into masses m1 and m2. */
        double[][] twoBodyDecay(double[] parent, double m1, double m2) {
            double m = Math.sqrt(Math.max(0, parent[3] * parent[3] - parent[0] * parent[0] - parent[1] * parent[1] - parent[2] * parent[2]));
            double q = twoBody(m, m1, m2);
            double[] u = isotropic();
            double[] a = {q * u[0], q * u[1], q * u[2], Math.sqrt(q * q + m1 * m1)};
            double[] c = {-q * u[0], -q * u[1], -q * u[2], Math.sqrt(q * q + m2 * m2)};
            return new double[][]{boost(a, parent), boost(c, parent)};
        }

        void emit(double[] p, double mass) {
            detect(p[0], p[1], p[2], mass);
        }

        void detect(double x, double y, double z, double mass) {
            if (smearing > 0) {
                if (rng.nextDouble() < 2.0 / 3) {
                    double s = 1 + smearing * 0.01 * rng.nextGaussian();
                    x *= s;
                    y *= s;
                    z *= s;
                } else {
                    double pt = Math.hypot(x, y), eta = asinh(z / pt), phi = Math.atan2(y, x);
                    double en = Math.sqrt(x * x + y * y + z * z + mass * mass);
                    double res = Math.hypot(0.5 / Math.sqrt(en), 0.05) * smearing;
                    double s = Math.max(0, 1 + res * rng.nextGaussian());
                    eta += 0.01 * smearing * rng.nextGaussian();
                    phi += 0.01 * smearing * rng.nextGaussian();
                    pt *= s;
                    x = pt * Math.cos(phi);
                    y = pt * Math.sin(phi);
                    z = pt * Math.sinh(eta);
                }
            }
            double pt = Math.hypot(x, y);
            if (pt < threshold || pt == 0 || Math.abs(asinh(z / pt)) > etaMax) return;
            if (size == px.length) {
                px = Arrays.copyOf(px, 2 * size);
                py = Arrays.copyOf(py, 2 * size);
                pz = Arrays.copyOf(pz, 2 * size);
                e = Arrays.copyOf(e, 2 * size);
            }
            px[size] = x;
            py[size] = y;
            pz[size] = z;
            e[size] = Math.sqrt(x * x + y * y + z * z + mass * mass);
            size++;
        }

        void push(double x, double y, double z, double mass, double colour, double thetaMax) {
            if (partons == qx.length) {
                qx = Arrays.copyOf(qx, 2 * partons);
                qy = Arrays.copyOf(qy, 2 * partons);
                qz = Arrays.copyOf(qz, 2 * partons);
                qm = Arrays.copyOf(qm, 2 * partons);
                qc = Arrays.copyOf(qc, 2 * partons);
                qt = Arrays.copyOf(qt, 2 * partons);
            }
            qx[partons] = x;
            qy[partons] = y;
            qz[partons] = z;
            qm[partons] = mass;
            qc[partons] = colour;
            qt[partons] = thetaMax;
            partons++;
        }

        /** Relativistic Breit-Wigner by inversion of the Cauchy in m, above {@code floor}. */
        double breitWigner(double m, double width, double floor) {
            double v;
            do {
                v = m + 0.5 * width * Math.tan(Math.PI * (rng.nextDouble() - 0.5));
            } while (v < floor || v > m + 20 * width);
            return v;
        }

        double[] isotropic() {
            double c = 2 * rng.nextDouble() - 1, s = Math.sqrt(1 - c * c), f = 2 * Math.PI * rng.nextDouble();
            return new double[]{s * Math.cos(f), s * Math.sin(f), c};
        }

        double exponential() {
            return -Math.log(1 - rng.nextDouble());
        }

        int poisson(double mean) {
            double l = Math.exp(-mean), p = 1;
            int k = 0;
            do {
                k++;
                p *= rng.nextDouble();
            } while (p > l);
            return k - 1;
        }
    }

    /**
     * The soft emissions of a colour-singlet q qbar dipole of mass {@code mw}, in its rest frame with q along +z. There the
     * pair's eikonal factor, 2 / sin^2 theta, makes the density flat in the rapidity eta along the axis:
     * dP = (2 alpha_s C_F / pi) d ln k_t d eta d phi / 2 pi (near either quark the same as one quark's
     * (2 alpha_s C_F / pi) d theta / theta dz / z). Ordered in k_t (invariant: the transverse momentum to the dipole in
     * its rest frame) from m / 2 down to the 1 GeV cut-off by the veto algorithm: proposals flat in |eta| < ln(m / 2 k_cut),
     * vetoed where the energy k_t cosh eta exceeds m / 4 (z above 1/2). So the emissions in any region of (ln k_t, eta)
     * are Poisson with mean (2 alpha_s C_F / pi) times its area. Returns {k_t, eta, phi} per emission, in k_t order.
     */
    static double[][] singletDipoleEmissions(SplittableRandom rng, double alphaS, double m) {
        double a = 2 * alphaS * CF / Math.PI, yMax = Math.log(m / (2 * KT_CUT)), kt = m / 2;
        double[][] out = new double[8][];
        int n = 0;
        while (a > 0 && yMax > 0) {
            kt *= Math.exp(Math.log(1 - rng.nextDouble()) / (a * 2 * yMax));
            if (kt < KT_CUT) break;
            double eta = yMax * (2 * rng.nextDouble() - 1);
            if (kt * Math.cosh(eta) > m / 4) continue;
            if (n == out.length) out = Arrays.copyOf(out, 2 * n);
            out[n++] = new double[]{kt, eta, 2 * Math.PI * rng.nextDouble()};
        }
        return Arrays.copyOf(out, n);
    }

    /** Peterson et al. (1983): f(x) ~ 1 / (x (1 - 1/x - eps / (1 - x))^2), drawn by rejection under its maximum. */
    static double petersonFraction(SplittableRandom rng) {
        while (true) {
            double x = rng.nextDouble();
            if (x > 0 && rng.nextDouble() * PETERSON_MAX < petersonDensity(x)) return x;
        }
    }

    static double petersonDensity(double x) {
        double d = 1 - 1 / x - PETERSON_EPSILON / (1 - x);
        return 1 / (x * d * d);
    }

    private static double petersonMax() {
        double max = 0;
        for (int i = 1; i < 100_000; i++) max = Math.max(max, petersonDensity(i / 100_000.0));
        return 1.01 * max;  // the grid's step is far below the peak's width (~sqrt(eps))
    }

    static double twoBody(double m, double m1, double m2) {
        double s = (m * m - (m1 + m2) * (m1 + m2)) * (m * m - (m1 - m2) * (m1 - m2));
        return Math.sqrt(Math.max(0, s)) / (2 * m);
    }

    /** Boosts {@code p} (px, py, pz, E) from the rest frame of {@code frame} into the frame where it has momentum {@code frame}. */
    static double[] boost(double[] p, double[] frame) {
        double m = Math.sqrt(Math.max(0, frame[3] * frame[3] - frame[0] * frame[0] - frame[1] * frame[1] - frame[2] * frame[2]));
        double bx = frame[0] / frame[3], by = frame[1] / frame[3], bz = frame[2] / frame[3];
        double b2 = bx * bx + by * by + bz * bz;
        if (b2 == 0) return p.clone();
        double gamma = frame[3] / m, bp = bx * p[0] + by * p[1] + bz * p[2];
        double g2 = (gamma - 1) / b2;
        return new double[]{p[0] + g2 * bp * bx + gamma * bx * p[3], p[1] + g2 * bp * by + gamma * by * p[3],
                p[2] + g2 * bp * bz + gamma * bz * p[3], gamma * (p[3] + bp)};
    }

    static double angle(double ax, double ay, double az, double bx, double by, double bz) {
        double c = (ax * bx + ay * by + az * bz) / Math.sqrt((ax * ax + ay * ay + az * az) * (bx * bx + by * by + bz * bz));
        return Math.acos(Math.max(-1, Math.min(1, c)));
    }

    /** A unit vector at angle {@code theta}, azimuth {@code psi} around the unit vector (x, y, z). */
    static double[] rotate(double x, double y, double z, double theta, double psi) {
        double[] u = perpendicular(x, y, z);
        double vx = y * u[2] - z * u[1], vy = z * u[0] - x * u[2], vz = x * u[1] - y * u[0];
        double c = Math.cos(theta), s = Math.sin(theta), cp = Math.cos(psi), sp = Math.sin(psi);
        return new double[]{c * x + s * (cp * u[0] + sp * vx), c * y + s * (cp * u[1] + sp * vy), c * z + s * (cp * u[2] + sp * vz)};
    }

    /** A unit vector perpendicular to the unit vector (x, y, z). */
    static double[] perpendicular(double x, double y, double z) {
        double ax = Math.abs(x), ay = Math.abs(y), az = Math.abs(z);
        double[] t = ax <= ay && ax <= az ? new double[]{0, z, -y} : ay <= az ? new double[]{z, 0, -x} : new double[]{y, -x, 0};
        double n = Math.sqrt(t[0] * t[0] + t[1] * t[1] + t[2] * t[2]);
        return new double[]{t[0] / n, t[1] / n, t[2] / n};
    }

    static double asinh(double v) {
        return Math.log(v + Math.sqrt(v * v + 1));
    }
}
