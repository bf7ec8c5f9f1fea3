package org.hepml.engine.events.observables;

import org.hepml.engine.Cancelled;
import org.hepml.engine.HepmlException;
import org.hepml.engine.events.ParticleArrays;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * A compiled list of observables, turning particle-level events into per-event {@code x.*} columns.
 * <pre>{@code
 * Observables obs = Observables.parse("pt(j1), m(l1,l2), dphi(j1,j2)")
 *         .with("x.cos_star", ev -> ev.cosTheta(ev.object("mum", 1)));
 * Map<String, double[]> columns = obs.compute(particles);
 * }</pre>
 * The vocabulary of functions and collections is in docs/VOCABULARY.md; missing objects give NaN.
 */
public final class Observables {
    private final List<Observable> list;
    private final Vocabulary vocabulary;

    private Observables(List<Observable> list, Vocabulary vocabulary) {
        this.list = List.copyOf(list);
        this.vocabulary = vocabulary;
    }

    public static Observables parse(String expression) {
        return parse(expression, Vocabulary.standard());
    }

    public static Observables parse(String expression, Vocabulary vocabulary) {
        return new Observables(ObservableParser.parse(expression == null ? "" : expression, vocabulary), vocabulary);
    }

    /** Adds an observable computed by Java code; {@code column} gets an {@code x.} prefix if it has none. */
    public Observables with(String column, ToDoubleFunction<EventView> function) {
        String c = column.startsWith("x.") ? column : "x." + column;
        List<Observable> l = new ArrayList<>(list);
        l.removeIf(o -> o.column().equals(c));
        l.add(new Custom(c, function));
        return new Observables(l, vocabulary);
    }

    public List<String> columns() {
        return list.stream().map(Observable::column).toList();
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    /** One array per observable, one value per event of {@code particles}. */
    public Map<String, double[]> compute(ParticleArrays particles) {
        int n = particles.events();
        EventView view = new EventView(particles, vocabulary);
        Map<String, double[]> out = new LinkedHashMap<>();
        double[][] values = new double[list.size()][n];
        for (int i = 0; i < n; i++) {
            if ((i & 0x3fff) == 0) Cancelled.check("Computing observables");
            view.moveTo(i);
            for (int k = 0; k < values.length; k++) {
                values[k][i] = evaluate(list.get(k), view);
            }
        }
        for (int k = 0; k < values.length; k++) out.put(list.get(k).column(), values[k]);
        return out;
    }

    private static double evaluate(Observable o, EventView view) {
        if (o instanceof Custom c) {
            try {
                return c.value(view);
            } catch (HepmlException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new HepmlException("Observable '" + c.column() + "' failed in event " + (view.event() + 1) + ": " + e
                        + ". Check the Java function given for it (a missing object has handle -1).", e);
            }
        }
        return o.value(view);
    }

    @Override
    public String toString() {
        return "Observables " + columns();
    }

    // ---- the observable kinds the parser builds ----

    record SumKinematics(String column, String function, ObservableParser.ObjectRef[] refs, int[] slots) implements Observable {
        SumKinematics(String column, String function, ObservableParser.ObjectRef[] refs) {
            this(column, function, refs, new int[]{-1});
        }

        @Override
        public double value(EventView ev) {
            double e = 0, px = 0, py = 0, pz = 0;
            for (ObservableParser.ObjectRef r : refs) {
                int h = ev.object(r.collection(), r.rank());
                if (h < 0) return Double.NaN;
                e += ev.e(h);
                px += ev.px(h);
                py += ev.py(h);
                pz += ev.pz(h);
            }
            return switch (function) {
                case "pt" -> Kinematics.pt(px, py);
                case "eta" -> Kinematics.eta(px, py, pz);
                case "phi" -> Kinematics.phi(px, py);
                case "m" -> Kinematics.mass(e, px, py, pz);
                case "e" -> e;
                case "y" -> Kinematics.rapidity(e, pz);
                case "px" -> px;
                case "py" -> py;
                case "pz" -> pz;
                case "costh" -> Kinematics.cosTheta(px, py, pz);
                default -> throw new IllegalStateException(function);
            };
        }
    }

    record PairKinematics(String column, String function, ObservableParser.ObjectRef a, ObservableParser.ObjectRef b) implements Observable {
        @Override
        public double value(EventView ev) {
            int h1 = ev.object(a.collection(), a.rank());
            int h2 = ev.object(b.collection(), b.rank());
            if (h1 < 0 || h2 < 0) return Double.NaN;
            return switch (function) {
                case "dr" -> Kinematics.deltaR(ev.eta(h1), ev.phi(h1), ev.eta(h2), ev.phi(h2));
                case "dphi" -> Kinematics.deltaPhi(ev.phi(h1), ev.phi(h2));
                case "deta" -> ev.eta(h1) - ev.eta(h2);
                case "dy" -> ev.rapidity(h1) - ev.rapidity(h2);
                default -> throw new IllegalStateException(function);
            };
        }
    }

    record Count(String column, String collection) implements Observable {
        @Override
        public double value(EventView ev) {
            return ev.count(ev.slot(collection));
        }
    }

    record Ht(String column, String collection) implements Observable {
        @Override
        public double value(EventView ev) {
            int s = ev.slot(collection);
            double ht = 0;
            for (int r = 1, n = ev.count(s); r <= n; r++) ht += ev.pt(ev.member(s, r));
            return ht;
        }
    }

    record Met(String column) implements Observable {
        @Override
        public double value(EventView ev) {
            int s = ev.slot("inv");
            double sx = 0, sy = 0;
            for (int r = 1, n = ev.count(s); r <= n; r++) {
                int h = ev.member(s, r);
                sx += ev.px(h);
                sy += ev.py(h);
            }
            return Math.hypot(sx, sy);
        }
    }

    record Custom(String column, ToDoubleFunction<EventView> function) implements Observable {
        @Override
        public double value(EventView ev) {
            return function.applyAsDouble(ev);
        }
    }
}
