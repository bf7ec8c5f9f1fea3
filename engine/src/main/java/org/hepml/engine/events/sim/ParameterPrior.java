package org.hepml.engine.events.sim;

import org.hepml.engine.HepmlException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the parameter values of simulated events come from: a fixed value ({@code 0.3}), a uniform prior
 * ({@code uniform(-1,1)}), evenly spaced points drawn at random ({@code grid(-1,1,21)}), or a list of
 * benchmark points ({@code benchmarks(-0.8,-0.6)}). Several parameters: one spec each, separated by ';'.
 */
public sealed interface ParameterPrior {

    double draw(RandomGenerator rng);

    record Fixed(double value) implements ParameterPrior {
        public double draw(RandomGenerator rng) {
            return value;
        }
    }

    record Uniform(double lo, double hi) implements ParameterPrior {
        public double draw(RandomGenerator rng) {
            return lo + (hi - lo) * rng.nextDouble();
        }
    }

    record Points(String kind, double[] values) implements ParameterPrior {
        public double draw(RandomGenerator rng) {
            return values[rng.nextInt(values.length)];
        }
    }

    Pattern CALL = Pattern.compile("\\s*([a-z]+)\\s*\\((.*)\\)\\s*");

    /** Parses one spec per parameter ({@code ;}-separated), with errors that name the spec and the forms allowed. */
    static List<ParameterPrior> parseAll(String spec, List<String> parameters) {
        String[] parts = spec.split(";");
        if (parts.length != parameters.size()) {
            throw new HepmlException("--theta '" + spec + "' gives " + parts.length + " spec(s) but the simulator has "
                    + parameters.size() + " parameter(s) " + parameters + "; separate one spec per parameter with ';'.");
        }
        List<ParameterPrior> out = new ArrayList<>();
        for (String p : parts) out.add(parse(p.trim()));
        return out;
    }

    /**
     * The grid of a scan: {@code grid(a,b,n)} per parameter, ';'-separated, as the evenly spaced values of each
     * (the same reading of {@code grid(a,b,n)} as for simulated parameter points).
     */
    static List<double[]> grids(String spec) {
        String forms = "grid(a,b,n) per parameter, ';'-separated";
        List<double[]> out = new ArrayList<>();
        for (String part : spec.split(";")) {
            String p = part.trim();
            if (!(parse(p, forms) instanceof Points points) || !points.kind().equals("grid")) {
                throw new HepmlException("--theta takes " + forms + "; got '" + p + "'.");
            }
            out.add(points.values());
        }
        return out;
    }

    /** n evenly spaced values from a to b, both included: what {@code grid(a,b,n)} means everywhere. */
    static double[] evenlySpaced(double a, double b, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = a + (b - a) * i / (n - 1);
        return v;
    }

    static ParameterPrior parse(String spec) {
        return parse(spec, "a number, uniform(a,b), grid(a,b,n) or benchmarks(v1,v2,...)");
    }

    private static ParameterPrior parse(String spec, String forms) {
        try {
            Matcher m = CALL.matcher(spec);
            if (!m.matches()) return new Fixed(number(spec));
            double[] args = Arrays.stream(m.group(2).split(",")).mapToDouble(s -> number(s.trim())).toArray();
            switch (m.group(1)) {
                case "uniform" -> {
                    if (args.length != 2 || !(args[1] > args[0])) throw new HepmlException("uniform(a,b) needs a < b");
                    return new Uniform(args[0], args[1]);
                }
                case "grid" -> {
                    if (args.length != 3 || !(args[1] > args[0]) || args[2] < 2 || args[2] != Math.rint(args[2])) {
                        throw new HepmlException("grid(a,b,n) needs a < b and a whole n >= 2");
                    }
                    return new Points("grid", evenlySpaced(args[0], args[1], (int) args[2]));
                }
                case "benchmarks" -> {
                    return new Points("benchmarks", args);
                }
                default -> throw new HepmlException("unknown prior '" + m.group(1) + "'");
            }
        } catch (HepmlException e) {
            throw new HepmlException("Cannot read the parameter spec '" + spec + "': " + e.getMessage()
                    + ". Use " + forms + ".");
        }
    }

    private static double number(String s) {
        try {
            double v = Double.parseDouble(s);
            if (!Double.isFinite(v)) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new HepmlException(String.format(Locale.ROOT, "'%s' is not a finite number", s));
        }
    }
}
