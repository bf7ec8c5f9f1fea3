package org.hepml.engine.events.observables;

import org.hepml.engine.HepmlException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses an observable list such as {@code "pt(j1), m(l1,l2), dphi(j1,j2), met, n(j)"} by recursive descent:
 * <pre>
 * list   := item (',' item)*
 * item   := NAME [ '(' [ arg (',' arg)* ] ')' ]
 * arg    := NAME            a collection (j) or an object: collection + pT rank (j1 = leading jet)
 * </pre>
 * Column names: {@code x.} + function + {@code _arg} per argument ({@code pt(j1)} → {@code x.pt_j1},
 * {@code m(l1,l2)} → {@code x.m_l1_l2}, {@code met} → {@code x.met}).
 */
final class ObservableParser {
    /** Functions of one or more objects, evaluated on the sum of their four-momenta. */
    static final List<String> SUM_FUNCTIONS = List.of("pt", "eta", "phi", "m", "e", "y", "px", "py", "pz", "costh");
    /** Functions of exactly two objects. */
    static final List<String> PAIR_FUNCTIONS = List.of("dr", "dphi", "deta", "dy");
    /** Functions of a collection. */
    static final List<String> COLLECTION_FUNCTIONS = List.of("n", "ht");
    static final List<String> GLOBAL = List.of("met", "ht");

    private final String text;
    private final Vocabulary vocabulary;
    private int pos;
    private int lastStart;
    private final List<Integer> argStarts = new ArrayList<>();

    private ObservableParser(String text, Vocabulary vocabulary) {
        this.text = text;
        this.vocabulary = vocabulary;
    }

    static List<Observable> parse(String text, Vocabulary vocabulary) {
        return new ObservableParser(text, vocabulary).list();
    }

    private List<Observable> list() {
        List<Observable> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        skipSpaces();
        if (pos >= text.length()) return out;
        while (true) {
            Observable o = item();
            if (seen.add(o.column())) out.add(o);
            skipSpaces();
            if (pos >= text.length()) return out;
            expect(',', "',' between observables");
        }
    }

    private Observable item() {
        skipSpaces();
        int start = pos;
        String function = name("an observable such as pt(j1)");
        skipSpaces();
        List<String> args = new ArrayList<>();
        argStarts.clear();
        if (pos < text.length() && text.charAt(pos) == '(') {
            pos++;
            skipSpaces();
            if (peek() != ')') {
                args.add(name("an object such as j1 or a collection such as j"));
                argStarts.add(lastStart);
                skipSpaces();
                while (peek() == ',') {
                    pos++;
                    skipSpaces();
                    args.add(name("an object such as j1 or a collection such as j"));
                    argStarts.add(lastStart);
                    skipSpaces();
                }
            }
            expect(')', "')' closing " + function + "(");
        }
        return build(function, args, start);
    }

    private Observable build(String f, List<String> args, int at) {
        String column = "x." + f + (args.isEmpty() ? "" : "_" + String.join("_", args));
        if (SUM_FUNCTIONS.contains(f)) {
            if (args.isEmpty()) throw error(at, f + " needs at least one object, as in " + f + "(j1)");
            ObjectRef[] refs = new ObjectRef[args.size()];
            for (int i = 0; i < refs.length; i++) refs[i] = object(args.get(i), f, argStarts.get(i));
            return new Observables.SumKinematics(column, f, refs);
        }
        if (PAIR_FUNCTIONS.contains(f)) {
            if (args.size() != 2) throw error(at, f + " needs exactly two objects, as in " + f + "(j1,j2); got " + args.size());
            return new Observables.PairKinematics(column, f, object(args.get(0), f, argStarts.get(0)), object(args.get(1), f, argStarts.get(1)));
        }
        if (f.equals("n")) {
            if (args.size() != 1) throw error(at, "n needs one collection, as in n(j)");
            return new Observables.Count(column, collection(args.get(0), f, argStarts.get(0)));
        }
        if (f.equals("ht")) {
            if (args.size() > 1) throw error(at, "ht takes at most one collection, as in ht(j); plain ht sums jets");
            return new Observables.Ht(column, args.isEmpty() ? "j" : collection(args.get(0), f, argStarts.get(0)));
        }
        if (f.equals("met")) {
            if (!args.isEmpty()) throw error(at, "met takes no arguments (it is the vector pT sum of the 'inv' collection)");
            return new Observables.Met(column);
        }
        throw error(at, "unknown observable '" + f + "'");
    }

    private ObjectRef object(String arg, String function, int at) {
        int k = arg.length();
        while (k > 0 && Character.isDigit(arg.charAt(k - 1))) k--;
        String coll = arg.substring(0, k);
        if (k == arg.length() || k == 0) {
            throw error(at, "'" + arg + "' in " + function + "(...) is not an object: write a collection and a pT rank, as in j1 or mu2");
        }
        if (!vocabulary.has(coll)) throw error(at, "unknown particle collection '" + coll + "' in '" + arg + "'");
        int rank = Integer.parseInt(arg.substring(k));
        if (rank < 1) throw error(at, "object ranks start at 1 (" + coll + "1 is the leading one)");
        return new ObjectRef(coll, rank);
    }

    private String collection(String arg, String function, int at) {
        if (!vocabulary.has(arg)) throw error(at, "unknown particle collection '" + arg + "' in " + function + "(...)");
        return arg;
    }

    private String name(String expected) {
        skipSpaces();
        int start = pos;
        lastStart = start;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) pos++;
        if (start == pos) throw error(pos, "expected " + expected);
        return text.substring(start, pos);
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void expect(char c, String what) {
        skipSpaces();
        if (peek() != c) throw error(pos, "expected " + what);
        pos++;
    }

    private void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
    }

    private HepmlException error(int at, String problem) {
        at = Math.max(0, Math.min(at, text.length()));
        String found = at >= text.length() ? "the end" : "'" + token(at) + "'";
        return new HepmlException("Cannot read observables \"" + text + "\" at " + found + " (position " + (at + 1) + "): "
                + problem + ". Functions: " + String.join(", ", SUM_FUNCTIONS) + " (of one or more objects, on their summed momentum); "
                + String.join(", ", PAIR_FUNCTIONS) + " (of two objects); n(coll), ht, ht(coll), met. Collections: "
                + String.join(", ", vocabulary.collections().keySet()) + "; an object is a collection plus a pT rank (j1, mu2). "
                + "The full vocabulary, with examples: docs/VOCABULARY.md in hepml (linked from the README).");
    }

    private String token(int at) {
        int end = at;
        while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) end++;
        return end == at ? String.valueOf(text.charAt(at)) : text.substring(at, end);
    }

    record ObjectRef(String collection, int rank) {
    }
}
