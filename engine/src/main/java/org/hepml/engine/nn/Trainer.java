package org.hepml.engine.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import org.hepml.engine.Cancelled;
import org.hepml.engine.HepmlException;
import org.hepml.engine.Progress;
import org.hepml.engine.Quantities;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The one training loop of hepml: weighted mini-batches, Adam or SGD, a learning-rate schedule, a
 * validation split with early stopping that keeps the best state, gradient clipping, and a loss given as a
 * function of the outputs (and their input tangents). Written by hand on DJL NDArrays rather than with DJL's
 * Trainer, which copies every gradient each step and is slower (docs/DJL-NOTES.md). Every batch works in its own
 * sub-manager that is closed afterwards, so native memory stays flat over epochs and trainings.
 * <p>A thread interrupt (a Jupyter kernel interrupt) stops training after the current batch; the best state
 * so far is restored and the history says it was interrupted. Interrupted before any epoch finished, there is no
 * best state: {@link #fit} throws {@link Cancelled} rather than hand back an untrained network.
 */
public final class Trainer {
    public enum Optimizer { ADAM, SGD }

    /** How often the progress status line is formatted during an epoch (displays redraw at most a few times a second). */
    private static final long STATUS_INTERVAL_NS = 200_000_000L;

    public enum Schedule { CONSTANT, EXPONENTIAL, COSINE }

    private final int epochs;
    private final int batchSize;
    private final double learningRate;
    private final double finalLearningRate;
    private final Schedule schedule;
    private Optimizer optimizer = Optimizer.ADAM;
    private final double validationFraction;
    private final int patience;
    private double clipNorm = Double.POSITIVE_INFINITY;
    private final long seed;
    private final int threads;
    private int[] tangentInputs;
    private OptimizerState carried;
    private String title = "Training";
    private MeasuredThreads stepThreads;
    /** Optimizer steps skipped for a non-finite gradient (only with gradient clipping on). */
    private int skippedSteps;

    /**
     * A training with the epochs, batch size, learning rate and its decay, validation split, patience and seed of
     * {@code settings} (already checked when they were made); the layers and device are the network's.
     */
    public Trainer(TrainingSettings settings) {
        this.epochs = settings.epochs();
        this.batchSize = settings.batchSize();
        this.learningRate = settings.learningRate();
        this.schedule = settings.decay().shape();
        this.finalLearningRate = settings.finalLearningRate();
        this.validationFraction = settings.validationFraction();
        this.patience = settings.patience();
        this.seed = settings.seed();
        this.threads = settings.threads();
    }

    public Trainer optimizer(Optimizer optimizer) {
        this.optimizer = optimizer;
        return this;
    }

    /**
     * The optimizer's state (Adam's moments and step count) to start from and to leave updated, so that a
     * later fit of the same network continues where this one stopped instead of restarting Adam.
     */
    public Trainer optimizerState(OptimizerState state) {
        this.carried = state;
        return this;
    }

    /** Adam's moments for one network, kept between fits; close it with the network. */
    public static final class OptimizerState implements AutoCloseable {
        private NDManager manager;
        private List<NDArray[]> moments;
        private int step;

        List<NDArray[]> moments(List<NDArray> params) {
            if (moments == null) {
                manager = NDManager.newBaseManager(params.get(0).getDevice());
                moments = new ArrayList<>();
                for (NDArray p : params) {
                    moments.add(new NDArray[]{manager.zeros(p.getShape(), DataType.FLOAT32), manager.zeros(p.getShape(), DataType.FLOAT32)});
                }
            }
            return moments;
        }

        @Override
        public void close() {
            if (manager != null) manager.close();
            manager = null;
            moments = null;
            step = 0;
        }
    }

    /** Optimizer steps the last fit skipped because the gradient was not finite (only counted with {@link #clipNorm}). */
    public int skippedSteps() {
        return skippedSteps;
    }

    public Trainer clipNorm(double clipNorm) {
        this.clipNorm = clipNorm;
        return this;
    }

    /** Inputs whose output tangents the loss reads (e.g. the theta columns for score-based losses). */
    public Trainer tangents(int... inputs) {
        this.tangentInputs = inputs.clone();
        return this;
    }

    public Trainer title(String title) {
        this.title = title;
        return this;
    }

    double rate(int epoch) {
        double t = epochs > 1 ? (double) epoch / (epochs - 1) : 0;
        return switch (schedule) {
            case CONSTANT -> learningRate;
            case EXPONENTIAL -> learningRate * Math.pow(finalLearningRate / learningRate, t);
            case COSINE -> finalLearningRate + 0.5 * (learningRate - finalLearningRate) * (1 + Math.cos(Math.PI * t));
        };
    }

    /**
     * Trains {@code net} in place; returns the history. The network holds the best validation state afterwards.
     * libtorch's intra-op threads are a count set for the training, else measured on its own steps ({@link IntraOpThreads},
     * {@link MeasuredThreads}: one count or another gives the same numbers), and are put back afterwards; the history
     * records the count most steps ran with.
     */
    public TrainingHistory fit(Trainable net, TrainingData data, Loss loss) {
        if (data.inputs() != net.inputs()) {
            throw new HepmlException("The network has " + net.inputs() + " inputs but the data " + data.inputs() + ".");
        }
        // PyTorch's grad mode is per thread and on by default; kernel cells run on fresh threads. Off here, the
        // gradient collector turns it on only around the forward and backward pass.
        JniUtils.setGradMode(false);
        IntraOpThreads.Choice choice = IntraOpThreads.choose(threads, net, batchSize);
        if (!choice.measured() && stepThreads == null) {
            try (IntraOpThreads.Scope ignored = IntraOpThreads.apply(choice)) {
                return train(net, data, loss, null).withThreads(choice.threads());
            }
        }
        MeasuredThreads measured = stepThreads != null ? stepThreads
                : new MeasuredThreads(MeasuredThreads.countsFor(Runtime.getRuntime().availableProcessors()), shapeKey(net), System.nanoTime(), MeasuredThreads.JIT_MILLIS)
                        .settling(MeasuredThreads.SWITCH_NS);
        try (IntraOpThreads.Scope ignored = IntraOpThreads.apply(new IntraOpThreads.Choice(measured.next(), measured.reason(), true))) {
            TrainingHistory h = train(net, data, loss, measured);
            IntraOpThreads.ended(new IntraOpThreads.Choice(measured.chosen(), measured.reason(), true));
            return h.withThreads(measured.mostUsed());
        }
    }

    /** Test hook: the step-by-step thread choice to use instead of a fresh {@link MeasuredThreads}. */
    Trainer stepThreads(MeasuredThreads m) {
        this.stepThreads = m;
        return this;
    }

    /** What a remembered thread choice is for: the network's kind and parameter shapes, the batch size, tangents or not. */
    private String shapeKey(Trainable net) {
        StringBuilder k = new StringBuilder(net.getClass().getName());
        for (NDArray p : net.parameters()) k.append(p.getShape());
        return k.append(" batch ").append(batchSize).append(tangentInputs != null ? " tangents" : "").toString();
    }

    private TrainingHistory train(Trainable net, TrainingData data, Loss loss, MeasuredThreads measured) {
        int n = data.size();
        SplittableRandom rng = new SplittableRandom(seed);
        int[][] split = validationSplit(n, n - trainingEvents(n), data.groups, rng);
        int[] val = split[0], train = split[1];
        int nVal = val.length;
        List<NDArray> params = net.parameters();
        List<Double> trainLoss = new ArrayList<>(), valLoss = new ArrayList<>();
        List<Loss.Term> terms = loss.terms();
        // per epoch, every term's weighted mean over the training and the validation events
        List<List<Double>> trainTerms = new ArrayList<>(), valTerms = new ArrayList<>();
        for (int k = 0; k < terms.size(); k++) {
            trainTerms.add(new ArrayList<>());
            valTerms.add(new ArrayList<>());
        }
        int batchesPerEpoch = (train.length + batchSize - 1) / batchSize;
        long t0 = System.nanoTime(), samples = 0;
        double best = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        float[][] bestState = null;
        boolean interrupted = false;
        // without a carried state the optimizer starts fresh and its state ends with this fit
        OptimizerState fresh = carried == null ? new OptimizerState() : null, adam = carried != null ? carried : fresh;
        try (NDManager dataManager = NDManager.newBaseManager(params.get(0).getDevice());
             Progress progress = Progress.start(title, (long) epochs * batchesPerEpoch, "batches");
             OptimizerState ignored = fresh) {
            // every row on the device once, in the data's order; the validation rows and each epoch's shuffled training
            // rows are gathered from it natively (the same values as copying those rows from Java, in far less time)
            DeviceData all = DeviceData.of(dataManager, data), valSet = nVal > 0 ? all.rows(dataManager, val) : null;
            List<NDArray[]> state = adam.moments(params);
            String status = "";
            long statusAt = t0 - STATUS_INTERVAL_NS; // the first batch shows a status
            epochLoop:
            for (int epoch = 0; epoch < epochs; epoch++) {
                float lr = (float) rate(epoch);
                int[] perm = permutation(train.length, rng);
                double sum = 0, wsum = 0;
                double[] termSums = new double[terms.size()];
                try (NDManager epochManager = dataManager.newSubManager()) {
                    DeviceData shuffled = all.rows(epochManager, compose(train, perm));
                    for (int b = 0; b < batchesPerEpoch; b++) {
                        if (Thread.currentThread().isInterrupted()) {
                            interrupted = true;
                            break epochLoop;
                        }
                        int from = b * batchSize, to = Math.min(train.length, from + batchSize);
                        long stepStart = 0;
                        if (measured != null) {
                            int t = measured.next();
                            if (t != JniUtils.getNumThreads()) JniUtils.setNumThreads(t);
                            stepStart = System.nanoTime();
                        }
                        try (NDManager batchManager = epochManager.newSubManager()) {
                            Batch batch = shuffled.slice(batchManager, from, to);
                            float value;
                            float[] termValues;
                            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                                Loss.Values l = evaluate(net, batch, loss);
                                termValues = read(l); // the total first, then each term
                                value = termValues[0];
                                if (!Float.isFinite(value)) {
                                    throw new HepmlException("The loss became " + value + " in epoch " + (epoch + 1)
                                            + "; lower the learning rate (--lr) or check the inputs for extreme values.");
                                }
                                gc.backward(l.total());
                            }
                            update(params, state, lr, ++adam.step, batchManager);
                            float w = batch.weightSum().getFloat(); // computed once with the batch; the loss used it too
                            sum += value * w;
                            for (int k = 0; k < termSums.length; k++) termSums[k] += termValues[k + 1] * w;
                            wsum += w;
                            samples += to - from;
                        }
                        long now = System.nanoTime();
                        if (measured != null && to - from == batchSize) measured.took(now - stepStart, now); // full batches only
                        // the status line is formatted at most every STATUS_INTERVAL and at each epoch's end: formatting
                        // it every batch cost more than slicing the batch, and kept the JIT compiling the Formatter
                        // through the first epochs (bench/training/README.md); the count still moves every batch
                        if (b == batchesPerEpoch - 1 || now - statusAt >= STATUS_INTERVAL_NS) {
                            statusAt = now;
                            status = String.format(Locale.ROOT, "epoch %d/%d  loss %.4f%s  %s", epoch + 1, epochs,
                                    sum / wsum, valLoss.isEmpty() || valLoss.get(valLoss.size() - 1).isNaN() ? ""
                                            : String.format(Locale.ROOT, "  val %.4f", valLoss.get(valLoss.size() - 1)),
                                    Quantities.rate(samples / ((now - t0) / 1e9), "samples"));
                        }
                        progress.update((long) epoch * batchesPerEpoch + b + 1, status);
                    }
                }
                trainLoss.add(sum / wsum);
                for (int k = 0; k < termSums.length; k++) trainTerms.get(k).add(termSums[k] / wsum);
                double[] validation = valSet != null ? validationLoss(net, valSet, loss, dataManager) : null;
                double v = validation != null ? validation[0] : sum / wsum;
                valLoss.add(validation != null ? v : Double.NaN);
                for (int k = 0; k < termSums.length; k++) valTerms.get(k).add(validation != null ? validation[k + 1] : Double.NaN);
                if (v < best) {
                    best = v;
                    bestEpoch = epoch + 1;
                    bestState = net.snapshot();
                } else if (patience > 0 && epoch + 1 - bestEpoch >= patience) {
                    break;
                }
            }
            if (interrupted && bestEpoch == 0) {
                // an untrained network is no result: nothing is kept (the caller closes the network)
                progress.finish("interrupted in epoch " + (trainLoss.size() + 1) + " of " + epochs + "; nothing kept");
                throw Cancelled.saying(title + " was interrupted in epoch " + (trainLoss.size() + 1) + " of " + epochs
                        + ", before any epoch finished; nothing was stored.");
            }
            if (bestState != null) net.restore(bestState);
            progress.finish(interrupted ? "interrupted in epoch " + (trainLoss.size() + 1) + " of " + epochs + "; kept epoch " + bestEpoch : status);
        }
        List<TrainingHistory.TermCurve> curves = new ArrayList<>();
        for (int k = 0; k < terms.size(); k++) {
            curves.add(new TrainingHistory.TermCurve(terms.get(k).name(), terms.get(k).weight(), trainTerms.get(k), valTerms.get(k)));
        }
        return new TrainingHistory(trainLoss, valLoss, bestEpoch, (System.nanoTime() - t0) / 1e9, samples, interrupted, curves);
    }

    /** How many of {@code n} events the optimizer sees (the rest are the validation set; with groups, to within one group). */
    public int trainingEvents(int n) {
        return n - (validationFraction > 0 ? Math.max(1, (int) Math.round(n * validationFraction)) : 0);
    }

    private Loss.Values evaluate(Trainable net, Batch batch, Loss loss) {
        if (tangentInputs != null) {
            if (!(net instanceof Mlp mlp)) throw new HepmlException("Input tangents are only propagated through a plain MLP.");
            Mlp.WithTangents o = mlp.forwardWithTangents(batch.inputs(), tangentInputs);
            return loss.values(o.outputs(), o.tangents(), batch);
        }
        return loss.values(net.forward(batch.inputs()), null, batch);
    }

    /** The total, then every term, as floats: one read from the device (the total alone when it is the only term). */
    private static float[] read(Loss.Values l) {
        if (l.terms().size() == 1 && l.terms().get(0) == l.total()) {
            float total = l.total().getFloat();
            return new float[]{total, total};
        }
        NDList all = new NDList(l.terms().size() + 1);
        all.add(l.total());
        all.addAll(l.terms());
        return NDArrays.stack(all).toFloatArray();
    }

    /** The validation set's weighted mean loss: the total, then every term. */
    private double[] validationLoss(Trainable net, DeviceData set, Loss loss, NDManager parent) {
        double[] sum = new double[loss.terms().size() + 1];
        double wsum = 0;
        int chunk = 8192;
        for (int from = 0; from < set.size(); from += chunk) {
            try (NDManager m = parent.newSubManager()) {
                Batch b = set.slice(m, from, Math.min(set.size(), from + chunk));
                float w = b.weightSum().getFloat();
                float[] v = read(evaluate(net, b, loss));
                for (int k = 0; k < sum.length; k++) sum[k] += v[k] * w;
                wsum += w;
            }
        }
        for (int k = 0; k < sum.length; k++) sum[k] /= wsum;
        return sum;
    }

    /** One optimizer step; every temporary is attached to the batch's manager. */
    private void update(List<NDArray> params, List<NDArray[]> state, float lr, int step, NDManager tmp) {
        NDArray[] grads = new NDArray[params.size()];
        double norm2 = 0;
        for (int i = 0; i < grads.length; i++) {
            grads[i] = params.get(i).getGradient();
            grads[i].attach(tmp);
            if (Double.isFinite(clipNorm)) norm2 += grads[i].square().sum().getFloat();
        }
        if (Double.isFinite(clipNorm) && !Double.isFinite(norm2)) {
            // a non-finite gradient would poison every parameter through Adam: with clipping on, the step is skipped, as
            // PyTorch's GradScaler skips inf/NaN steps (the flows' NaN gradients came from freed scalars, see Scalars;
            // this stays as a guard)
            for (NDArray p : params) JniUtils.zeroGrad((PtNDArray) p);
            skippedSteps++;
            return;
        }
        float scale = Double.isFinite(clipNorm) && Math.sqrt(norm2) > clipNorm ? (float) (clipNorm / Math.sqrt(norm2)) : 1f;
        for (int i = 0; i < grads.length; i++) {
            NDArray p = params.get(i);
            if (optimizer == Optimizer.SGD) {
                NDArray g = scale == 1f ? grads[i] : grads[i].mul(scale);
                p.subi(g.mul(lr));
            } else {
                // Adam in one native call per parameter (DJL's fused update; the op-by-op version cost a third of
                // a batch-256 step, bench/training/README.md): m = b1 m + (1-b1) g, v = b2 v + (1-b2) g^2,
                // p -= lr/c1 m / (sqrt(v/c2) + eps), written as lr sqrt(c2)/c1 * m / (sqrt(v) + eps sqrt(c2)).
                // The gradient clipping factor goes in as its rescale argument.
                float b1 = 0.9f, b2 = 0.999f, eps = 1e-8f;
                double c1 = 1 - Math.pow(b1, step), c2 = 1 - Math.pow(b2, step);
                JniUtils.adamUpdate((PtNDArray) p, (PtNDArray) grads[i], (PtNDArray) state.get(i)[0], (PtNDArray) state.get(i)[1],
                        lr, (float) (lr * Math.sqrt(c2) / c1), 0f, scale, -1f, b1, b2, (float) (eps * Math.sqrt(c2)), false);
            }
            JniUtils.zeroGrad((PtNDArray) p); // PyTorch accumulates gradients; clear them in place for the next batch
        }
    }

    /**
     * The validation rows and the training rows: a random {@code nVal} of the {@code n} rows, or, where rows come in
     * groups, whole groups in random order until they hold at least {@code nVal} rows (fewer than one group more).
     * Without groups, or without a validation set, it draws the same one permutation of the rows as it always has.
     */
    static int[][] validationSplit(int n, int nVal, int[] groups, SplittableRandom rng) {
        if (groups == null || nVal == 0) {
            int[] order = permutation(n, rng);
            if (n - nVal < 1) throw new HepmlException("Too few events (" + n + ") to keep a validation set.");
            return new int[][]{Arrays.copyOfRange(order, 0, nVal), Arrays.copyOfRange(order, nVal, n)};
        }
        // number the groups 0..G-1 in order of first appearance, and list the rows of each (a counting sort)
        Map<Integer, Integer> number = new HashMap<>();
        int[] groupOf = new int[n];
        for (int i = 0; i < n; i++) groupOf[i] = number.computeIfAbsent(groups[i], id -> number.size());
        int count = number.size();
        int[] start = new int[count + 1];
        for (int g : groupOf) start[g + 1]++;
        for (int g = 0; g < count; g++) start[g + 1] += start[g];
        int[] members = new int[n], next = Arrays.copyOf(start, count);
        for (int i = 0; i < n; i++) members[next[groupOf[i]]++] = i;
        // rows in a random order of groups; validation takes whole groups from the front
        int[] rows = new int[n];
        int filled = 0, cut = -1;
        for (int g : permutation(count, rng)) {
            if (cut < 0 && filled >= nVal) cut = filled;
            for (int r = start[g]; r < start[g + 1]; r++) rows[filled++] = members[r];
        }
        if (cut < 0) {
            throw new HepmlException("Too few groups of events (" + count + " in " + n + " events) to keep a validation set.");
        }
        return new int[][]{Arrays.copyOfRange(rows, 0, cut), Arrays.copyOfRange(rows, cut, n)};
    }

    static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** {@code rows[perm[i]]} for every i: the epoch's order of the training rows, as rows of the whole data. */
    static int[] compose(int[] rows, int[] perm) {
        int[] out = new int[perm.length];
        for (int i = 0; i < perm.length; i++) out[i] = rows[perm[i]];
        return out;
    }

    /** Training arrays moved to the device once; batches are slices of a per-epoch gather of their rows. */
    static final class DeviceData {
        final NDArray x, w;
        final Map<String, NDArray> targets;

        private DeviceData(NDArray x, NDArray w, Map<String, NDArray> targets) {
            this.x = x;
            this.w = w;
            this.targets = targets;
        }

        int size() {
            return (int) x.getShape().get(0);
        }

        /**
         * All rows of {@code data} on the device, in the data's order. The rows are read in memory order: gathering a
         * shuffled subset from the {@code float[][]} rows instead missed the cache at nearly every row and cost more per
         * fit than a batch-4096 epoch's optimizer steps (bench/training/README.md, "Fourth pass").
         */
        static DeviceData of(NDManager m, TrainingData data) {
            int n = data.size(), d = data.inputs();
            Map<String, NDArray> t = new HashMap<>();
            data.targets.forEach((name, v) -> t.put(name, m.create(flatten(v), new Shape(n, v[0].length))));
            NDArray w = data.weights == null ? m.ones(new Shape(n), DataType.FLOAT32) : m.create(data.weights);
            return new DeviceData(m.create(flatten(data.features), new Shape(n, d)), w, t);
        }

        private static float[] flatten(float[][] rows) {
            int width = rows[0].length;
            float[] flat = new float[rows.length * width];
            for (int k = 0; k < rows.length; k++) System.arraycopy(rows[k], 0, flat, k * width, width);
            return flat;
        }

        /** Rows {@code rows} of this set, in that order: one native gather per array, owned by {@code m}. */
        DeviceData rows(NDManager m, int[] rows) {
            long[] idx = new long[rows.length];
            for (int i = 0; i < rows.length; i++) idx[i] = rows[i];
            NDArray index = m.create(idx);
            NDArray px = x.get(index), pw = w.get(index);
            px.attach(m);
            pw.attach(m);
            Map<String, NDArray> pt = new HashMap<>();
            targets.forEach((name, a) -> {
                NDArray p = a.get(index);
                p.attach(m);
                pt.put(name, p);
            });
            return new DeviceData(px, pw, pt);
        }

        Batch slice(NDManager m, int from, int to) {
            Map<String, NDArray> bt = new HashMap<>();
            targets.forEach((name, a) -> bt.put(name, rows(a, from, to, m)));
            return new Batch(rows(x, from, to, m), rows(w, from, to, m), bt);
        }

        /** Rows [from, to) as a view, owned by {@code m}: one native call (an NDIndex is parsed from a string each time). */
        private static NDArray rows(NDArray a, int from, int to, NDManager m) {
            NDArray view = JniUtils.slice((PtNDArray) a, 0, from, to, 1);
            view.attach(m);
            return view;
        }
    }
}
