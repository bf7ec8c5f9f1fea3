package org.hepml.engine.anomaly;

import org.hepml.engine.HepmlException;
import org.hepml.engine.flows.ConditionalFlow;
import org.hepml.engine.flows.FlowShape;
import org.hepml.engine.nn.TrainingData;
import org.hepml.engine.nn.TrainingSettings;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The background model of the density-based methods: a conditional flow p_bg(x | m_jj) trained on the sideband
 * events, and a kernel density estimate of m_jj in the signal region (Gaussian kernels, Silverman's bandwidth
 * 1.06 sd n^(-1/5), draws outside the SR redrawn), so that SR background events can be drawn: m from the KDE, then
 * x ~ p_bg(x | m). The features are preprocessed once, ln x for those positive on every sideband event; samples and
 * densities are in that space (see {@link #preprocess}).
 *
 * <p>A model remembers what it was trained on ({@link TrainedOn}: the features, a digest of the sideband and SR events,
 * the flow's shape and training), so that CATHODE and ANODE on the same events can share one instead of training the
 * same flow twice ({@link Cathode#background}). A shared model is closed when its last holder closes it.
 */
public final class SidebandModel implements AutoCloseable {
    /**
     * What a model was trained on: two runs with equal values train the same flow (bit for bit at a fixed thread count).
     * {@code events} is a 64-bit digest of the sideband features and masses and of the SR masses (the KDE's).
     */
    public record TrainedOn(List<String> features, long events, int sidebandEvents, int signalRegionEvents, FlowShape shape,
                            TrainingSettings training) {
        static TrainedOn of(List<String> features, double[][] x, double[] m, double[] srMass, FlowShape shape, TrainingSettings training) {
            long h = 0x9E3779B97F4A7C15L;
            for (double[] row : x) for (double v : row) h = mix(h, Double.doubleToLongBits(v));
            for (double v : m) h = mix(h, Double.doubleToLongBits(v));
            h = mix(h, srMass.length);
            for (double v : srMass) h = mix(h, Double.doubleToLongBits(v));
            return new TrainedOn(List.copyOf(features), h, m.length, srMass.length, shape, training);
        }

        private static long mix(long h, long v) { // one round of a 64-bit multiply-xorshift hash per value
            h ^= v;
            h *= 0xBF58476D1CE4E5B9L;
            return h ^ (h >>> 31);
        }

        /** Why a model trained on {@code this} cannot stand for one trained on {@code wanted}; null when it can. */
        String differenceFrom(TrainedOn wanted) {
            if (!features.equals(wanted.features)) return "features " + features + ", not " + wanted.features;
            if (events != wanted.events) {
                return String.format(Locale.ROOT, "other events (%,d sideband and %,d signal-region events, here %,d and %,d, or the same counts with other values)",
                        sidebandEvents, signalRegionEvents, wanted.sidebandEvents, wanted.signalRegionEvents);
            }
            if (!shape.equals(wanted.shape)) return "flow shape " + shape + ", not " + wanted.shape;
            if (!training.equals(wanted.training)) return "flow training " + training + ", not " + wanted.training;
            return null;
        }
    }

    private final List<String> features;
    private final boolean[] log;
    private final Flow flow;
    private final double[] srMass;
    private final double srLow, srHigh, bandwidth;
    private final TrainedOn trainedOn;
    private int holders = 1;

    private SidebandModel(List<String> features, boolean[] log, Flow flow, double[] srMass, TrainedOn trainedOn) {
        this.features = features;
        this.log = log;
        this.flow = flow;
        this.trainedOn = trainedOn;
        this.srMass = srMass.clone();
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY, mean = 0, sq = 0;
        for (double m : srMass) {
            lo = Math.min(lo, m);
            hi = Math.max(hi, m);
            mean += m / srMass.length;
        }
        for (double m : srMass) sq += (m - mean) * (m - mean);
        this.srLow = lo;
        this.srHigh = hi;
        this.bandwidth = 1.06 * Math.sqrt(sq / Math.max(1, srMass.length - 1)) * Math.pow(srMass.length, -0.2);
    }

    /** Trains p_bg(x | m) on the sideband events ({@code x} raw features, {@code m} their masses). */
    static SidebandModel train(List<String> features, double[][] x, double[] m, double[] srMass, FlowShape shape, TrainingSettings settings) {
        boolean[] log = new boolean[features.size()];
        Arrays.fill(log, true);
        for (double[] row : x) for (int j = 0; j < log.length; j++) if (!(row[j] > 0)) log[j] = false;
        double[][] z = preprocess(x, log);
        TrainedOn trainedOn = TrainedOn.of(features, x, m, srMass, shape, settings);
        Flow f = Flow.train(z, m, shape, settings, "CATHODE/ANODE background p_bg(x | m_jj) in the sidebands");
        return new SidebandModel(features, log, f, srMass, trainedOn);
    }

    /** What this model was trained on. */
    public TrainedOn trainedOn() {
        return trainedOn;
    }

    /** This model for one more holder, who closes it too: the flow is freed when every holder has. */
    synchronized SidebandModel share() {
        if (holders == 0) throw new HepmlException("The background flow was closed (its result was replaced or closed); train it again.");
        holders++;
        return this;
    }

    /** The features as the flow models them: ln x where positive on every sideband event, else x. */
    public double[][] preprocess(double[][] x) {
        for (double[] row : x) {
            for (int j = 0; j < log.length; j++) {
                if (log[j] && !(row[j] > 0)) {
                    throw new HepmlException("Feature '" + features.get(j) + "' is " + row[j] + " here but positive in every sideband event, where"
                            + " the flow learned ln(" + features.get(j) + ").");
                }
            }
        }
        return preprocess(x, log);
    }

    private static double[][] preprocess(double[][] x, boolean[] log) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i].clone();
            for (int j = 0; j < log.length; j++) if (log[j]) out[i][j] = Math.log(out[i][j]);
        }
        return out;
    }

    /** {@code n} masses from the KDE of the signal region's m_jj, each within the SR's observed span. */
    public double[] sampleSignalRegionMass(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] m = new double[n];
        for (int i = 0; i < n; i++) {
            double v;
            do v = srMass[rng.nextInt(srMass.length)] + bandwidth * rng.nextGaussian(); while (v < srLow || v > srHigh);
            m[i] = v;
        }
        return m;
    }

    /** {@code n} background events in the SR, preprocessed features: m from the KDE, x ~ p_bg(x | m). */
    public double[][] sampleSignalRegion(int n, long seed) {
        return flow.sample(sampleSignalRegionMass(n, seed), seed + 1);
    }

    /** log p_bg(x_i | m_i) of preprocessed features. */
    public double[] logDensity(double[][] x, double[] m) {
        return flow.logDensity(x, m);
    }

    /** The features, and which the flow models in ln x. */
    public List<String> features() {
        return features;
    }

    public List<String> loggedFeatures() {
        return Cathode.logged(features, log);
    }

    @Override
    public synchronized void close() {
        if (holders == 0) return;
        if (--holders == 0) flow.close();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "background flow p_bg(%s | m) from the sidebands, ln of %s; SR mass KDE of %,d events, bandwidth %.1f",
                String.join(", ", features), loggedFeatures(), srMass.length, bandwidth);
    }

    /** A conditional flow of preprocessed features given one mass. */
    static final class Flow implements AutoCloseable {
        private final ConditionalFlow flow;

        private Flow(ConditionalFlow flow) {
            this.flow = flow;
        }

        static Flow train(double[][] x, double[] m, FlowShape shape, TrainingSettings settings, String title) {
            int d = x[0].length;
            float[][] xf = new float[x.length][d], cf = new float[x.length][1], in = new float[x.length][d + 1];
            for (int i = 0; i < x.length; i++) {
                for (int j = 0; j < d; j++) in[i][j] = xf[i][j] = (float) x[i][j];
                in[i][d] = cf[i][0] = (float) m[i];
            }
            float[] w = new float[x.length];
            Arrays.fill(w, 1f);
            ConditionalFlow f = ConditionalFlow.build(shape, settings, xf, cf, new boolean[d]);
            try {
                f.fit(settings, new TrainingData(in, w), ConditionalFlow.negativeLogLikelihood(), title, false);
                return new Flow(f);
            } catch (RuntimeException e) {
                f.close();
                throw e;
            }
        }

        double[] logDensity(double[][] x, double[] m) {
            double[][] c = new double[m.length][];
            for (int i = 0; i < m.length; i++) c[i] = new double[]{m[i]};
            return flow.logDensity(x, c);
        }

        double[][] sample(double[] m, long seed) {
            double[][] c = new double[m.length][];
            for (int i = 0; i < m.length; i++) c[i] = new double[]{m[i]};
            return flow.sample(c, seed);
        }

        @Override
        public void close() {
            flow.close();
        }
    }
}
