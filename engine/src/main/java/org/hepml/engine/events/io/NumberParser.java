package org.hepml.engine.events.io;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * Parses numbers straight from the bytes (or characters) of a file, without making a String per token. Accepts what
 * Fortran generators write: {@code -.53E+04}, {@code 1.0D+03}, {@code 1.0d-3}, and the letterless three-digit exponent
 * {@code 0.1234-100}; also {@code NaN} and {@code Inf}/{@code Infinity} in any case. Refuses everything else that
 * {@link Double#parseDouble} would take (hexadecimal, type suffixes such as {@code 1d}, blanks).
 *
 * <p>Doubles are correctly rounded, bit for bit what {@link Double#parseDouble} gives for the same number. The syntax
 * is checked here in one pass that also collects up to 18 significant digits (more could overflow a long); when those
 * (less any trailing zeros) fit below 2^53 and the decimal exponent is within ±22 the value is one IEEE multiplication or
 * division of two exact operands, so correctly rounded
 * (Clinger, "How to read floating point numbers accurately", PLDI 1990). Every other number goes to
 * {@code ch.randelshofer.fastdoubleparser} (a port of Lemire's fast_float: the Eisel-Lemire algorithm with an exact
 * fallback; Lemire, "Number parsing at a gigabyte per second", Softw. Pract. Exp. 51 (2021)), after the Fortran
 * exponent is rewritten as {@code E}.
 *
 * <p>{@link Scanner} reads a number and finds where its token ends in the same pass, for the block parser's columns.
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

    /** The number in {@code b[from, to)}, which must be the whole token. */
    static double parseDouble(byte[] b, int from, int to) throws BadNumber {
        int i = from;
        if (i >= to) throw BAD;
        boolean negative = false;
        int c = b[i];
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
        for (; i < to && (c = b[i] - '0') >= 0 && c <= 9; i++) {
            anyDigit = true;
            if (significant < 18) { // a 19th digit could overflow the long (9.3e18 > 2^63)
                mantissa = mantissa * 10 + c;
                if (mantissa != 0) significant++;
            } else {
                exp10++;
                if (c != 0) truncated = true;
            }
        }
        if (i < to && b[i] == '.') {
            for (i++; i < to && (c = b[i] - '0') >= 0 && c <= 9; i++) {
                anyDigit = true;
                if (significant < 18) {
                    mantissa = mantissa * 10 + c;
                    if (mantissa != 0) significant++;
                    exp10--;
                } else if (c != 0) {
                    truncated = true;
                }
            }
        }
        if (!anyDigit) throw BAD;
        int exponentAt = -1; // where a Fortran exponent (D, or no letter) starts, to rewrite it for the library
        if (i < to) {
            c = b[i];
            boolean letter = c == 'e' || c == 'E' || c == 'd' || c == 'D';
            if (!letter && c != '+' && c != '-') throw BAD; // letterless exponent: Fortran's 0.1234-100
            if (c != 'e' && c != 'E') exponentAt = i;
            if (letter) i++;
            boolean expNegative = false;
            if (i < to && (b[i] == '+' || b[i] == '-')) {
                expNegative = b[i] == '-';
                i++;
            }
            if (i >= to) throw BAD;
            int exponent = 0;
            for (; i < to && (c = b[i] - '0') >= 0 && c <= 9; i++) {
                if (exponent < 100_000) exponent = exponent * 10 + c;
            }
            if (i != to) throw BAD;
            exp10 += expNegative ? -exponent : exponent;
        }
        if (mantissa == 0) return negative ? -0.0 : 0.0;
        if (!truncated) {
            double v = exactly(mantissa, exp10, negative);
            if (v == v) return v;
        }
        try {
            return exponentAt < 0 ? JavaDoubleParser.parseDouble(b, from, to - from) : fortranExponent(b, from, to, exponentAt);
        } catch (NumberFormatException e) {
            throw BAD; // not expected after the syntax check above; NumberParserTest would show it as a disagreement
        }
    }

    /**
     * mantissa × 10^exp10 when one IEEE multiplication or division of exact operands gives it (correctly rounded), else
     * NaN. Trailing zeros of a fixed-width format (-6.1411387676000000e+01) move into the exponent first: the same number.
     */
    private static double exactly(long mantissa, int exp10, boolean negative) {
        while (mantissa >= (1L << 53) && mantissa % 10 == 0) {
            mantissa /= 10;
            exp10++;
        }
        if (mantissa < (1L << 53) && exp10 >= -22 && exp10 <= 22) {
            double v = exp10 >= 0 ? mantissa * POW10[exp10] : mantissa / POW10[-exp10];
            return negative ? -v : v;
        }
        return Double.NaN;
    }

    /**
     * The same as {@link #parseDouble(byte[], int, int)} on characters (the XML path's text), read in place: the same
     * syntax check and digits, then the same exact operation or the same library.
     */
    static double parseDouble(char[] b, int from, int to) throws BadNumber {
        int i = from;
        if (i >= to) throw BAD;
        boolean negative = false;
        int c = b[i];
        if (c == '+' || c == '-') {
            negative = c == '-';
            if (++i >= to) throw BAD;
        }
        if (isLetter(b[i])) return special(asBytes(b, i, to), 0, to - i, negative);
        long mantissa = 0;
        int significant = 0, exp10 = 0;
        boolean anyDigit = false, truncated = false;
        for (; i < to && (c = b[i] - '0') >= 0 && c <= 9; i++) {
            anyDigit = true;
            if (significant < 18) {
                mantissa = mantissa * 10 + c;
                if (mantissa != 0) significant++;
            } else {
                exp10++;
                if (c != 0) truncated = true;
            }
        }
        if (i < to && b[i] == '.') {
            for (i++; i < to && (c = b[i] - '0') >= 0 && c <= 9; i++) {
                anyDigit = true;
                if (significant < 18) {
                    mantissa = mantissa * 10 + c;
                    if (mantissa != 0) significant++;
                    exp10--;
                } else if (c != 0) {
                    truncated = true;
                }
            }
        }
        if (!anyDigit) throw BAD;
        boolean fortran = false;
        if (i < to) {
            c = b[i];
            boolean letter = c == 'e' || c == 'E' || c == 'd' || c == 'D';
            if (!letter && c != '+' && c != '-') throw BAD;
            fortran = c != 'e' && c != 'E';
            if (letter) i++;
            boolean expNegative = false;
            if (i < to && (b[i] == '+' || b[i] == '-')) {
                expNegative = b[i] == '-';
                i++;
            }
            if (i >= to) throw BAD;
            int exponent = 0;
            for (; i < to && (c = b[i] - '0') >= 0 && c <= 9; i++) {
                if (exponent < 100_000) exponent = exponent * 10 + c;
            }
            if (i != to) throw BAD;
            exp10 += expNegative ? -exponent : exponent;
        }
        if (mantissa == 0) return negative ? -0.0 : 0.0;
        if (!truncated) {
            double v = exactly(mantissa, exp10, negative);
            if (v == v) return v;
        }
        if (fortran) return parseDouble(asBytes(b, from, to), 0, to - from); // rare: the byte path rewrites the exponent
        try {
            return JavaDoubleParser.parseDouble(b, from, to - from);
        } catch (NumberFormatException e) {
            throw BAD;
        }
    }

    /** The token with its Fortran exponent ({@code D+03}, or a bare sign as in {@code 0.1234-100}) written as {@code E}. */
    private static double fortranExponent(byte[] b, int from, int to, int at) {
        int n = to - from;
        byte[] s = new byte[n + 1];
        System.arraycopy(b, from, s, 0, at - from);
        s[at - from] = 'E';
        int rest = b[at] == '+' || b[at] == '-' ? at : at + 1;
        System.arraycopy(b, rest, s, at - from + 1, to - rest);
        return JavaDoubleParser.parseDouble(s, 0, at - from + 1 + to - rest);
    }

    private static boolean isLetter(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static double special(byte[] b, int i, int to, boolean negative) throws BadNumber {
        if (to - i > 8) throw BAD;
        String word = new String(b, i, to - i, java.nio.charset.StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        return switch (word) {
            case "nan" -> Double.NaN;
            case "inf", "infinity" -> negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            default -> throw BAD;
        };
    }

    /** An integer field (PDG id, status, counts) in {@code b[from, to)}; rejects anything beyond int range. */
    static int parseInt(byte[] b, int from, int to) throws BadNumber {
        int i = from;
        if (i >= to) throw BAD;
        boolean negative = false;
        int c = b[i];
        if (c == '+' || c == '-') {
            negative = c == '-';
            if (++i >= to) throw BAD;
        }
        long v = 0;
        for (; i < to; i++) {
            c = b[i] - '0';
            if (c < 0 || c > 9) throw BAD;
            v = v * 10 + c;
            if (v > Integer.MAX_VALUE + 1L) throw BAD;
        }
        v = negative ? -v : v;
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) throw BAD;
        return (int) v;
    }

    static int parseInt(char[] b, int from, int to) throws BadNumber {
        int i = from;
        if (i >= to) throw BAD;
        boolean negative = false;
        int c = b[i];
        if (c == '+' || c == '-') {
            negative = c == '-';
            if (++i >= to) throw BAD;
        }
        long v = 0;
        for (; i < to; i++) {
            c = b[i] - '0';
            if (c < 0 || c > 9) throw BAD;
            v = v * 10 + c;
            if (v > Integer.MAX_VALUE + 1L) throw BAD;
        }
        v = negative ? -v : v;
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) throw BAD;
        return (int) v;
    }

    /** The characters as bytes (a new array: rare cases only); a character beyond Latin-1 is never part of a number. */
    private static byte[] asBytes(char[] c, int from, int to) throws BadNumber {
        byte[] b = new byte[to - from];
        for (int i = 0; i < b.length; i++) {
            char ch = c[from + i];
            if (ch > 0xff) throw BAD;
            b[i] = (byte) ch;
        }
        return b;
    }

    /**
     * Reads numbers in place from a buffer of text: the token at a position runs to the next blank, line end or '<'
     * (or the buffer's limit), and its value is exactly {@link #parseDouble(byte[], int, int)} of that token. The usual
     * shape (sign, up to 18 digits with a point, an {@code e} exponent) is read in one pass, eight digits at a time;
     * anything else is handed to {@code parseDouble}. One Scanner per thread: it keeps the last value.
     */
    static final class Scanner {
        private static final VarHandle EIGHT = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
        private static final long ZEROS = 0x3030303030303030L, HIGH_NIBBLES = 0xf0f0f0f0f0f0f0f0L, SIXES = 0x0606060606060606L;
        /** The last number read. */
        double value;
        int integer;

        /** Reads the number at {@code from}; returns where its token ends. */
        int scanDouble(byte[] b, int from, int limit) throws BadNumber {
            int i = from, c;
            boolean negative = false;
            if (i < limit && ((c = b[i]) == '-' || c == '+')) {
                negative = c == '-';
                i++;
            }
            long m = 0; // exact while there are at most 18 digits (more are read by parseDouble)
            int s = i, exp10 = 0;
            while (i < limit && (c = b[i] - '0') >= 0 && c <= 9) {
                m = 10 * m + c;
                i++;
            }
            int digits = i - s;
            if (i < limit && b[i] == '.') {
                int f = ++i;
                for (long x; i + 8 <= limit && eightDigits(x = (long) EIGHT.get(b, i)); i += 8) m = 100_000_000 * m + valueOfEight(x);
                while (i < limit && (c = b[i] - '0') >= 0 && c <= 9) {
                    m = 10 * m + c;
                    i++;
                }
                digits += i - f;
                exp10 = f - i;
            }
            if (digits == 0 || digits > 18) return slowDouble(b, from, limit);
            if (i < limit && ((c = b[i]) == 'e' || c == 'E')) {
                boolean expNegative = false;
                if (++i < limit && ((c = b[i]) == '-' || c == '+')) {
                    expNegative = c == '-';
                    i++;
                }
                int e = 0, es = i;
                while (i < limit && (c = b[i] - '0') >= 0 && c <= 9) {
                    e = 10 * e + c;
                    i++;
                }
                if (i == es || i - es > 5) return slowDouble(b, from, limit);
                exp10 += expNegative ? -e : e;
            }
            if (i < limit && !ends(b[i])) return slowDouble(b, from, limit);
            if (m < (1L << 53) && exp10 >= -22 && exp10 <= 22) {
                double v = exp10 >= 0 ? m * POW10[exp10] : m / POW10[-exp10]; // the same operation as parseDouble's
                value = negative ? -v : v;
                return i;
            }
            return unusual(b, from, limit, i, m, exp10, negative);
        }

        /** Zero with a wide exponent, trailing zeros of a fixed-width format, or a number for parseDouble. */
        private int unusual(byte[] b, int from, int limit, int end, long m, int exp10, boolean negative) throws BadNumber {
            if (m == 0) {
                value = negative ? -0.0 : 0.0;
                return end;
            }
            while (m >= (1L << 53) && m % 10 == 0) { // the same number
                m /= 10;
                exp10++;
            }
            if (m < (1L << 53) && exp10 >= -22 && exp10 <= 22) {
                double v = exp10 >= 0 ? m * POW10[exp10] : m / POW10[-exp10];
                value = negative ? -v : v;
                return end;
            }
            return slowDouble(b, from, limit);
        }

        /** Reads the integer at {@code from} into {@link #integer}; returns where its token ends. */
        int scanInt(byte[] b, int from, int limit) throws BadNumber {
            int i = from;
            boolean negative = false;
            if (i < limit && (b[i] == '-' || b[i] == '+')) negative = b[i++] == '-';
            int v = 0, s = i, c;
            while (i < limit && (c = b[i] - '0') >= 0 && c <= 9 && i - s < 9) {
                v = 10 * v + c;
                i++;
            }
            if (i == s || i < limit && !ends(b[i])) {
                int e = tokenEnd(b, from, limit);
                integer = parseInt(b, from, e);
                return e;
            }
            integer = negative ? -v : v;
            return i;
        }

        private int slowDouble(byte[] b, int from, int limit) throws BadNumber {
            int e = tokenEnd(b, from, limit);
            value = parseDouble(b, from, e);
            return e;
        }

        private static int tokenEnd(byte[] b, int i, int limit) {
            while (i < limit && !ends(b[i])) i++;
            return i;
        }

        private static boolean ends(byte c) {
            return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '<';
        }

        /** All eight bytes are ASCII digits: each has high nibble 3, and adding 6 does not carry out of the low nibble. */
        private static boolean eightDigits(long x) {
            return (x & HIGH_NIBBLES) == ZEROS && ((x + SIXES) & HIGH_NIBBLES) == ZEROS;
        }

        /**
         * The value of eight ASCII digits read little-endian (first digit in the lowest byte): neighbouring digits are
         * joined into 2-digit, then 4-digit, then the 8-digit number, each step one multiplication of all lanes at once.
         */
        private static long valueOfEight(long x) {
            long d = x - ZEROS;
            long pairs = (10 * d + (d >>> 8)) & 0x00ff00ff00ff00ffL;
            long quads = (100 * pairs + (pairs >>> 16)) & 0x0000ffff0000ffffL;
            return (10_000 * quads + (quads >>> 32)) & 0xffffffffL;
        }
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
