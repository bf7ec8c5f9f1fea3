package org.hepml.engine;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * Numbers as the notebook prints them: counts and rates with scaled units (12,345 events, 12.3k events/s, 30 kB/s, 0.25 steps/s,
 * never "0/s"), durations (0.4 s, 3 min 05 s), and measured values to a given number of significant digits without
 * E-notation or float noise (0.828 rather than 0.827634164189502).
 */
public final class Quantities {
    private Quantities() {
    }

    /** A count: 950, 12,345, 450,000, 4.5M, 1.2G; a fractional count below ten keeps one decimal (1.4 steps). */
    public static String count(double n) {
        double a = Math.abs(n);
        if (a >= 1e9) return scaled(n / 1e9) + "G";
        if (a >= 1e6) return scaled(n / 1e6) + "M";
        if (n == Math.rint(n) || a >= 10) return String.format(Locale.ROOT, "%,d", Math.round(n));
        return String.format(Locale.ROOT, "%.1f", n);
    }

    /** A count of {@code unit}: bytes as B, kB, MB, GB; anything else as {@link #count} followed by the unit. */
    public static String count(double n, String unit) {
        if (isBytes(unit)) return bytes(n);
        return count(n) + " " + unit;
    }

    /**
     * A rate of {@code unit} per second, with the unit scaled and decimals where the number is small (2.5 events/s,
     * 0.25 steps/s); below one unit in ten seconds, the time per unit instead (48 s per step). Empty when not known.
     */
    public static String rate(double perSecond, String unit) {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) return "";
        if (isBytes(unit)) return bytes(perSecond) + "/s";
        if (perSecond < 0.1) return duration(1 / perSecond) + " per " + singular(unit);
        String n = perSecond >= 1e6 ? count(perSecond) : perSecond >= 1e4 ? scaled(perSecond / 1e3) + "k"
                : significant(perSecond, perSecond >= 100 ? 3 : 2);
        return n + " " + unit + "/s";
    }

    /** A duration: 0.4 s, 12 s, 3 min 05 s, 1 h 02 min. */
    public static String duration(double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) return "?";
        if (seconds < 10) return String.format(Locale.ROOT, "%.1f s", seconds);
        if (seconds < 60) return String.format(Locale.ROOT, "%.0f s", seconds);
        long s = Math.round(seconds);
        if (s < 3600) return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }

    /**
     * {@code x} to {@code digits} significant digits in plain notation, without trailing zeros after the point
     * (0.828, 1.2, 1500, 0.00012); NaN and infinities as "NaN", "inf", "-inf"; very large or small magnitudes
     * (beyond 1e9 or below 1e-6) as e.g. 1.2e-7.
     */
    public static String significant(double x, int digits) {
        if (Double.isNaN(x)) return "NaN";
        if (Double.isInfinite(x)) return x > 0 ? "inf" : "-inf";
        if (x == 0) return "0";
        BigDecimal d = new BigDecimal(x).round(new MathContext(digits));
        double a = Math.abs(x);
        if (a >= 1e9 || a < 1e-6) return String.format(Locale.ROOT, "%." + Math.max(0, digits - 1) + "e", x).replace("e-0", "e-").replace("e+0", "e").replace("e+", "e");
        String s = d.toPlainString();
        if (s.contains(".")) s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        return s;
    }

    /** A point in parameter space: "0.828" for one parameter, "(0.828, 1.2)" for several. */
    public static String point(double[] v, int digits) {
        if (v.length == 1) return significant(v[0], digits);
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) b.append(i == 0 ? "" : ", ").append(significant(v[i], digits));
        return b.append(')').toString();
    }

    /** The unit's singular for "per" phrases: batches -> batch, steps -> step, events -> event. */
    static String singular(String unit) {
        if (unit.endsWith("ches") || unit.endsWith("shes") || unit.endsWith("xes")) return unit.substring(0, unit.length() - 2);
        if (unit.endsWith("s") && unit.length() > 1) return unit.substring(0, unit.length() - 1);
        return unit;
    }

    private static boolean isBytes(String unit) {
        return "bytes".equals(unit) || "B".equals(unit);
    }

    private static String bytes(double n) {
        double a = Math.abs(n);
        if (a >= 1e9) return scaled(n / 1e9) + " GB";
        if (a >= 1e6) return scaled(n / 1e6) + " MB";
        if (a >= 1e3) return scaled(n / 1e3) + " kB";
        return String.format(Locale.ROOT, "%.0f B", n);
    }

    /** 1.23, 12.3, 123: three significant digits at most, one decimal at most above ten. */
    private static String scaled(double v) {
        double a = Math.abs(v);
        String s = String.format(Locale.ROOT, a < 10 ? "%.2f" : a < 100 ? "%.1f" : "%.0f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
