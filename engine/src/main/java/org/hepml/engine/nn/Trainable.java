package org.hepml.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.pytorch.jni.JniUtils;
import org.hepml.engine.HepmlException;

import java.util.List;

/**
 * What {@link Trainer} needs from a network: its trainable arrays, a forward pass on a batch, and copies of
 * its state for best-epoch keeping. {@link Mlp} is one; the Bayesian networks of {@code org.hepml.engine.bayes}
 * (whose forward pass draws weights) are others, so every network trains through the one loop.
 */
public interface Trainable {
    int inputs();

    /** The arrays the optimizer updates (each with requiresGradient set). */
    List<NDArray> parameters();

    /** Outputs for a batch of raw inputs, [batch, outputs]; everything made belongs to the batch's manager. */
    NDArray forward(NDArray x);

    /** Copies of all parameter values (a real copy, not a view of live tensors), for best-state keeping and saving. */
    default float[][] snapshot() {
        List<NDArray> ps = parameters();
        float[][] out = new float[ps.size()][];
        for (int i = 0; i < out.length; i++) out[i] = ps.get(i).toFloatArray();
        return out;
    }

    /**
     * Overwrites the parameters with a snapshot, in place (the optimizer's state keeps pointing at them). The copy goes
     * through an index put, not {@code NDArray.set(float[])}: DJL's native set holds libtorch's deprecated
     * AutoNonVariableTypeMode guard, which makes libtorch print "AutoNonVariableTypeMode is deprecated ... risk of
     * producing silent wrong result" to the process's stderr, alarming and not the user's business.
     */
    default void restore(float[][] values) {
        List<NDArray> ps = parameters();
        if (values.length != ps.size()) throw new HepmlException("The saved state has " + values.length + " arrays, the network " + ps.size() + ".");
        for (int i = 0; i < values.length; i++) {
            if (values[i].length != ps.get(i).size()) {
                throw new HepmlException("Saved array " + i + " has " + values[i].length + " values, the network's " + ps.get(i).size() + ".");
            }
        }
        boolean grad = JniUtils.isGradMode();
        JniUtils.setGradMode(false); // an in-place write into a parameter that takes gradients is allowed only without grad mode
        try {
            for (int i = 0; i < values.length; i++) {
                NDArray p = ps.get(i);
                if (p.getShape().dimension() == 0) {
                    p.set(values[i]);
                    continue;
                }
                try (NDManager m = p.getManager().newSubManager(); NDArray v = m.create(values[i], p.getShape())) {
                    p.set(new NDIndex().addAllDim(p.getShape().dimension()), v);
                }
            }
        } finally {
            JniUtils.setGradMode(grad);
        }
    }
}
