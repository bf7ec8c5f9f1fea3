package org.hepml.engine.flows;

import java.util.SplittableRandom;

final class ConditionalFlowTestSupport {
    private ConditionalFlowTestSupport() {
    }

    static double normal(SplittableRandom rng) {
        double u1 = 1 - rng.nextDouble(), u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    static float[][] join(float[][] a, float[][] b) {
        float[][] out = new float[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = new float[a[i].length + b[i].length];
            System.arraycopy(a[i], 0, out[i], 0, a[i].length);
            System.arraycopy(b[i], 0, out[i], a[i].length, b[i].length);
        }
        return out;
    }
}
