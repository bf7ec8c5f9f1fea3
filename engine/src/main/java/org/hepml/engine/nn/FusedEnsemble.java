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
 * <p>The members may train on one set of events under their own weights (the replicas of an unfolding) and may carry
 * Adam's state from one fit to the next ({@link #optimizerStates}), as warm-started classifiers do.
 * <p>Adam with the learning-rate schedule of the settings; no gradient clipping or SGD (what the estimators use). A
 * training whose members could not keep in step (groups that give members training sets of different sizes) runs the
 * members one after the other with {@link Trainer} instead. A thread interrupt stops all members after the current
 * batch, each keeping its best state so far.
 */
public final class FusedEnsemble {
    /** How often the progress line is formatted during an epoch (as in {@link Trainer}). */
    private static final long STATUS_INTERVAL_NS = 200_000_000L;
    /** Rows gathered at a time for a block of batches: a bound on the memory the shuffled copies take. */
    private int blockRows = 1 << 18;
    private final TrainingSettings settings;
    private final long[] seeds;
    private int[] tangentInputs;
    private List<AdamMoments> carried;
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

    /**
     * Adam's state per member to start from and to leave updated (member k's is {@code states.get(k)}), so that a later
     * fit continues where this one stopped, as {@link Trainer#optimizerState} does for one network. The members must
     * have taken the same number of steps, and must keep in step (equal training sets: no groups with a validation
     * split); a training that cannot is refused rather than run member by member without their states.
     */
    public FusedEnsemble optimizerStates(List<AdamMoments> states) {
        if (states.size() != seeds.length) throw new IllegalArgumentException(states.size() + " optimizer states for " + seeds.length + " members");
        this.carried = List.copyOf(states);
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
        return fit(nets, java.util.Collections.nCopies(nets.size(), data), loss);
    }

