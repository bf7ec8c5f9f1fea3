package org.hepml.engine.sbi;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.hepml.engine.HepmlException;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The prior pi(theta) of one parameter for neural posterior estimation: {@code uniform(a,b)} or {@code normal(m,s)}.
 * Unlike a simulation's {@code --theta} spec it must be a proper density, since the posterior is proportional to it.
 */
public record PosteriorPrior(String kind, double a, double b) {
    private static final Pattern CALL = Pattern.compile("\\s*(uniform|normal)\\s*\\(\\s*([^,]+),\\s*([^,)]+)\\)\\s*");

    public PosteriorPrior {
        if (!Double.isFinite(a) || !Double.isFinite(b)) throw new HepmlException("A prior's arguments must be finite numbers, got " + a + ", " + b + ".");
        if (kind.equals("uniform") && !(b > a)) throw new HepmlException("uniform(a,b) needs a < b, got uniform(" + a + "," + b + ").");
        if (kind.equals("normal") && !(b > 0)) throw new HepmlException("normal(m,s) needs s > 0, got normal(" + a + "," + b + ").");
    }

    public static PosteriorPrior uniform(double lo, double hi) {
        return new PosteriorPrior("uniform", lo, hi);
    }

    public static PosteriorPrior normal(double mean, double sd) {
        return new PosteriorPrior("normal", mean, sd);
    }

    /** Parses {@code uniform(a,b)} or {@code normal(m,s)}, with an error that names the spec and the forms allowed. */
    public static PosteriorPrior parse(String spec) {
        Matcher m = CALL.matcher(spec == null ? "" : spec);
        if (!m.matches()) throw new HepmlException("--prior takes uniform(a,b) or normal(m,s); got '" + spec + "'.");
        try {
            return new PosteriorPrior(m.group(1), Double.parseDouble(m.group(2).trim()), Double.parseDouble(m.group(3).trim()));
        } catch (NumberFormatException e) {
            throw new HepmlException("--prior '" + spec + "': the arguments must be numbers.");
        }
    }

    public boolean isUniform() {
        return kind.equals("uniform");
    }

    public double draw(SplittableRandom rng) {
        return isUniform() ? a + (b - a) * rng.nextDouble() : a + b * rng.nextGaussian();
    }

    /** The prior's standard deviation. */
    public double sd() {
        return isUniform() ? (b - a) / Math.sqrt(12) : b;
    }

    public double mean() {
        return isUniform() ? 0.5 * (a + b) : a;
    }

    /** A range that holds essentially all the prior mass: the uniform's support, or mean +- 5 sd. */
    public double[] range() {
        return isUniform() ? new double[]{a, b} : new double[]{a - 5 * b, a + 5 * b};
    }

    double density(double theta) {
        return isUniform() ? (theta >= a && theta <= b ? 1 / (b - a) : 0) : new NormalDistribution(a, b).density(theta);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s(%s,%s)", kind, a, b);
    }
}
