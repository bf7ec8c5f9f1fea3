package org.hepml.engine.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import org.hepml.engine.HepmlException;
import org.hepml.engine.Progress;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * An ensemble of K networks trained as one: the members' weights stacked ({@link FusedMlp}), each step one batched
 * forward pass, one backward pass of the sum of the members' losses and one Adam update for all of them. Each member
 * still trains as {@link Trainer} would train it alone with its own seed: its own validation split and shuffled batch
 * order (drawn from its seed in the same sequence), its own loss (a weighted mean over its own batch, {@link Batch#mean}),
 * its own validation loss, best epoch and early stopping. A member that stops leaves the fused network (the others go on
 * without it) and gets its best epoch back, as a separate training would. So K members give what K trainings give, to
 * float rounding, at the arithmetic of K networks but the per-operation overhead (JNI calls, Java wrappers, one Adam
 * call per parameter) of one: for small networks, where that overhead is most of a step, a fraction of the time of K
 * separate trainings (bench/ensemble/README.md).
 * <p>Adam with the learning-rate schedule of the settings; no gradient clipping or SGD (what the estimators use). A
 * training whose members could not keep in step (groups that give members training sets of different sizes) runs the
 * members one after the other with {@link Trainer} instead. A thread interrupt stops all members after the current
 * batch, each keeping its best state so far.
 */
public final class FusedEnsemble {
    /** Rows gathered at a time for a block of batches: a bound on the memory the shuffled copies take. */
    private int blockRows = 1 << 18;
    private final TrainingSettings settings;
    private final long[] seeds;
    private int[] tangentInputs;
    private String title = "Training ensemble";

    /** Member k trains as {@code new Trainer(settings.withSeed(seeds[k]))} would. */
    public FusedEnsemble(TrainingSettings settings, long[] seeds) {
        if (seeds.length == 0) throw new IllegalArgumentException("an ensemble needs at least one member");
        this.settings = settings;
        this.seeds = seeds.clone();
    }

    /** Inputs whose output tangents the loss reads, as {@link Trainer#tangents}. */
    public FusedEnsemble tangents(int... inputs) {
        this.tangentInputs = inputs.clone();
        return this;
    }

    public FusedEnsemble title(String title) {
        this.title = title;
        return this;
    }

    /** Gathers at most this many rows (all members) at a time; small values let tests cross block boundaries. */
    FusedEnsemble blockRows(int rows) {
        this.blockRows = rows;
        return this;
    }

    /** What one member sees: its validation and training rows and the random stream its batch order comes from. */
    private static final class Member {
        final int index;
        final SplittableRandom rng;
        final int[] validation, training;
        final List<Double> trainLoss = new ArrayList<>(), valLoss = new ArrayList<>();
        final List<List<Double>> trainTerms = new ArrayList<>(), valTerms = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY, sum, wsum, seconds;
        double[] termSums;
        int bestEpoch;
        long samples;
        float[][] bestState;
        boolean interrupted;

        Member(int index, long seed, int n, int nVal, int[] groups, int terms) {
            this.index = index;
            this.rng = new SplittableRandom(seed);
            int[][] split = Trainer.validationSplit(n, nVal, groups, rng); // the same draws as Trainer.fit
            validation = split[0];
            training = split[1];
            for (int k = 0; k < terms; k++) {
                trainTerms.add(new ArrayList<>());
                valTerms.add(new ArrayList<>());
            }
        }
    }

    /**
     * Trains every member of {@code nets} (one architecture, one device; member k seeded with {@code seeds[k]}) in
     * place and returns their histories in order; each network holds its best state afterwards.
     */
    public List<TrainingHistory> fit(List<Mlp> nets, TrainingData data, Loss loss) {
        if (nets.size() != seeds.length) throw new IllegalArgumentException(nets.size() + " networks for " + seeds.length + " seeds");
        int n = data.size();
        for (Mlp net : nets) {
            if (data.inputs() != net.inputs()) {
                throw new HepmlException("The network has " + net.inputs() + " inputs but the data " + data.inputs() + ".");
            }
        }
        JniUtils.setGradMode(false); // as in Trainer: on only around the forward and backward pass
        Trainer schedule = new Trainer(settings);
        int nVal = n - schedule.trainingEvents(n);
        List<Loss.Term> terms = loss.terms();
        List<Member> all = new ArrayList<>();
        for (int k = 0; k < seeds.length; k++) all.add(new Member(k, seeds[k], n, nVal, data.groups, terms.size()));
        if (all.stream().anyMatch(m -> m.training.length != all.get(0).training.length || m.validation.length != all.get(0).validation.length)) {
            return sequential(nets, data, loss); // batches of different sizes cannot be stacked
        }
        // a fused step does the work of K members' batches: the thread count is chosen for that work
        IntraOpThreads.Choice choice = IntraOpThreads.choose(settings.threads(), nets.get(0), settings.batchSize() * seeds.length);
        try (IntraOpThreads.Scope ignored = IntraOpThreads.apply(choice)) {
            return fused(nets, data, loss, schedule, all).stream().map(h -> h.withThreads(choice.threads())).toList();
        }
    }

    private List<TrainingHistory> sequential(List<Mlp> nets, TrainingData data, Loss loss) {
        List<TrainingHistory> out = new ArrayList<>();
        for (int k = 0; k < nets.size(); k++) {
            Trainer t = new Trainer(settings.withSeed(seeds[k])).title(title + " (member " + (k + 1) + "/" + nets.size() + ")");
            if (tangentInputs != null) t.tangents(tangentInputs);
            TrainingHistory h = t.fit(nets.get(k), data, loss);
            out.add(h);
            if (h.interrupted()) break;
        }
        return out;
    }

    private List<TrainingHistory> fused(List<Mlp> nets, TrainingData data, Loss loss, Trainer schedule, List<Member> all) {
        int epochs = settings.epochs(), batchSize = settings.batchSize(), patience = settings.patience();
        int trainSize = all.get(0).training.length, valSize = all.get(0).validation.length;
        int batchesPerEpoch = (trainSize + batchSize - 1) / batchSize;
        List<Member> live = new ArrayList<>(all);
        long t0 = System.nanoTime();
        int step = 0;
        boolean interrupted = false;
        try (FusedMlp net = FusedMlp.of(nets);
             NDManager dataManager = NDManager.newBaseManager(net.device());
             Progress progress = Progress.start(title + " (" + all.size() + " members, fused)", (long) epochs * batchesPerEpoch, "batches")) {
            Table table = Table.of(dataManager, data);
            List<NDArray[]> moments = new ArrayList<>();
            for (NDArray p : net.parameters()) {
                moments.add(new NDArray[]{dataManager.zeros(p.getShape(), DataType.FLOAT32), dataManager.zeros(p.getShape(), DataType.FLOAT32)});
            }
            String status = "";
            epochLoop:
            for (int epoch = 0; epoch < epochs; epoch++) {
                float lr = (float) schedule.rate(epoch);
                int[][] order = new int[live.size()][];
                for (int j = 0; j < live.size(); j++) {
                    Member m = live.get(j);
                    order[j] = Trainer.permutation(trainSize, m.rng); // the member's own shuffle, as Trainer.fit draws it
                    m.sum = m.wsum = 0;
                    m.termSums = new double[terms(loss)];
                }
                // the members' rows of a block of batches are gathered at once, batch after batch (and within a batch
                // member after member), so that each batch is one contiguous slice of the block
                int blockBatches = Math.max(1, blockRows / (live.size() * batchSize));
                NDManager blockManager = null;
                Table block = null;
                for (int b = 0; b < batchesPerEpoch; b++) {
                    if (Thread.currentThread().isInterrupted()) {
                        interrupted = true;
                        if (blockManager != null) blockManager.close();
                        break epochLoop;
                    }
                    int from = b * batchSize, to = Math.min(trainSize, from + batchSize);
                    if (b % blockBatches == 0) {
                        if (blockManager != null) blockManager.close();
                        blockManager = dataManager.newSubManager();
                        int end = Math.min(trainSize, (b + blockBatches) * batchSize);
                        int[] rows = new int[live.size() * (end - from)];
                        for (int start = from, r = 0; start < end; start += batchSize) {
                            for (int j = 0; j < live.size(); j++) {
                                int[] training = live.get(j).training;
                                for (int i = start; i < Math.min(end, start + batchSize); i++) rows[r++] = training[order[j][i]];
                            }
                        }
                        block = table.gather(blockManager, rows);
                    }
                    try (NDManager batchManager = dataManager.newSubManager()) {
                        int offset = live.size() * (from - (b / blockBatches) * blockBatches * batchSize);
                        Batch batch = block.slice(batchManager, offset, offset + live.size() * (to - from), live.size());
                        float[] values; // [1 + terms + 1][member]: totals, each term, weight sums
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            Loss.Values l = evaluate(net, batch, loss);
                            values = read(l, batch, live.size());
                            for (int j = 0; j < live.size(); j++) {
                                if (!Float.isFinite(values[j])) {
                                    throw new HepmlException("The loss of ensemble member " + (live.get(j).index + 1) + " became " + values[j]
                                            + " in epoch " + (epoch + 1) + "; lower the learning rate (--lr) or check the inputs for extreme values.");
                                }
                            }
                            gc.backward(l.total().sum());
                        }
                        adam(net.parameters(), moments, lr, ++step, batchManager);
                        int k = live.size(), t = terms(loss);
                        for (int j = 0; j < k; j++) {
                            Member m = live.get(j);
                            float w = values[(1 + t) * k + j];
                            m.sum += values[j] * w;
                            for (int q = 0; q < t; q++) m.termSums[q] += values[(1 + q) * k + j] * w;
                            m.wsum += w;
                            m.samples += to - from;
                        }
                    }
                    double secs = (System.nanoTime() - t0) / 1e9;
                    status = status(epoch, epochs, live, all, secs);
                    progress.update((long) epoch * batchesPerEpoch + b + 1, status);
                }
                if (blockManager != null) blockManager.close();
                double[][] validation = valSize > 0 ? validationLoss(net, table, live, valSize, loss, dataManager) : null;
                float[][][] state = null;
                List<Member> stopped = new ArrayList<>();
                for (int j = 0; j < live.size(); j++) {
                    Member m = live.get(j);
                    m.trainLoss.add(m.sum / m.wsum);
                    for (int q = 0; q < m.termSums.length; q++) m.trainTerms.get(q).add(m.termSums[q] / m.wsum);
                    double v = validation != null ? validation[j][0] : m.sum / m.wsum;
                    m.valLoss.add(validation != null ? v : Double.NaN);
                    for (int q = 0; q < m.termSums.length; q++) m.valTerms.get(q).add(validation != null ? validation[j][q + 1] : Double.NaN);
                    if (v < m.best) {
                        m.best = v;
                        m.bestEpoch = epoch + 1;
                        if (state == null) state = net.snapshot();
                        m.bestState = state[j];
                    } else if (patience > 0 && epoch + 1 - m.bestEpoch >= patience) {
                        stopped.add(m);
                    }
                }
                if (!stopped.isEmpty()) {
                    for (Member m : stopped) m.seconds = (System.nanoTime() - t0) / 1e9;
                    writeBack(nets, net, live, stopped);
                    if (stopped.size() == live.size()) {
                        live.clear();
                        break;
                    }
                    // the others go on without the stopped members: their slices leave the weights and Adam's moments
                    int[] kept = new int[live.size() - stopped.size()];
                    for (int j = 0, q = 0; j < live.size(); j++) if (!stopped.contains(live.get(j))) kept[q++] = j;
                    net.keep(kept, moments);
                    live.removeAll(stopped);
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            for (Member m : live) {
                m.seconds = secs;
                m.interrupted = interrupted;
            }
            writeBack(nets, net, live, live);
            for (Member m : all) if (m.bestState != null) nets.get(m.index).restore(m.bestState);
            progress.finish(interrupted ? "interrupted; each member kept its best epoch" : status);
        }
        List<TrainingHistory> out = new ArrayList<>();
        for (Member m : all) {
            List<TrainingHistory.TermCurve> curves = new ArrayList<>();
            for (int q = 0; q < terms(loss); q++) {
                Loss.Term t = loss.terms().get(q);
                curves.add(new TrainingHistory.TermCurve(t.name(), t.weight(), m.trainTerms.get(q), m.valTerms.get(q)));
            }
            out.add(new TrainingHistory(m.trainLoss, m.valLoss, m.bestEpoch, m.seconds, m.samples, m.interrupted, curves));
        }
        return out;
    }

    private static int terms(Loss loss) {
        return loss.terms().size();
    }

    /** Copies the current state of the members {@code which} (all in {@code live}) into their networks. */
    private static void writeBack(List<Mlp> nets, FusedMlp net, List<Member> live, List<Member> which) {
        if (which.isEmpty()) return;
        float[][][] state = net.snapshot();
        for (int j = 0; j < live.size(); j++) if (which.contains(live.get(j))) nets.get(live.get(j).index).restore(state[j]);
    }

    /** The progress line: the members' mean training loss so far this epoch and their last validation loss. */
    private static String status(int epoch, int epochs, List<Member> live, List<Member> all, double secs) {
        double loss = 0, val = 0;
        long samples = 0;
        for (Member m : live) {
            loss += m.sum / m.wsum / live.size();
            if (!m.valLoss.isEmpty()) val += m.valLoss.get(m.valLoss.size() - 1) / live.size();
        }
        for (Member m : all) samples += m.samples;
        return String.format(Locale.ROOT, "epoch %d/%d  loss %.4f%s  %d/%d members training  %.0fk samples/s", epoch + 1, epochs, loss,
                live.get(0).valLoss.isEmpty() || Double.isNaN(val) ? "" : String.format(Locale.ROOT, "  val %.4f", val),
                live.size(), all.size(), samples / secs / 1e3);
    }

    private Loss.Values evaluate(FusedMlp net, Batch batch, Loss loss) {
        int k = net.members();
        long rows = batch.inputs().getShape().get(0) / k;
        NDArray x = batch.inputs().reshape(k, rows, batch.inputs().getShape().get(1));
        NDArray out, tangents = null;
        if (tangentInputs != null) {
            Mlp.WithTangents o = net.forwardWithTangents(x, tangentInputs);
            out = o.outputs();
            tangents = o.tangents().reshape(tangentInputs.length, k * rows, net.outputs());
        } else {
            out = net.forward(x);
        }
        Loss.Values l = loss.values(out.reshape(k * rows, net.outputs()), tangents, batch);
        if (!l.total().getShape().equals(new Shape(k))) {
            throw new IllegalStateException("A fused ensemble needs a loss that takes each member's weighted mean with Batch.mean;"
                    + " this one gave shape " + l.total().getShape() + " for " + k + " members.");
        }
        return l;
    }

    /** The totals, each term and the weight sums, [1 + terms + 1][member] flattened, in one read from the device. */
    private static float[] read(Loss.Values l, Batch batch, int members) {
        NDList all = new NDList(l.terms().size() + 2);
        all.add(l.total());
        all.addAll(l.terms());
        all.add(batch.weightSum());
        return NDArrays.stack(all).toFloatArray();
    }

    /**
     * Each live member's validation loss, the total then every term ({@code [member][1 + terms]}), in chunks of rows as
     * {@link Trainer} takes them, so that the sums run in the same order.
     */
    private double[][] validationLoss(FusedMlp net, Table table, List<Member> live, int size, Loss loss, NDManager parent) {
        int k = live.size(), t = terms(loss), chunk = 8192;
        double[][] sum = new double[k][t + 1];
        double[] wsum = new double[k];
        for (int from = 0; from < size; from += chunk) {
            int to = Math.min(size, from + chunk);
            try (NDManager m = parent.newSubManager()) {
                int[] rows = new int[k * (to - from)];
                for (int j = 0, r = 0; j < k; j++) for (int i = from; i < to; i++) rows[r++] = live.get(j).validation[i];
                Batch b = table.gather(m, rows).slice(m, 0, rows.length, k);
                float[] v = read(evaluate(net, b, loss), b, k);
                for (int j = 0; j < k; j++) {
                    float w = v[(1 + t) * k + j];
                    for (int q = 0; q <= t; q++) sum[j][q] += v[q * k + j] * w;
                    wsum[j] += w;
                }
            }
        }
        for (int j = 0; j < k; j++) for (int q = 0; q <= t; q++) sum[j][q] /= wsum[j];
        return sum;
    }

    /** One Adam step for all members at once: the update is elementwise, so stacking changes nothing (see Trainer.update). */
    private static void adam(List<NDArray> params, List<NDArray[]> moments, float lr, int step, NDManager tmp) {
        float b1 = 0.9f, b2 = 0.999f, eps = 1e-8f;
        double c1 = 1 - Math.pow(b1, step), c2 = 1 - Math.pow(b2, step);
        for (int i = 0; i < params.size(); i++) {
            NDArray p = params.get(i), g = p.getGradient();
            g.attach(tmp);
            JniUtils.adamUpdate((PtNDArray) p, (PtNDArray) g, (PtNDArray) moments.get(i)[0], (PtNDArray) moments.get(i)[1],
                    lr, (float) (lr * Math.sqrt(c2) / c1), 0f, 1f, -1f, b1, b2, (float) (eps * Math.sqrt(c2)), false);
            g.muli(0f); // PyTorch accumulates gradients; clear them for the next batch
        }
    }

    /** The training data on the device once; a block of batches gathers its members' rows from it. */
    private record Table(NDArray x, NDArray w, Map<String, NDArray> targets) {
        static Table of(NDManager m, TrainingData data) {
            int n = data.size(), d = data.inputs();
            float[] flat = new float[n * d], w = new float[n];
            for (int i = 0; i < n; i++) {
                System.arraycopy(data.features[i], 0, flat, i * d, d);
                w[i] = data.weights == null ? 1f : data.weights[i];
            }
            Map<String, NDArray> t = new HashMap<>();
            data.targets.forEach((name, v) -> {
                int width = v[0].length;
                float[] f = new float[n * width];
                for (int i = 0; i < n; i++) System.arraycopy(v[i], 0, f, i * width, width);
                t.put(name, m.create(f, new Shape(n, width)));
            });
            return new Table(m.create(flat, new Shape(n, d)), m.create(w), t);
        }

        /** {@code a}, handed to {@code m} (an indexing result first belongs to the indexed array's manager). */
        private static NDArray own(NDManager m, NDArray a) {
            a.attach(m);
            return a;
        }

        /** The rows {@code rows}, in that order, as a table owned by {@code m}. */
        Table gather(NDManager m, int[] rows) {
            long[] idx = new long[rows.length];
            for (int i = 0; i < rows.length; i++) idx[i] = rows[i];
            NDArray index = m.create(idx);
            Map<String, NDArray> t = new HashMap<>();
            targets.forEach((name, a) -> t.put(name, own(m, a.get(index))));
            return new Table(own(m, x.get(index)), own(m, w.get(index)), t);
        }

        /**
         * Rows {@code from} to {@code to} as the fused batch of {@code members} whose rows they are (member after member,
         * the same count each), owned by {@code m}.
         */
        Batch slice(NDManager m, int from, int to, int members) {
            NDIndex rows = new NDIndex().addSliceDim(from, to);
            Map<String, NDArray> t = new HashMap<>();
            targets.forEach((name, a) -> t.put(name, own(m, a.get(rows))));
            return new Batch(own(m, x.get(rows)), own(m, w.get(rows)).reshape(members, (to - from) / members), t);
        }
    }
}
