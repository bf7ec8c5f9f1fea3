package org.hepml.engine.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.hepml.engine.HepmlException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Deep Sets for jets as particle sets, after Komiske, Metodiev and Thaler, "Energy Flow Networks: Deep Sets for
 * Particle Jets" (arXiv:1810.05165):
 * <ul>
 * <li><b>PFN</b>: output = F( sum_i mask_i Phi(p_i) ), Phi a network of all F per-particle features;</li>
 * <li><b>EFN</b>: output = F( sum_i z_i Phi(angles_i) ), z_i = w_i / sum_j w_j with w the particle's energy weight
 * (feature 0, pT or its fraction), Phi a network of the angular features only (features 1..F-1: give an EFN only
 * angles, e.g. the rows of {@link ParticleSets}). Linear in the energies and a smooth function of angles, so
 * infrared and collinear safe: a zero-weight particle adds nothing, a collinear split gives z_a Phi(a) + z_b Phi(a)
 * = z Phi(a).</li>
 * </ul>
 * An input row is a padded particle list flattened particle by particle: {@code M} particles times {@code F} float
 * features; feature 0 is the energy weight and a row of particles with weight 0 is padding (mask = w != 0).
 * A batch is reshaped to [B, M, F] and each Phi layer is one matrix product over all B*M particles; the sum over
 * particles is a masked (PFN) or z-weighted (EFN) sum, so no Java loop runs per jet or per particle.
 * <p>The Phi inputs are standardised with the per-feature mean and std of the real (unpadded) training particles;
 * the EFN's weights z are taken from the raw feature 0. Phi's layers, including the latent one, and F's hidden
 * layers use the activation (ReLU by default, as in the paper); F's last layer is linear (logits or regression
 * values).
 */
public final class ParticleFlowNetwork implements Trainable, AutoCloseable {
    /** Which sum: all features with a mask (PFN) or energy-weighted angles (EFN). */
    public enum Kind { PFN, EFN }

    private final Kind kind;
    private final int particles, features;
    private final int[] phi, f;
    private final int latent, outputs;
    private final Activation activation;
    private final float[] mean, std; // of Phi's inputs (all features for a PFN, features 1.. for an EFN)
    private final NDManager manager;
    private final NDArray meanArray, stdArray;
    private final List<NDArray> weights = new ArrayList<>(), biases = new ArrayList<>();
    private final int phiLayers; // layers of Phi (hidden ones plus the latent layer); the rest belong to F

    ParticleFlowNetwork(Kind kind, int particles, int features, int[] phi, int latent, int[] f, int outputs, Activation activation,
                        float[] mean, float[] std, long seed, Device device) {
        if (particles < 1) throw new HepmlException("A particle-flow network needs at least one particle per jet, got " + particles + ".");
        int phiInputs = kind == Kind.PFN ? features : features - 1;
        if (phiInputs < 1) {
            throw new HepmlException("An " + kind + " needs " + (kind == Kind.PFN ? "at least one feature" : "the weight and at least one angular feature")
                    + " per particle, got " + features + ".");
        }
        if (latent < 1 || outputs < 1) throw new HepmlException("The latent size and the outputs must be positive, got " + latent + " and " + outputs + ".");
        for (int[] sizes : new int[][]{phi, f}) {
            for (int s : sizes) if (s < 1) throw new HepmlException("Layer sizes must be positive, got " + Arrays.toString(sizes) + ".");
        }
        if (mean.length != phiInputs || std.length != phiInputs) {
            throw new HepmlException("The standardisation has " + mean.length + " features, the " + kind + "'s Phi " + phiInputs + ".");
        }
        this.kind = kind;
        this.particles = particles;
        this.features = features;
        this.phi = phi.clone();
        this.latent = latent;
        this.f = f.clone();
        this.outputs = outputs;
        this.activation = activation;
        this.mean = mean.clone();
        this.std = std.clone();
        this.manager = NDManager.newBaseManager(device != null ? device : Devices.current().device());
        this.meanArray = manager.create(this.mean);
        this.stdArray = manager.create(this.std);
        List<Integer> widths = new ArrayList<>();
        widths.add(phiInputs);
        for (int s : phi) widths.add(s);
        widths.add(latent);
        for (int s : f) widths.add(s);
        widths.add(outputs);
        this.phiLayers = phi.length + 1;
        SplittableRandom rng = new SplittableRandom(seed);
        for (int l = 0; l + 1 < widths.size(); l++) {
            int in = widths.get(l), out = widths.get(l + 1);
            // Glorot-uniform weights and zero biases from Java's generator, as Mlp: a seed fixes them on every device
            float limit = (float) Math.sqrt(6.0 / (in + out));
            float[] w = new float[in * out];
            for (int i = 0; i < w.length; i++) w[i] = (float) ((2 * rng.nextDouble() - 1) * limit);
            NDArray wa = manager.create(w, new Shape(in, out));
            NDArray ba = manager.zeros(new Shape(out), DataType.FLOAT32);
            wa.setRequiresGradient(true);
            ba.setRequiresGradient(true);
            weights.add(wa);
            biases.add(ba);
        }
    }

