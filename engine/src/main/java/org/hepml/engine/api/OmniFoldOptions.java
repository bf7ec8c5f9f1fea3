package org.hepml.engine.api;

import org.hepml.engine.HepmlException;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.nn.TrainingSettings;
import org.hepml.engine.plot.Histogram;
import org.hepml.engine.unfold.BootstrapReplicas;
import org.hepml.engine.unfold.ClassifierReweighter;
import org.hepml.engine.unfold.HistogramReweighter;
import org.hepml.engine.unfold.OmniFold;
import org.hepml.engine.unfold.ParticleReweighting;
import org.hepml.engine.unfold.Reweighter;
import org.hepml.engine.unfold.Unfolding.Features;

import java.util.List;

/**
 * What {@code %%unfold omnifold} sets besides its inputs, with the magic's defaults: the reweighter (a classifier or
 * a histogram), its training, the iterations, clipping, step-2 reference, and the replicas (bootstrap, seeds).
 * {@link #configure} is the one place these become an {@link OmniFold}.
 */
public final class OmniFoldOptions implements java.io.Serializable {
    /** Detector-level columns of the data (null: the simulation's). */
    public String dataReco;
    /**
     * {@code mlp} (unbinned, any number of columns), {@code histogram} (binned, one column), {@code pfn} or {@code efn}
     * (particle lists: a particle-flow or energy-flow network); null: mlp on columns, pfn on particle lists.
     */
    public String reweighter;
    /** Particles per event a PFN/EFN sees (the hardest; fewer are padded) and the size of its latent sum. */
    public int particles = 32;
    public int latent = 32;
    /** How the classifiers train; replica k's step-1 classifier is seeded seed + 10 k, its step-2 one seed + 10 k + 1. */
    public TrainingSettings training = TrainingSettings.UNFOLDING;
    /** Each iteration continues training the previous iteration's classifiers. */
    public boolean warmStart = true;
    /** Bins and range of the histogram reweighter (range null: the simulation's). */
    public int bins = 40;
    public double[] range;
    /** Bound every reweighting factor to [1/C, C] (null: no clipping). */
    public Double clip;
    public OmniFold.Reference reference = OmniFold.Reference.PREVIOUS;
    public int iterations = 4;
    /** Bootstrap replicas of the data, and classifier seeds on the nominal data (1 = the nominal run only). */
    public int bootstrap = 0;
    public int seeds = 1;
    /** Where the replicas run: null or {@code local} here, one after another; {@code spark} or {@code spark://host:port}
     *  as Spark tasks (the hepml-spark module on the class path, docs/SPARK.md). */
    public String on;

    /**
     * The OmniFold of each replica (its classifiers seeded from the training seed and the replica), as a set-up that
     * can be shipped to where replicas run: it holds a copy of these options and the histogram range, not the data.
     */
    BootstrapReplicas.Configured configurer(Dataset sim, List<String> gen, List<String> reco) {
        return configurer(sim, Features.of(gen), Features.of(reco));
    }

    /** As {@link #configurer(Dataset, List, List)}; a level given as particle lists gets a PFN/EFN classifier. */
    BootstrapReplicas.Configured configurer(Dataset sim, Features gen, Features reco) {
        OmniFoldOptions o = copy();
        boolean genParticles = gen.isParticles(), recoParticles = reco.isParticles();
        List<String> g = genParticles ? List.of() : gen.columns(), r = recoParticles ? List.of() : reco.columns();
        if ("histogram".equals(reweighter) && range == null && g.size() == 1 && r.size() == 1) {
            o.range = Histogram.finiteRange(g.get(0) + ", " + r.get(0), sim.column(g.get(0)), sim.column(r.get(0)));
        }
        o.configure(sim, g, r, genParticles, recoParticles, 0); // a bad option fails here, before any replica is shipped
        return replica -> o.configure(null, g, r, genParticles, recoParticles, replica);
    }

    private OmniFoldOptions copy() {
        try {
            return (OmniFoldOptions) new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes())).readObject();
        } catch (java.io.IOException | ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] bytes() throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream o = new java.io.ObjectOutputStream(out)) {
            o.writeObject(this);
        }
        return out.toByteArray();
    }

    /** The OmniFold of replica {@code replica} (its classifiers seeded from the training seed and the replica). */
    OmniFold configure(Dataset sim, List<String> gen, List<String> reco, boolean genParticles, boolean recoParticles, int replica) {
        long seed = training.seed() + 10L * replica;
        Reweighter[] rw = genParticles || recoParticles ? particleReweighters(genParticles, recoParticles, seed)
                : reweighters(sim, gen, reco, seed);
        OmniFold of = new OmniFold().reweighters(rw[0], rw[1]).iterations(iterations).reference(reference);
        if (clip != null) of.clip(clip);
        return of;
    }

    /** Step 1 on detector-level, step 2 on generator-level features: a PFN/EFN where they are particle lists, else an MLP. */
    private Reweighter[] particleReweighters(boolean genParticles, boolean recoParticles, long seed) {
        String kind = reweighter == null ? "pfn" : reweighter;
        if (!kind.equals("pfn") && !kind.equals("efn")) {
            throw new HepmlException("--reweighter " + kind + " works on columns; particle lists (--gen/--reco ...particles) need pfn or efn.");
        }
        ParticleReweighting.Network net = new ParticleReweighting.Network(kind.equals("efn"), particles, latent);
        return new Reweighter[]{
                new ClassifierReweighter(training.withSeed(seed), recoParticles ? net : ClassifierReweighter.MLP).warmStart(warmStart),
                new ClassifierReweighter(training.withSeed(seed + 1), genParticles ? net : ClassifierReweighter.MLP).warmStart(warmStart)};
    }

    private Reweighter[] reweighters(Dataset s, List<String> g, List<String> r, long seed) {
        String reweighter = this.reweighter == null ? "mlp" : this.reweighter;
        if (reweighter.equals("pfn") || reweighter.equals("efn")) {
            throw new HepmlException("--reweighter " + reweighter + " needs particle lists: --gen gen.particles and/or --reco particles"
                    + " (the particles stored with the datasets, e.g. by %jets pairs).");
        }
        if (reweighter.equals("mlp")) {
            return new Reweighter[]{
                    new ClassifierReweighter(training.withSeed(seed)).warmStart(warmStart),
                    new ClassifierReweighter(training.withSeed(seed + 1)).warmStart(warmStart)};
        }
        if (!reweighter.equals("histogram")) {
            throw new HepmlException("--reweighter: '" + reweighter + "' is not one of: mlp, histogram, pfn, efn.");
        }
        if (g.size() != 1 || r.size() != 1) {
            throw new HepmlException("--reweighter histogram unfolds one column at a time; got " + g.size()
                    + " generator-level and " + r.size() + " detector-level columns.");
        }
        double[] rg = range != null ? range : Histogram.finiteRange(g.get(0) + ", " + r.get(0), s.column(g.get(0)), s.column(r.get(0)));
        return new Reweighter[]{new HistogramReweighter(bins, rg[0], rg[1]), new HistogramReweighter(bins, rg[0], rg[1])};
    }
}
