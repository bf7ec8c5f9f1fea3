package org.hepml.engine.events.sim;

import org.hepml.engine.HepmlException;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.FourMomenta;

import java.util.Locale;

/**
 * The toy of particle-level unfolding: QCD jets from {@link TopQcdJets} at generator level (no detector: every hadron
 * kept, unsmeared) in one of two "tunes" of the shower and hadronisation, and the same jets seen by a
 * {@link ParticleDetector}. One tune plays the simulation, the other nature: nature's detector-level particles are
 * the data, its generator-level ones the truth the unfolding should find.
 * <ul>
 * <li>{@link Tune#SIMULATION}: alpha_s = 0.10, 1.5 hadrons per unit ln E, half the jets gluons;</li>
 * <li>{@link Tune#NATURE}: alpha_s = 0.13, 1.8 hadrons per unit ln E, 60% gluons: more, wider radiation and more
 * particles, so multiplicity, mass and the N-subjettiness ratios all differ.</li>
 * </ul>
 * Jet pT is uniform in [300, 400] GeV by default.
 */
public final class TwoTuneJets {

    /** A setting of the generator: radiation strength, hadron multiplicity, gluon fraction. */
    public record Tune(String name, double alphaS, double hadronMultiplicity, double gluonFraction) {
        public static final Tune SIMULATION = new Tune("simulation", 0.10, 1.5, 0.5);
        public static final Tune NATURE = new Tune("nature", 0.13, 1.8, 0.6);

        public static Tune named(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "simulation", "sim" -> SIMULATION;
                case "nature", "data" -> NATURE;
                default -> throw new HepmlException("--tune: '" + name + "' is not one of: simulation, nature.");
            };
        }
    }

    /** Events with their particles at both levels: {@code reco} event i is {@code gen} event i seen by the detector. */
    public record Pairs(Dataset events, FourMomenta gen, FourMomenta reco) {
    }

    private Tune tune = Tune.SIMULATION;
    private double ptMin = 300, ptMax = 400;
    private ParticleDetector detector = new ParticleDetector();
    private long seed = 1;

    public TwoTuneJets tune(Tune t) {
        this.tune = t;
        return this;
    }

    public TwoTuneJets pt(double min, double max) {
        new TopQcdJets().pt(min, max); // the simulator's check
        this.ptMin = min;
        this.ptMax = max;
        return this;
    }

    public TwoTuneJets detector(ParticleDetector d) {
        this.detector = d;
        return this;
    }

    /** Seeds the generator with {@code s} and the detector with a stream derived from it. */
    public TwoTuneJets seed(long s) {
        this.seed = s;
        return this;
    }

    public Pairs generate(String name, int n) {
        TopQcdJets generator = new TopQcdJets().topFraction(0).pt(ptMin, ptMax).alphaS(tune.alphaS())
                .hadronMultiplicity(tune.hadronMultiplicity()).gluonFraction(tune.gluonFraction())
                .smearing(0).threshold(0).acceptance(Double.POSITIVE_INFINITY).seed(seed);
        var gen = generator.generate(name, n);
        FourMomenta reco = detector.seed(seed * 1_000_003L + 17).measure(gen.particles());
        double[] nGen = gen.particles().multiplicities(), nReco = reco.multiplicities();
        Dataset d = gen.events();
        Dataset.Builder b = Dataset.builder(name);
        for (String c : new String[]{"truth.pt", "truth.y", "truth.phi", "truth.gluon"}) b.column(c, d.column(c));
        return new Pairs(b.column("n_gen", nGen).column("n_reco", nReco)
                .meta("simulator", "two-tune jets (top/QCD jet simulator, QCD only)").meta("tune", tune.toString())
                .meta("seed", seed).meta("jet pT", ptMin + " to " + ptMax + " GeV").meta("detector", detector.describe()).build(), gen.particles(), reco);
    }
}
