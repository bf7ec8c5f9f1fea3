package org.hepml.engine.events.sim;

import org.hepml.engine.HepmlException;
import org.hepml.engine.events.Dataset;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Finds the tractable simulator a dataset came from, so its exact likelihood can be drawn beside a learned one. */
public final class Simulators {
    private Simulators() {
    }

    /** The simulator recorded in a dataset's metadata by {@link AugmentedSimulation}. */
    public static TractableSimulator of(Dataset d) {
        Map<String, String> m = d.metadata();
        String name = m.get("simulator");
        if (name == null) {
            throw new HepmlException("Dataset '" + d.name() + "' was not made by a simulator with a known likelihood"
                    + " (galton, ee-mumu), so there is no exact answer to compare with.");
        }
        return switch (name) {
            case "galton" -> new GaltonBoard();
            case "ee-mumu" -> new ElectroweakMuonPairs(parse(m.get("parameters")), Double.parseDouble(m.get("sin2w")),
                    Double.parseDouble(m.get("sqrts")), Double.parseDouble(m.get("smearing")));
            default -> throw new HepmlException("Dataset '" + d.name() + "' comes from the '" + name
                    + "' simulator, whose likelihood is not tractable.");
        };
    }

    /** The parameter point the events were all simulated at, or null when they come from several points (or none). */
    public static double[] truthOf(Dataset d, List<String> parameters) {
        double[] t = new double[parameters.size()];
        for (int j = 0; j < t.length; j++) {
            String c = "theta." + parameters.get(j);
            if (!d.has(c) || d.size() == 0) return null;
            double[] v = d.column(c);
            for (double x : v) if (x != v[0]) return null;
            t[j] = v[0];
        }
        return t;
    }

    private static List<String> parse(String list) {
        return Arrays.stream(list.replaceAll("[\\[\\] ]", "").split(",")).toList();
    }
}
