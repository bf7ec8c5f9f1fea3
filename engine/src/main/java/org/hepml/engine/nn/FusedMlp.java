package org.hepml.engine.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.hepml.engine.HepmlException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * K multilayer perceptrons of one shape as one batched network: layer l's weights of all members stacked into one
 * [K, in, out] array and its biases into [K, 1, out], inputs [K, rows, in], and one batched matrix product per layer
 * where K separate networks need K. A small network's training step is mostly per-operation overhead
 * (docs/DJL-NOTES.md), which K members fused pay once. Member k computes what {@link Mlp} k computes:
 * its slice of every array is that network's weights, and no operation mixes members, so the gradient of a sum of
 * per-member losses is, slice by slice, each member's own gradient.
 * <p>Built from K {@link Mlp}s (whose weights and standardisation it copies) and written back into them.
 */
final class FusedMlp implements AutoCloseable {
    private final int inputs;
    private final int[] hidden;
    private final int outputs;
    private final Activation activation;
    private final NDManager manager;
    /** Each member's standardisation, [K][inputs] flattened, and the same as arrays [K, 1, inputs] on the device. */
    private float[] mean, std;
    private NDArray meanArray, stdArray;
    /** The first layer's tangent selection for {@link #pickedInputs} (see {@link #firstLayerPick}). */
    private NDArray pick;
    private int[] pickedInputs;
    private int members;
    private final List<NDArray> weights = new ArrayList<>(), biases = new ArrayList<>();

    private FusedMlp(Mlp first, int members, Device device) {
        this.inputs = first.inputs();
        this.hidden = first.hidden();
        this.outputs = first.outputs();
        this.activation = first.activation();
        this.members = members;
        this.manager = NDManager.newBaseManager(device);
    }

    /** The networks {@code nets} stacked, member k being {@code nets.get(k)}; they must have one shape and one device. */
    static FusedMlp of(List<Mlp> nets) {
        if (nets.isEmpty()) throw new IllegalArgumentException("no networks to fuse");
        Mlp first = nets.get(0);
        Device device = first.parameters().get(0).getDevice();
        for (Mlp n : nets) {
            if (n.inputs() != first.inputs() || n.outputs() != first.outputs() || !Arrays.equals(n.hidden(), first.hidden())
                    || n.activation() != first.activation() || !n.parameters().get(0).getDevice().equals(device)) {
                throw new HepmlException("Ensemble members must share one architecture and device to train together: "
                        + first + " on " + device + " and " + n + " on " + n.parameters().get(0).getDevice() + ".");
            }
        }
        int k = nets.size();
        FusedMlp f = new FusedMlp(first, k, device);
        int d = first.inputs();
        f.mean = new float[k * d];
        f.std = new float[k * d];
        List<float[][]> states = new ArrayList<>();
        for (int m = 0; m < k; m++) {
            System.arraycopy(nets.get(m).mean(), 0, f.mean, m * d, d);
            System.arraycopy(nets.get(m).std(), 0, f.std, m * d, d);
            states.add(nets.get(m).snapshot());
        }
        f.standardisationArrays();
        List<NDArray> ps = first.parameters();
        for (int i = 0; i < ps.size(); i++) {
            Shape one = ps.get(i).getShape();
            int size = (int) one.size();
            float[] stacked = new float[k * size];
            for (int m = 0; m < k; m++) System.arraycopy(states.get(m)[i], 0, stacked, m * size, size);
            // weights [in, out] -> [K, in, out]; biases [out] -> [K, 1, out], broadcast over a member's rows
            Shape shape = one.dimension() == 2 ? new Shape(k, one.get(0), one.get(1)) : new Shape(k, 1, one.get(0));
            NDArray a = f.manager.create(stacked, shape);
            a.setRequiresGradient(true);
            (i % 2 == 0 ? f.weights : f.biases).add(a);
        }
        return f;
    }

    int members() {
        return members;
    }

    int outputs() {
        return outputs;
    }

    Device device() {
        return manager.getDevice();
    }

    /** The trainable arrays, weights then biases layer by layer, each stacked over the members. */
    List<NDArray> parameters() {
        List<NDArray> out = new ArrayList<>();
        for (int l = 0; l < weights.size(); l++) {
            out.add(weights.get(l));
            out.add(biases.get(l));
        }
        return out;
    }

    /** Every member's parameters as {@link Trainable#snapshot()} gives them for one network: {@code [member][array][values]}. */
    float[][][] snapshot() {
        List<NDArray> ps = parameters();
        float[][][] out = new float[members][ps.size()][];
        for (int i = 0; i < ps.size(); i++) {
            float[] all = ps.get(i).toFloatArray();
            int size = all.length / members;
            for (int m = 0; m < members; m++) out[m][i] = Arrays.copyOfRange(all, m * size, (m + 1) * size);
        }
        return out;
    }

