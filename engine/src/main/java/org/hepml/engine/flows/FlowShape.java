package org.hepml.engine.flows;

import org.hepml.engine.HepmlException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The architecture of a {@link ConditionalFlow} besides its conditioner networks (whose layers come from the
 * {@code TrainingSettings}): how many spline transforms, bins per spline, and the spline's interval [-B, B] in
 * standardised units (outside it every transform is the identity).
 *
 * @param transforms spline transforms, each a coupling layer (alternating halves) or, for one observable, a spline
 *                   whose parameters depend on the context only
 * @param bins       bins K of each rational-quadratic spline
 * @param bound      B, in units of the standardised observables
 */
public record FlowShape(int transforms, int bins, double bound) {
    /**
     * Three transforms of 16 bins on [-3, 3]. zuko's defaults (8 bins on [-5, 5]) leave ~3 bins where smeared
     * cos(theta*) lives: on ee -> mumu their NDE scan was ~1 sigma (1000 events) off, with 16 on [-3, 3] ~0.3.
     */
    public static final FlowShape DEFAULT = new FlowShape(3, 16, 3);

    public FlowShape {
        if (transforms < 1 || transforms > 32) throw new HepmlException("--transforms must be between 1 and 32, got " + transforms + ".");
        if (bins < 2 || bins > 256) throw new HepmlException("--bins must be between 2 and 256, got " + bins + ".");
        if (!(bound > 0) || Double.isInfinite(bound)) throw new HepmlException("--bound must be positive, got " + bound + ".");
    }

    public FlowShape withTransforms(int n) {
        return new FlowShape(n, bins, bound);
    }

    public FlowShape withBins(int n) {
        return new FlowShape(transforms, n, bound);
    }

    Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("flow.transforms", Integer.toString(transforms));
        m.put("flow.bins", Integer.toString(bins));
        m.put("flow.bound", Double.toString(bound));
        return m;
    }

    static FlowShape fromMetadata(Map<String, String> m) {
        return new FlowShape(Integer.parseInt(m.get("flow.transforms")), Integer.parseInt(m.get("flow.bins")),
                Double.parseDouble(m.get("flow.bound")));
    }
}
