package org.hepml.engine.events;

import org.hepml.engine.HepmlException;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A selection written as comparisons of a column with a number, all of which must hold: {@code "pt > 1 and |eta| < 2.5"}
 * ({@code and}, {@code &&} or a comma between them; {@code |name|} compares the absolute value; operators
 * {@code < <= > >= == !=}). On per-event columns ({@link #events}) it selects events, on the jagged columns of one
 * particle list ({@link #particles}) it keeps the particles that pass in every event. A NaN never passes.
 */
public final class Cut {
    private static final Pattern TERM = Pattern.compile("\\s*(\\|\\s*([^|<>=!\\s]+)\\s*\\||([^|<>=!\\s]+))\\s*(<=|>=|==|!=|<|>)\\s*(\\S+)\\s*");

    record Term(String column, boolean abs, String op, double value) {
        boolean test(double v) {
            double x = abs ? Math.abs(v) : v;
            return switch (op) {
                case "<" -> x < value;
                case "<=" -> x <= value;
                case ">" -> x > value;
                case ">=" -> x >= value;
                case "==" -> x == value;
                default -> !Double.isNaN(x) && x != value;
            };
        }

        @Override
        public String toString() {
            return (abs ? "|" + column + "|" : column) + " " + op + " " + value;
        }
    }

    private final String text;
    private final List<Term> terms;

    private Cut(String text, List<Term> terms) {
        this.text = text;
        this.terms = terms;
    }

    public static Cut parse(String text) {
        List<Term> terms = new ArrayList<>();
        for (String part : text.split("(?i)\\s+and\\s+|&&|,")) {
            if (part.isBlank()) continue;
            Matcher m = TERM.matcher(part);
            if (!m.matches()) {
                throw new HepmlException("Cannot read the cut '" + part.trim() + "' in \"" + text + "\": expected COLUMN OP NUMBER or |COLUMN| OP NUMBER"
                        + " with OP one of < <= > >= == !=, joined by 'and', e.g. \"pt > 1 and |eta| < 2.5\".");
            }
            double v;
            try {
                v = Double.parseDouble(m.group(5));
            } catch (NumberFormatException e) {
                throw new HepmlException("Cannot read the cut '" + part.trim() + "': '" + m.group(5) + "' is not a number.");
            }
            boolean abs = m.group(2) != null;
            terms.add(new Term(abs ? m.group(2) : m.group(3), abs, m.group(4), v));
        }
        if (terms.isEmpty()) throw new HepmlException("The cut \"" + text + "\" is empty; write e.g. \"pt > 1 and |eta| < 2.5\".");
        return new Cut(text, List.copyOf(terms));
    }

    /** Per event: whether it passes, on the dataset's columns ({@code pt} means {@code x.pt} when there is no column {@code pt}). */
    public boolean[] events(Dataset d) {
        boolean[] keep = new boolean[d.size()];
        java.util.Arrays.fill(keep, true);
        for (Term t : terms) {
            String c = d.has(t.column()) || !d.has("x." + t.column()) ? t.column() : "x." + t.column();
            if (!d.has(c) && d.jagged().containsKey(t.column())) {
                throw new HepmlException("'" + t.column() + "' is a particle list, not a per-event column: cut on its particles with"
                        + " --particles, or on a per-event observable (its multiplicity, a sum) computed first.");
            }
            double[] v = d.column(c);
            for (int i = 0; i < keep.length; i++) keep[i] &= t.test(v[i]);
        }
        return keep;
    }

    /** Per particle of the list the cut names (all its columns must belong to one list): whether it passes. */
    public boolean[] particles(Dataset d) {
        JaggedColumn first = d.jagged(terms.get(0).column());
        boolean[] keep = new boolean[first.values().length];
        java.util.Arrays.fill(keep, true);
        for (Term t : terms) {
            JaggedColumn c = d.jagged(t.column());
            if (c.offsets() != first.offsets() && !java.util.Arrays.equals(c.offsets(), first.offsets())) {
                throw new HepmlException("The particle cut \"" + text + "\" names '" + first.name() + "' and '" + c.name()
                        + "', which are not columns of one particle list (their events have different numbers of entries).");
            }
            for (int k = 0; k < keep.length; k++) keep[k] &= t.test(c.values()[k]);
        }
        return keep;
    }

    /** The jagged column the particle cut's first comparison names (the list it selects from). */
    public String firstColumn() {
        return terms.get(0).column();
    }

    @Override
    public String toString() {
        return String.join(" and ", terms.stream().map(Term::toString).toList());
    }
}
