package org.hepml.engine.tagging;

import org.hepml.engine.HepmlException;
import org.hepml.engine.bayes.BayesianParticleFlowNetwork;
import org.hepml.engine.bayes.BnnOptions;
import org.hepml.engine.bayes.ClassifierPrediction;
import org.hepml.engine.nn.ChunkedEvaluation;
import org.hepml.engine.nn.Losses;
import org.hepml.engine.nn.Mlp;
import org.hepml.engine.nn.ParticleFlowNetwork;
import org.hepml.engine.nn.ParticleSets;
import org.hepml.engine.nn.Trainer;
import org.hepml.engine.nn.TrainingData;
import org.hepml.engine.nn.TrainingHistory;
import org.hepml.engine.nn.TrainingSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Top tagging as the landscape paper does it (Kasieczka et al., SciPost Phys. 7, 014 (2019)): one tagger trained
 * {@code seeds} times (seeds {@code s, s+1, ...}: initial weights, validation split, batch order) on the same training
 * jets and scored on independent test jets, giving each training's ROC, AUC, accuracy and 1/eps_B at eps_S = 0.3, and
 * their mean with the standard error over the trainings. The models:
 * <ul>
 * <li>{@code efn}, {@code pfn}: {@link ParticleFlowNetwork} on the leading jet's padded constituents, (z, y, phi) for the
 * EFN, by default (z, y, phi, ln z, delta R, ln pT) for the PFN ({@link ParticleFeatures});</li>
 * <li>{@code mlp}: an {@link Mlp} on the observables {@link JetSample#OBSERVABLES}; an undefined observable (a
 * tau32 of a two-particle jet) is replaced by that observable's training mean;</li>
 * <li>{@code bnn-pfn}: {@link BayesianParticleFlowNetwork}, scored by its predictive mean mu, with sigma per test jet.</li>
 * </ul>
 */
public final class Tagger {
    private Tagger() {
    }

    public static TaggerResult train(JetSample train, JetSample test, TaggerOptions o) {
        if (train.particles().particles() != o.particles() || test.particles().particles() != o.particles()) {
            throw new HepmlException("The samples are padded to " + train.particles().particles() + " and " + test.particles().particles()
                    + " particles, the tagger takes " + o.particles() + ": make both with the same --particles.");
        }
        float[] y = floats(train.labels());
        List<TaggingMetrics> metrics = new ArrayList<>();
        List<double[]> scores = new ArrayList<>();
        List<TrainingHistory> histories = new ArrayList<>();
        ClassifierPrediction bayes = null;
        for (int s = 0; s < o.seeds(); s++) {
            TrainingSettings t = o.training().withSeed(o.training().seed() + s);
            String title = String.format(Locale.ROOT, "Training %s tagger on '%s' (seed %d of %d)", o.model(), train.name(), s + 1, o.seeds());
            double[] score;
            switch (o.model()) {
                case EFN, PFN -> score = particleNetwork(train, test, y, o, t, title, histories);
                case MLP -> score = observablesMlp(train, test, y, t, title, histories);
                case BNN_PFN -> {
                    BnnOptions bo = BnnOptions.of(t).withSamples(o.draws()).withPriorWidth(o.priorWidth());
                    ParticleSets.Padded rows = o.features().rows(train);
                    try (BayesianParticleFlowNetwork net = BayesianParticleFlowNetwork.trainClassifier(ParticleFlowNetwork.Kind.PFN, o.particles(),
                            rows.features(), o.phi(), o.latent(), o.f(), t.activation(), rows.rows(), y, null, bo, title)) {
                        ClassifierPrediction p = net.predict(o.features().rows(test).rows(), test.labels(), o.draws(), t.seed() + 7919);
                        if (bayes == null) bayes = p;
                        score = p.mean();
                        histories.add(net.history());
                    }
                }
                default -> throw new IllegalStateException(o.model().name());
            }
            scores.add(score);
            metrics.add(TaggingMetrics.of(score, test.labels()));
        }
        return new TaggerResult(o, train.name(), test.name(), metrics, scores.get(0), test.pt(), test.labels(), bayes, histories);
    }

    private static double[] particleNetwork(JetSample train, JetSample test, float[] y, TaggerOptions o, TrainingSettings t, String title,
                                            List<TrainingHistory> histories) {
        ParticleSets.Padded rows = o.features().rows(train);
        ParticleFlowNetwork.Builder b = o.model() == TaggerModel.EFN
                ? ParticleFlowNetwork.efn(o.particles(), rows.features(), o.phi(), o.latent(), o.f(), 1, t.seed())
                : ParticleFlowNetwork.pfn(o.particles(), rows.features(), o.phi(), o.latent(), o.f(), 1, t.seed());
        try (ParticleFlowNetwork net = b.activation(t.activation()).device(t.device().resolve()).build(rows.rows())) {
            histories.add(new Trainer(t).title(title).fit(net, new TrainingData(rows.rows(), null).target("y", y), Losses.bce()));
            float[][] logit = net.predict(o.features().rows(test).rows());
            double[] p = new double[logit.length];
            for (int i = 0; i < p.length; i++) p[i] = sigmoid(logit[i][0]);
            return p;
        }
    }

    private static double[] observablesMlp(JetSample train, JetSample test, float[] y, TrainingSettings t, String title, List<TrainingHistory> histories) {
        int d = JetSample.OBSERVABLES.size();
        double[] fill = new double[d];
        for (int k = 0; k < d; k++) {
            double s = 0;
            int n = 0;
            for (double[] r : train.observables()) {
                if (Double.isFinite(r[k])) {
                    s += r[k];
                    n++;
                }
            }
            fill[k] = n > 0 ? s / n : 0;
        }
        float[][] x = imputed(train.observables(), fill), xt = imputed(test.observables(), fill);
        try (Mlp net = Mlp.builder().of(t).seed(t.seed()).build(x)) {
            histories.add(new Trainer(t).title(title).fit(net, new TrainingData(x, null).target("y", y), Losses.bce()));
            double[] p = new double[xt.length];
            ChunkedEvaluation.forEachChunk(xt.length, d, ChunkedEvaluation.CHUNK, (i, flat, off) -> System.arraycopy(xt[i], 0, flat, off, d),
                    (from, to, flat) -> {
                        float[] logit = ChunkedEvaluation.forward(net, flat, to - from, d);
                        for (int i = from; i < to; i++) p[i] = sigmoid(logit[i - from]);
                    });
            return p;
        }
    }

    private static float[][] imputed(double[][] obs, double[] fill) {
        float[][] x = new float[obs.length][fill.length];
        for (int i = 0; i < obs.length; i++) for (int k = 0; k < fill.length; k++) x[i][k] = (float) (Double.isFinite(obs[i][k]) ? obs[i][k] : fill[k]);
        return x;
    }

    static double sigmoid(double logit) {
        return 1 / (1 + Math.exp(-logit));
    }

    private static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return f;
    }
}
