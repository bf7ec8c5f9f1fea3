package org.hepml.engine.plot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The physics label of a column or parameter name, for axis titles: {@code x.gen} -> "x (generator level)",
 * {@code theta.sin2w} or {@code sin2w} -> "sin²θ_W", {@code x.pt_j1} (the column of {@code pt(j1)}) ->
 * "p_T(j₁) [GeV]". Labels use {@link RichText}'s markup ({@code _T} a subscript) and end with the unit in
 * brackets where there is one. A dataset can name its own columns: metadata {@code label.<column>} wins over the
 * built-in table. Names the table does not know stay as they are.
 */
public final class AxisLabels {
    /** Symbol and unit of names the simulators and readers produce, without the role prefix. */
    private static final Map<String, String[]> TABLE = new LinkedHashMap<>();
    /** The observables vocabulary of events/observables: function -> {symbol, unit or ""}. */
    private static final Map<String, String[]> FUNCTIONS = new LinkedHashMap<>();
    /** Collections of the observables vocabulary, by name, as physicists write them. */
    private static final Map<String, String> OBJECTS = new LinkedHashMap<>();
    private static final Pattern OBJECT = Pattern.compile("([A-Za-z]+?)(\\d*)");
    private static final Pattern EXPRESSION = Pattern.compile("([a-z]+)\\(([^)]*)\\)");
    private static final String SUBSCRIPT_DIGITS = "₀₁₂₃₄₅₆₇₈₉";

    static {
        put("gen", "x", "", "generator level");
        put("reco", "x", "", "detector level");
        put("position", "landing position x", "");
        put("cos", "cos θ", "");
        put("cos_star", "cos θ*", "");
        put("r_xz", "r(x,z)", "");
        put("t_xz", "t(x,z)", "");
        put("weight", "weight", "");
        // the jet-substructure toy
        put("m", "m_{jet}", "GeV");
        put("n", "N_{const}", "");
        put("w", "jet width w", "");
        put("tau21", "τ_{21}", "");
        put("zg", "z_g", "");
        put("lnrho", "ln ρ", "");
        // jets from particles (%jets cluster)
        put("tau32", "τ_{32}", "");
        put("c2", "C_2", "");
        put("d2", "D_2", "");
        put("m_sd", "m_{SD}", "GeV");
        put("rg", "R_g", "");
        // parameters
        put("sin2w", "sin²θ_W", "");
        put("sqrts", "√s", "GeV");
        put("theta", "θ", "");
        put("mu", "μ", "");
        put("sigma", "σ", "");
        put("alpha", "α", "");

        FUNCTIONS.put("pt", new String[]{"p_T", "GeV"});
        FUNCTIONS.put("eta", new String[]{"η", ""});
        FUNCTIONS.put("phi", new String[]{"φ", ""});
        FUNCTIONS.put("m", new String[]{"m", "GeV"});
        FUNCTIONS.put("e", new String[]{"E", "GeV"});
        FUNCTIONS.put("y", new String[]{"y", ""});
        FUNCTIONS.put("px", new String[]{"p_x", "GeV"});
        FUNCTIONS.put("py", new String[]{"p_y", "GeV"});
        FUNCTIONS.put("pz", new String[]{"p_z", "GeV"});
        FUNCTIONS.put("costh", new String[]{"cos θ", ""});
        FUNCTIONS.put("dr", new String[]{"ΔR", ""});
        FUNCTIONS.put("dphi", new String[]{"Δφ", ""});
        FUNCTIONS.put("deta", new String[]{"Δη", ""});
        FUNCTIONS.put("dy", new String[]{"Δy", ""});
        FUNCTIONS.put("n", new String[]{"N", ""});
        FUNCTIONS.put("ht", new String[]{"H_T", "GeV"});
        FUNCTIONS.put("met", new String[]{"E_T^{miss}", "GeV"});

        String[][] objects = {{"j", "j"}, {"b", "b"}, {"l", "ℓ"}, {"lp", "ℓ⁺"}, {"lm", "ℓ⁻"}, {"e", "e"}, {"ep", "e⁺"},
                {"em", "e⁻"}, {"mu", "μ"}, {"mup", "μ⁺"}, {"mum", "μ⁻"}, {"ta", "τ"}, {"gamma", "γ"}, {"nu", "ν"},
                {"inv", "inv."}, {"fs", "all"}, {"t", "t"}, {"W", "W"}, {"Z", "Z"}, {"H", "H"}};
        for (String[] o : objects) OBJECTS.put(o[0], o[1]);
    }

    private AxisLabels() {
    }