    /** A PFN on rows of {@code particles} x {@code features}, with Phi's hidden layers, latent size, F's hidden layers. */
    public static Builder pfn(int particles, int features, int[] phi, int latent, int[] f, int outputs, long seed) {
        return new Builder(Kind.PFN, particles, features, phi, latent, f, outputs, seed);
    }

    /** An EFN: feature 0 is the energy weight, features 1..F-1 the angles Phi sees. */
    public static Builder efn(int particles, int features, int[] phi, int latent, int[] f, int outputs, long seed) {
        return new Builder(Kind.EFN, particles, features, phi, latent, f, outputs, seed);
    }

    public Kind kind() {
        return kind;
    }

    /** Particles per row (M). */
    public int particles() {
        return particles;
    }

    /** Features per particle (F), feature 0 the energy weight. */
    public int features() {
        return features;
    }

    @Override
    public int inputs() {
        return particles * features;
    }

    public int outputs() {
        return outputs;
    }

    public int latent() {
        return latent;
    }

    public int[] phiHidden() {
        return phi.clone();
    }

    public int[] fHidden() {
        return f.clone();
    }

    public Activation activation() {
        return activation;
    }

    @Override
    public List<NDArray> parameters() {
        List<NDArray> out = new ArrayList<>();
        for (int l = 0; l < weights.size(); l++) {
            out.add(weights.get(l));
            out.add(biases.get(l));
        }
        return out;
    }

    /** The latent sums (the jet's representation before F), [batch, latent], for raw rows [batch, M*F]. */
    public NDArray latentSum(NDArray x) {
        Particles p = particles(kind, x, particles, features);
        NDArray h = p.phiInputs().sub(meanArray).div(stdArray);
        for (int l = 0; l < phiLayers; l++) h = activation.apply(h.matMul(weights.get(l)).add(biases.get(l)));
        return p.pool(h);
    }

    /**
     * A batch's particles as Phi sees them: {@code phiInputs} [B*M, d] (unstandardised; all features for a PFN, the
     * angles for an EFN) and the coefficient of each particle in the sum, [B, M, 1]: the mask (PFN) or z (EFN).
     */
    public record Particles(NDArray phiInputs, NDArray coefficients, long batch, int particles) {
        /** sum_i c_i Phi_i for per-particle latents {@code phi} [B*M, L]: [B, L]. */
        public NDArray pool(NDArray phi) {
            return phi.reshape(batch, particles, phi.getShape().get(1)).mul(coefficients).sum(new int[]{1});
        }
    }

    /** Splits raw rows [B, M*F] into Phi's inputs and the sum's coefficients (shared with the Bayesian networks). */
    public static Particles particles(Kind kind, NDArray x, int particles, int features) {
        if (x.getShape().dimension() != 2 || x.getShape().get(1) != (long) particles * features) {
            throw new HepmlException("The " + kind + " takes rows of " + particles + " particles x " + features + " features = " + particles * features
                    + " values, got an array of shape " + x.getShape() + ".");
        }
        long b = x.getShape().get(0);
        NDArray p = x.reshape(b, particles, features);
        NDArray weight = p.get(new NDIndex(":, :, 0:1")); // [B, M, 1]
        if (kind == Kind.PFN) return new Particles(p.reshape(b * particles, features), weight.neq(0f).toType(DataType.FLOAT32, false), b, particles);
        // z_i = w_i / sum_j w_j; the floor only keeps an all-padding row finite (its z are all 0)
        NDArray total = weight.sum(new int[]{1}, true).maximum(Scalars.like(weight, Float.MIN_NORMAL));
        return new Particles(p.get(new NDIndex(":, :, 1:")).reshape(b * particles, features - 1), weight.div(total), b, particles);
    }

