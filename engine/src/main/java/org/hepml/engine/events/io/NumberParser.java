package org.hepml.engine.events.io;

import java.util.Locale;

/**
 * Parses numbers straight from character data, without making a String per token. Accepts what Fortran
 * generators write: {@code -.53E+04}, {@code 1.0D+03}, {@code 1.0d-3}, and the letterless three-digit exponent
 * {@code 0.1234-100}; also {@code NaN} and {@code Inf}/{@code Infinity}.
 *
 * <p>Doubles are correctly rounded: the fast path (at most 19 significant digits, mantissa below 2^53 and a
 * decimal exponent within ±22) is exact by Clinger's argument (one IEEE operation on exact operands); anything
 * else falls back to {@link Double#parseDouble}.
 */
final class NumberParser {
    private static final double[] POW10 = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private NumberParser() {
    }

    /** Thrown for a token that is not a number; cheap (no stack trace) because callers turn it into a located error. */
    static final class BadNumber extends Exception {
        BadNumber() {
            super(null, null, false, false);
        }
    }

    private static final BadNumber BAD = new BadNumber();

    static double parseDouble(char[] b, int from, int to) throws BadNumber {
        int i = from;
        if (i >= to) throw BAD;
        boolean negative = false;
        char c = b[i];
        if (c == '+' || c == '-') {
            negative = c == '-';
            if (++i >= to) throw BAD;
        }
        if (isLetter(b[i])) return special(b, i, to, negative);
        long mantissa = 0;
        int significant = 0;
        int exp10 = 0;
        boolean anyDigit = false;
        boolean truncated = false;
        for (; i < to && (c = b[i]) >= '0' && c <= '9'; i++) {
            anyDigit = true;
            if (significant < 19) {
                mantissa = mantissa * 10 + (c - '0');
                if (mantissa != 0) significant++;
            } else {
                exp10++;
                if (c != '0') truncated = true;
            }
        }
        if (i < to && b[i] == '.') {
            for (i++; i < to && (c = b[i]) >= '0' && c <= '9'; i++) {
                anyDigit = true;
                if (significant < 19) {
                    mantissa = mantissa * 10 + (c - '0');
                    if (mantissa != 0) significant++;
                    exp10--;
                } else if (c != '0') {
                    truncated = true;
                }
            }
        }
        if (!anyDigit) throw BAD;
        if (i < to) {
            c = b[i];
            boolean letter = c == 'e' || c == 'E' || c == 'd' || c == 'D';
            if (!letter && c != '+' && c != '-') throw BAD; // letterless exponent: Fortran's 0.1234-100
            if (letter) i++;
            boolean expNegative = false;
            if (i < to && (b[i] == '+' || b[i] == '-')) {
                expNegative = b[i] == '-';
                i++;
            }
            if (i >= to) throw BAD;
            int exponent = 0;
            for (; i < to && (c = b[i]) >= '0' && c <= '9'; i++) {
                if (exponent < 100_000) exponent = exponent * 10 + (c - '0');
            }
            if (i != to) throw BAD;
            exp10 += expNegative ? -exponent : exponent;
        }
        if (mantissa == 0) return negative ? -0.0 : 0.0;
        if (!truncated && mantissa < (1L << 53) && exp10 >= -22 && exp10 <= 22) {
            double v = exp10 >= 0 ? mantissa * POW10[exp10] : mantissa / POW10[-exp10];
            return negative ? -v : v;
        }
        return slow(b, from, to);
    }

    private static double slow(char[] b, int from, int to) throws BadNumber {
        StringBuilder s = new StringBuilder(to - from + 1);
        for (int i = from; i < to; i++) {
            char c = b[i];
            if (c == 'd' || c == 'D') c = 'E';
            // a sign after a digit starts a letterless exponent
            if ((c == '+' || c == '-') && i > from && Character.isDigit(b[i - 1])) s.append('E');
            s.append(c);
        }
        try {
            return Double.parseDouble(s.toString());
        } catch (NumberFormatException e) {
            throw BAD;
        }
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static double special(char[] b, int i, int to, boolean negative) throws BadNumber {
        String word = new String(b, i, to - i).toLowerCase(Locale.ROOT);
        return switch (word) {
            case "nan" -> Double.NaN;
            case "inf", "infinity" -> negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            default -> throw BAD;
        };
    }

    /** An integer field (PDG id, status, counts); rejects anything beyond int range. */
    static int parseInt(char[] b, int from, int to) throws BadNumber {
        int i = from;
        if (i >= to) throw BAD;
        boolean negative = false;
        char c = b[i];
        if (c == '+' || c == '-') {
            negative = c == '-';
            if (++i >= to) throw BAD;
        }
        long v = 0;
        for (; i < to; i++) {
            c = b[i];
            if (c < '0' || c > '9') throw BAD;
            v = v * 10 + (c - '0');
            if (v > Integer.MAX_VALUE + 1L) throw BAD;
        }
        v = negative ? -v : v;
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) throw BAD;
        return (int) v;
    }

    static double parseDouble(String s) throws BadNumber {
        char[] c = s.trim().toCharArray();
        return parseDouble(c, 0, c.length);
    }

    static int parseInt(String s) throws BadNumber {
        char[] c = s.trim().toCharArray();
        return parseInt(c, 0, c.length);
    }
}