    private static void put(String name, String symbol, String unit) {
        TABLE.put(name, new String[]{symbol, unit, ""});
    }

    private static void put(String name, String symbol, String unit, String level) {
        TABLE.put(name, new String[]{symbol, unit, level});
    }

    /** The label of a column or parameter name. */
    public static String of(String name) {
        return of(name, Map.of());
    }

    /** The label of a column, from the dataset's metadata ({@code label.<column>}) or the built-in table. */
    public static String of(String name, Map<String, String> metadata) {
        if (name == null || name.isEmpty()) return name;
        String given = metadata == null ? null : metadata.get("label." + name);
        if (given != null && !given.isBlank()) return given;
        String label = known(name);
        return label != null ? label : name;
    }

    /** Several names, each labelled, e.g. the parameters of a scan. */
    public static List<String> of(List<String> names) {
        return names.stream().map(AxisLabels::of).toList();
    }

    /** The unit of a label ("GeV" for "p_T(j₁) [GeV]"), or "" when it has none. */
    public static String unit(String label) {
        if (label == null || !label.endsWith("]")) return "";
        int open = label.lastIndexOf(" [");
        return open < 0 ? "" : label.substring(open + 2, label.length() - 1);
    }

    private static String known(String name) {
        Matcher expr = EXPRESSION.matcher(name);
        if (expr.matches()) {
            // an observable written as in --observables, e.g. pt(j1) or m(l1, l2)
            String args = expr.group(2).replace(" ", "").replace(",", "_");
            return known("x." + expr.group(1) + (args.isEmpty() ? "" : "_" + args));
        }
        String level = "";
        String rest = name;
        if (rest.startsWith("x.gen.") || rest.startsWith("x.reco.")) {
            level = rest.startsWith("x.gen.") ? "generator level" : "detector level";
            rest = rest.substring(rest.indexOf('.', 2) + 1);
        } else if (rest.startsWith("x.") || rest.startsWith("theta.")) {
            rest = rest.substring(rest.indexOf('.') + 1);
        } else if (rest.startsWith("t_xz.")) {
            String p = known(rest.substring(5));
            return "t_{" + (p != null ? symbol(p) : rest.substring(5)) + "}(x,z)";
        }
        String[] entry = TABLE.get(rest);
        if (entry != null) {
            return compose(entry[0], entry[1], level.isEmpty() ? entry[2] : level);
        }
        if (rest.matches("\\d+") && name.startsWith("x.")) return "x" + subscript(rest);
        String[] observable = observable(rest);
        if (observable != null) return compose(observable[0], observable[1], level);
        return null;
    }

    /** The label of an observables-vocabulary column name without its prefix, e.g. "pt_j1" -> {"p_T(j₁)", "GeV"}. */
    private static String[] observable(String rest) {
        String[] parts = rest.split("_");
        String[] f = FUNCTIONS.get(parts[0]);
        if (f == null) return null;
        if (parts.length == 1) return parts[0].equals("ht") || parts[0].equals("met") ? new String[]{f[0], f[1]} : null;
        StringBuilder args = new StringBuilder();
        for (int i = 1; i < parts.length; i++) {
            String o = object(parts[i]);
            if (o == null) return null;
            args.append(i == 1 ? "" : ",").append(o);
        }
        return new String[]{f[0] + "(" + args + ")", f[1]};
    }

    private static String object(String token) {
        Matcher m = OBJECT.matcher(token);
        if (!m.matches()) return null;
        String name = OBJECTS.get(m.group(1));
        if (name == null) return null;
        return name + subscript(m.group(2));
    }

    private static String subscript(String digits) {
        StringBuilder b = new StringBuilder();
        for (char c : digits.toCharArray()) b.append(SUBSCRIPT_DIGITS.charAt(c - '0'));
        return b.toString();
    }

    private static String compose(String symbol, String unit, String level) {
        return symbol + (level.isEmpty() ? "" : " (" + level + ")") + (unit.isEmpty() ? "" : " [" + unit + "]");
    }

    /** A label without its unit, for a panel title: "m_{jet} (generator level) [GeV]" -> "m_{jet} (generator level)". */
    public static String withoutUnit(String label) {
        String unit = unit(label);
        return unit.isEmpty() ? label : label.substring(0, label.length() - unit.length() - 3);
    }

    /** The symbol of a label, without its level and unit: "p_T(j₁) (generator level) [GeV]" -> "p_T(j₁)". */
    public static String symbol(String label) {
        int cut = label.length();
        for (String s : new String[]{" (", " ["}) {
            int i = label.indexOf(s);
            if (i > 0) cut = Math.min(cut, i);
        }
        return label.substring(0, cut);
    }
}