    /** Outputs [batch, outputs] for raw rows [batch, M*F]. */
    @Override
    public NDArray forward(NDArray x) {
        NDArray h = latentSum(x);
        for (int l = phiLayers; l < weights.size(); l++) {
            NDArray a = h.matMul(weights.get(l)).add(biases.get(l));
            h = l + 1 < weights.size() ? activation.apply(a) : a;
        }
        return h;
    }

    /** Outputs for rows {@code [jet][M*F]}, evaluated in chunks without autograd, {@code [jet][output]}. */
    public float[][] predict(float[][] rows) {
        int width = inputs();
        float[][] out = new float[rows.length][];
        int chunk = Math.max(1, ChunkedEvaluation.CHUNK / particles);
        ChunkedEvaluation.forEachChunk(rows.length, width, chunk, (i, flat, o) -> {
            if (rows[i].length != width) throw new HepmlException("Row " + i + " has " + rows[i].length + " values, the " + kind + " takes " + width + ".");
            System.arraycopy(rows[i], 0, flat, o, width);
        }, (from, to, flat) -> {
            try (NDManager m = NDManager.newBaseManager(manager.getDevice())) {
                float[] y = forward(m.create(flat, new Shape(to - from, width))).toFloatArray();
                for (int i = from; i < to; i++) out[i] = Arrays.copyOfRange(y, (i - from) * outputs, (i - from + 1) * outputs);
            }
        });
        return out;
    }

    /** The per-feature mean and std of Phi's inputs over the real (weight != 0) particles of {@code rows}. */
    public static float[][] standardisation(Kind kind, float[][] rows, int particles, int features) {
        int first = kind == Kind.PFN ? 0 : 1, d = features - first;
        double[] s = new double[d], s2 = new double[d];
        long n = 0;
        for (float[] r : rows) {
            if (r.length != particles * features) {
                throw new HepmlException("A training row has " + r.length + " values, expected " + particles + " particles x " + features + " features.");
            }
            for (int i = 0; i < particles; i++) {
                int o = i * features;
                if (r[o] == 0) continue;
                n++;
                for (int j = 0; j < d; j++) {
                    double v = r[o + first + j];
                    s[j] += v;
                    s2[j] += v * v;
                }
            }
        }
        float[] mean = new float[d], std = new float[d];
        for (int j = 0; j < d; j++) {
            double m = n == 0 ? 0 : s[j] / n, v = n == 0 ? 0 : Math.max(s2[j] / n - m * m, 0);
            mean[j] = (float) m;
            std[j] = (float) (v > 1e-12 ? Math.sqrt(v) : 1);
        }
        return new float[][]{mean, std};
    }

    /** Writes the network (architecture, standardisation, parameters) and {@code metadata} to one model file. */
    public Path save(Path file, Map<String, String> metadata) {
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.putAll(architecture());
        Map<String, float[][]> tables = new LinkedHashMap<>();
        tables.put("pfn.mean", new float[][]{mean});
        tables.put("pfn.std", new float[][]{std});
        float[][] ps = snapshot();
        for (int i = 0; i < ps.length; i++) tables.put("pfn.param" + i, new float[][]{ps[i]});
        return ModelFile.write(file, meta, List.of(), tables);
    }