    /**
     * Keeps only the members {@code kept} (indices into the current members, in order): the fused run goes on without
     * members that stopped early. {@code moments} (Adam's, one pair per parameter) are cut the same way.
     */
    void keep(int[] kept, List<NDArray[]> moments) {
        long[] rows = Arrays.stream(kept).asLongStream().toArray();
        try (NDManager tmp = manager.newSubManager()) {
            NDArray index = tmp.create(rows);
            for (List<NDArray> list : List.of(weights, biases)) {
                for (int l = 0; l < list.size(); l++) {
                    NDArray old = list.get(l), cut = old.get(index);
                    cut.attach(manager);
                    cut.setRequiresGradient(true);
                    old.close();
                    list.set(l, cut);
                }
            }
            for (NDArray[] pair : moments) {
                for (int j = 0; j < pair.length; j++) {
                    NDArray cut = pair[j].get(index);
                    cut.attach(pair[j].getManager());
                    pair[j].close();
                    pair[j] = cut;
                }
            }
        }
        int d = inputs;
        float[] m = new float[kept.length * d], s = new float[kept.length * d];
        for (int j = 0; j < kept.length; j++) {
            System.arraycopy(mean, kept[j] * d, m, j * d, d);
            System.arraycopy(std, kept[j] * d, s, j * d, d);
        }
        mean = m;
        std = s;
        members = kept.length;
        meanArray.close();
        stdArray.close();
        standardisationArrays();
        if (pick != null) pick.close();
        pick = null; // the members' stds changed
    }

    private void standardisationArrays() {
        Shape perMember = new Shape(members, 1, inputs);
        meanArray = manager.create(mean, perMember);
        stdArray = manager.create(std, perMember);
    }

    /** Standardises raw inputs [K, rows, in] with each member's own mean and std; the result belongs to the manager of {@code x}. */
    private NDArray standardise(NDArray x) {
        return x.sub(meanArray).div(stdArray); // x first: the results belong to the batch's manager
    }

    /** Outputs [K, rows, outputs] for raw inputs [K, rows, inputs], member k's rows through member k. */
    NDArray forward(NDArray x) {
        NDArray h = standardise(x);
        for (int l = 0; l < weights.size(); l++) {
            NDArray a = h.batchMatMul(weights.get(l)).add(biases.get(l));
            h = l < hidden.length ? activation.apply(a) : a;
        }
        return h;
    }

    /**
     * Outputs [K, rows, outputs] and their derivatives with respect to the inputs {@code selected}, [k, K, rows, outputs]:
     * {@link Mlp#forwardWithTangents} for every member at once (forward-mode tangents, see there).
     */
    Mlp.WithTangents forwardWithTangents(NDArray x, int[] selected) {
        int k = selected.length;
        NDArray pick = firstLayerPick(selected);
        NDArray h = standardise(x);
        NDArray tangent = null; // [k, K, rows, width]
        for (int l = 0; l < weights.size(); l++) {
            NDArray w = weights.get(l);
            NDArray a = h.batchMatMul(w).add(biases.get(l));
            NDArray ta;
            if (l == 0) {
                // [K, k, in] x [K, in, width] -> [K, k, width] -> [k, K, 1, width], the same for every row
                NDArray picked = pick.batchMatMul(w);
                picked.attach(x.getManager()); // made from two arrays of this network: hand it to the batch's manager
                ta = picked.transpose(1, 0, 2).expandDims(2);
            } else {
                ta = tangent.matMul(w); // [k, K, rows, in] x [K, in, width], broadcast over k
            }
            if (l < hidden.length) {
                NDArray hn = activation.apply(a);
                tangent = activation.derivative(a, hn).expandDims(0).mul(ta);
                h = hn;
            } else {
                h = a;
                tangent = l == 0 ? ta.broadcast(new Shape(k, members, x.getShape().get(1), outputs)) : ta;
            }
        }
        return new Mlp.WithTangents(h, tangent);
    }

    /**
     * a'_1 for input j is row j of W_1 over that input's std: for each member, a [k, inputs] matrix of scaled one-hot
     * rows that picks them with one batched product, [K, k, inputs]; kept while the selection and the members stay.
     */
    private NDArray firstLayerPick(int[] selected) {
        if (pick != null && Arrays.equals(selected, pickedInputs)) return pick;
        int k = selected.length;
        float[] p = new float[members * k * inputs];
        for (int mb = 0; mb < members; mb++) {
            for (int s = 0; s < k; s++) {
                if (selected[s] < 0 || selected[s] >= inputs) throw new IllegalArgumentException("input " + selected[s]);
                p[(mb * k + s) * inputs + selected[s]] = 1f / std[mb * inputs + selected[s]];
            }
        }
        if (pick != null) pick.close();
        pick = manager.create(p, new Shape(members, k, inputs));
        pickedInputs = selected.clone();
        return pick;
    }

    @Override
    public void close() {
        manager.close();
    }
}