    /**
     * As {@link #fit(List, TrainingData, Loss)}, member k trained on {@code data.get(k)}: the members' data share one
     * set of events (the same features and targets arrays, the same groups) and differ only in their weights, as
     * replicas of an unfolding on bootstrap or reweighted samples do. Held once on the device, weights per member.
     */
    public List<TrainingHistory> fit(List<Mlp> nets, List<TrainingData> memberData, Loss loss) {
        if (nets.size() != seeds.length) throw new IllegalArgumentException(nets.size() + " networks for " + seeds.length + " seeds");
        if (memberData.size() != seeds.length) throw new IllegalArgumentException(memberData.size() + " data sets for " + seeds.length + " seeds");
        TrainingData data = memberData.get(0);
        for (TrainingData d : memberData) {
            if (d.features != data.features || !sameTargets(d, data) || !java.util.Arrays.equals(d.groups, data.groups)) {
                throw new IllegalArgumentException("fused members must share their events (features, targets, groups); only weights may differ");
            }
        }
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
            if (carried != null) {
                throw new IllegalStateException("members with carried optimizer states must keep in step; their training sets differ in size");
            }
            return sequential(nets, memberData, loss); // batches of different sizes cannot be stacked
        }
        if (carried != null && carried.stream().anyMatch(c -> c.steps != carried.get(0).steps)) {
            throw new IllegalArgumentException("fused members must have taken the same number of optimizer steps");
        }
        // a fused step does the work of K members' batches: the thread count is chosen for that work
        IntraOpThreads.Choice choice = IntraOpThreads.choose(settings.threads(), nets.get(0), settings.batchSize() * seeds.length);
        try (IntraOpThreads.Scope ignored = IntraOpThreads.apply(choice)) {
            return fused(nets, memberData, loss, schedule, all).stream().map(h -> h.withThreads(choice.threads())).toList();
        }
    }

    private List<TrainingHistory> sequential(List<Mlp> nets, List<TrainingData> data, Loss loss) {
        List<TrainingHistory> out = new ArrayList<>();
        for (int k = 0; k < nets.size(); k++) {
            Trainer t = new Trainer(settings.withSeed(seeds[k])).title(title + " (member " + (k + 1) + "/" + nets.size() + ")");
            if (tangentInputs != null) t.tangents(tangentInputs);
            TrainingHistory h = t.fit(nets.get(k), data.get(k), loss);
            out.add(h);
            if (h.interrupted()) break;
        }
        return out;
    }

    private List<TrainingHistory> fused(List<Mlp> nets, List<TrainingData> data, Loss loss, Trainer schedule, List<Member> all) {
        int epochs = settings.epochs(), batchSize = settings.batchSize(), patience = settings.patience();
        int trainSize = all.get(0).training.length, valSize = all.get(0).validation.length;
        int batchesPerEpoch = (trainSize + batchSize - 1) / batchSize;
        List<Member> live = new ArrayList<>(all);
        long t0 = System.nanoTime();
        int step = carried != null ? carried.get(0).steps : 0;
        boolean interrupted = false;
        try (FusedMlp net = FusedMlp.of(nets);
             NDManager dataManager = NDManager.newBaseManager(net.device());
             Progress progress = Progress.start(title + " (" + all.size() + " members, fused)", (long) epochs * batchesPerEpoch, "batches")) {
            Table table = Table.of(dataManager, data);
            int n = data.get(0).size();
            List<NDArray[]> moments = moments(net, dataManager);
            String status = "";
            long statusAt = t0 - STATUS_INTERVAL_NS; // the first batch shows a status
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
                        int[] rows = new int[live.size() * (end - from)], weightRows = new int[rows.length];
                        for (int start = from, r = 0; start < end; start += batchSize) {
                            for (int j = 0; j < live.size(); j++) {
                                int[] training = live.get(j).training;
                                int weightsAt = live.get(j).index * n; // the member's own weights
                                for (int i = start; i < Math.min(end, start + batchSize); i++, r++) {
                                    rows[r] = training[order[j][i]];
                                    weightRows[r] = weightsAt + rows[r];
                                }
                            }
                        }
                        block = table.gather(blockManager, rows, weightRows);
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
                    long now = System.nanoTime();
                    // formatted at most every STATUS_INTERVAL and at each epoch's end, as Trainer does: a String.format per
                    // batch cost more than a small network's step takes to slice its batch
                    if (b == batchesPerEpoch - 1 || now - statusAt >= STATUS_INTERVAL_NS) {
                        statusAt = now;
                        status = status(epoch, epochs, live, all, (now - t0) / 1e9);
                    }
                    progress.update((long) epoch * batchesPerEpoch + b + 1, status);
                }
                if (blockManager != null) blockManager.close();
                double[][] validation = valSize > 0 ? validationLoss(net, table, n, live, valSize, loss, dataManager) : null;
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
                    keepMoments(moments, live, stopped, step);
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
            keepMoments(moments, live, live, step);
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

    private static boolean sameTargets(TrainingData a, TrainingData b) {
        if (!a.targets.keySet().equals(b.targets.keySet())) return false;
        for (String name : a.targets.keySet()) if (!java.util.Arrays.deepEquals(a.targets.get(name), b.targets.get(name))) return false;
        return true;
    }

    private static int terms(Loss loss) {
        return loss.terms().size();
    }

    /** Adam's moments for the fused parameters: zeros, or the members' carried ones stacked. */
    private List<NDArray[]> moments(FusedMlp net, NDManager m) {
        List<NDArray[]> out = new ArrayList<>();
        List<NDArray> ps = net.parameters();
        for (int i = 0; i < ps.size(); i++) {
            Shape shape = ps.get(i).getShape();
            if (carried == null || carried.get(0).first == null) {
                out.add(new NDArray[]{m.zeros(shape, DataType.FLOAT32), m.zeros(shape, DataType.FLOAT32)});
                continue;
            }
            int size = (int) (shape.size() / seeds.length);
            float[] first = new float[(int) shape.size()], second = new float[first.length];
            for (int k = 0; k < seeds.length; k++) {
                System.arraycopy(carried.get(k).first[i], 0, first, k * size, size);
                System.arraycopy(carried.get(k).second[i], 0, second, k * size, size);
            }
            out.add(new NDArray[]{m.create(first, shape), m.create(second, shape)});
        }
        return out;
    }

    /** Copies Adam's moments of the members {@code which} (all in {@code live}) into their carried states, with the step count. */
    private void keepMoments(List<NDArray[]> moments, List<Member> live, List<Member> which, int step) {
        if (carried == null || which.isEmpty()) return;
        int k = live.size();
        for (int i = 0; i < moments.size(); i++) {
            float[] first = moments.get(i)[0].toFloatArray(), second = moments.get(i)[1].toFloatArray();
            int size = first.length / k;
            for (int j = 0; j < k; j++) {
                if (!which.contains(live.get(j))) continue;
                AdamMoments state = carried.get(live.get(j).index);
                if (state.first == null) {
                    state.first = new float[moments.size()][];
                    state.second = new float[moments.size()][];
                }
                state.first[i] = java.util.Arrays.copyOfRange(first, j * size, (j + 1) * size);
                state.second[i] = java.util.Arrays.copyOfRange(second, j * size, (j + 1) * size);
            }
        }
        for (Member m : which) carried.get(m.index).steps = step;
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
    private double[][] validationLoss(FusedMlp net, Table table, int n, List<Member> live, int size, Loss loss, NDManager parent) {
        int k = live.size(), t = terms(loss), chunk = 8192;
        double[][] sum = new double[k][t + 1];
        double[] wsum = new double[k];
        for (int from = 0; from < size; from += chunk) {
            int to = Math.min(size, from + chunk);
            try (NDManager m = parent.newSubManager()) {
                int[] rows = new int[k * (to - from)], weightRows = new int[rows.length];
                for (int j = 0, r = 0; j < k; j++) {
                    for (int i = from; i < to; i++, r++) {
                        rows[r] = live.get(j).validation[i];
                        weightRows[r] = live.get(j).index * n + rows[r];
                    }
                }
                Batch b = table.gather(m, rows, weightRows).slice(m, 0, rows.length, k);
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
            JniUtils.zeroGrad((PtNDArray) p); // PyTorch accumulates gradients; clear them in place for the next batch
        }
    }

    /**
     * The training data on the device once, with every member's weights (member k's rows at k n ... k n + n - 1 of
     * {@code w}; a gathered table has one weight per row); a block of batches gathers its members' rows from it.
     */
    private record Table(NDArray x, NDArray w, Map<String, NDArray> targets) {
        static Table of(NDManager m, List<TrainingData> members) {
            TrainingData data = members.get(0);
            int n = data.size(), d = data.inputs();
            float[] flat = new float[n * d], w = new float[n * members.size()];
            for (int i = 0; i < n; i++) System.arraycopy(data.features[i], 0, flat, i * d, d);
            for (int k = 0; k < members.size(); k++) {
                float[] own = members.get(k).weights;
                for (int i = 0; i < n; i++) w[k * n + i] = own == null ? 1f : own[i];
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

        /** The rows {@code rows}, in that order, with the weights at {@code weightRows}, as a table owned by {@code m}. */
        Table gather(NDManager m, int[] rows, int[] weightRows) {
            long[] idx = new long[rows.length], widx = new long[rows.length];
            for (int i = 0; i < rows.length; i++) {
                idx[i] = rows[i];
                widx[i] = weightRows[i];
            }
            NDArray index = m.create(idx);
            Map<String, NDArray> t = new HashMap<>();
            targets.forEach((name, a) -> t.put(name, own(m, a.get(index))));
            return new Table(own(m, x.get(index)), own(m, w.get(m.create(widx))), t);
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