    /** The architecture as model-file metadata ({@code pfn.*}). */
    public Map<String, String> architecture() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("pfn.kind", kind.name());
        m.put("pfn.particles", Integer.toString(particles));
        m.put("pfn.features", Integer.toString(features));
        m.put("pfn.phi", join(phi));
        m.put("pfn.latent", Integer.toString(latent));
        m.put("pfn.f", join(f));
        m.put("pfn.outputs", Integer.toString(outputs));
        m.put("pfn.activation", activation.name());
        return m;
    }

    /** A network saved with {@link #save}. */
    public static ParticleFlowNetwork load(Path file) {
        return of(ModelFile.read(file), file.toString());
    }

    /** The network held by a model file's contents (its {@code pfn.*} metadata and tables). */
    public static ParticleFlowNetwork of(ModelFile.Contents c, String source) {
        Map<String, String> m = c.metadata();
        if (m.get("pfn.kind") == null) throw new HepmlException(source + " holds no particle-flow network (no pfn.kind in its manifest).");
        ParticleFlowNetwork net;
        try {
            net = new ParticleFlowNetwork(Kind.valueOf(m.get("pfn.kind")), Integer.parseInt(m.get("pfn.particles")), Integer.parseInt(m.get("pfn.features")),
                    ints(m.get("pfn.phi")), Integer.parseInt(m.get("pfn.latent")), ints(m.get("pfn.f")), Integer.parseInt(m.get("pfn.outputs")),
                    Activation.valueOf(m.get("pfn.activation")), row(c, "pfn.mean", source), row(c, "pfn.std", source), 0, null);
        } catch (RuntimeException e) {
            if (e instanceof HepmlException) throw e;
            throw new HepmlException(source + " has a damaged particle-flow network manifest (" + e.getMessage() + ").", e);
        }
        int arrays = net.parameters().size();
        float[][] values = new float[arrays][];
        for (int i = 0; i < arrays; i++) values[i] = row(c, "pfn.param" + i, source);
        try {
            net.restore(values);
        } catch (HepmlException e) {
            net.close();
            throw new HepmlException(source + ": " + e.getMessage(), e);
        }
        return net;
    }

    private static float[] row(ModelFile.Contents c, String name, String source) {
        float[][] t = c.tables().get(name);
        if (t == null || t.length != 1) throw new HepmlException(source + " lacks the table " + name + " of its particle-flow network.");
        return t[0];
    }

    private static String join(int[] v) {
        return String.join(",", Arrays.stream(v).mapToObj(Integer::toString).toList());
    }

    private static int[] ints(String s) {
        return Arrays.stream(s.split(",")).filter(t -> !t.isEmpty()).mapToInt(Integer::parseInt).toArray();
    }

    @Override
    public void close() {
        manager.close();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s on %d particles x %d features: Phi %s-%d, F %d-%s-%d, %s", kind, particles, features,
                join(phi).replace(',', '-'), latent, latent, join(f).replace(',', '-'), outputs, activation.name().toLowerCase(Locale.ROOT));
    }

    /** Chooses activation and device; {@link #build(float[][])} learns the standardisation from training rows. */
    public static final class Builder {
        private final Kind kind;
        private final int particles, features, latent, outputs;
        private final int[] phi, f;
        private final long seed;
        private Activation activation = Activation.RELU;
        private Device device;

        Builder(Kind kind, int particles, int features, int[] phi, int latent, int[] f, int outputs, long seed) {
            this.kind = kind;
            this.particles = particles;
            this.features = features;
            this.phi = phi.clone();
            this.latent = latent;
            this.f = f.clone();
            this.outputs = outputs;
            this.seed = seed;
        }

        public Builder activation(Activation a) {
            this.activation = a;
            return this;
        }

        public Builder device(Device d) {
            this.device = d;
            return this;
        }

        /** Standardised with the mean and std of the real particles of {@code rows} ([jet][M*F]). */
        public ParticleFlowNetwork build(float[][] rows) {
            if (rows.length == 0) throw new HepmlException("No training jets to learn the feature scales from.");
            float[][] ms = standardisation(kind, rows, particles, features);
            return build(ms[0], ms[1]);
        }

        /** Without standardisation (mean 0, std 1). */
        public ParticleFlowNetwork build() {
            int d = kind == Kind.PFN ? features : features - 1;
            float[] mean = new float[Math.max(d, 0)], std = new float[Math.max(d, 0)];
            Arrays.fill(std, 1f);
            return build(mean, std);
        }

        public ParticleFlowNetwork build(float[] mean, float[] std) {
            return new ParticleFlowNetwork(kind, particles, features, phi, latent, f, outputs, activation, mean, std, seed, device);
        }
    }
}
