package org.hepml.engine.events.io;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Millions of number strings, random and made to be hard (decimal midpoints between two doubles and next to them,
 * 17 to 800 digits, subnormals, overflow, Fortran's D and letterless exponents): {@link NumberParser#parseDouble} and
 * {@link NumberParser.Scanner} give exactly the double {@link Double#parseDouble} gives for the same number, accept
 * exactly the strings of hepml's grammar, and the Scanner finds where the token ends.
 */
class NumberParserExactnessTest {
    /** hepml's number grammar; the exponent may be Fortran's D, or a bare sign (0.1234-100). */
    static final Pattern GRAMMAR = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eEdD][+-]?\\d+|[+-]\\d+)?|[+-]?(?i:nan|inf|infinity)");

    private static final Pattern BARE_SIGN = Pattern.compile("(?<=[0-9.])([+-])(?=\\d+$)"), WORD = Pattern.compile("[+-]?[a-zA-Z]+"),
            JAVA_EXPONENT = Pattern.compile("[+-]?[0-9.]+[eE][+-]?\\d+"), E_SIGN = Pattern.compile("[eE]([+-])"), E_DIGIT = Pattern.compile("[eE](\\d)");

    /** What Java reads for a string of the grammar: the exponent written with E. */
    static double java(String s) {
        if (WORD.matcher(s).matches()) {
            String w = s.toLowerCase(Locale.ROOT);
            return w.contains("nan") ? Double.NaN : w.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        String t = s.replace('d', 'E').replace('D', 'E');
        return Double.parseDouble(BARE_SIGN.matcher(t).replaceFirst("E$1"));
    }

    private final NumberParser.Scanner scanner = new NumberParser.Scanner();

    /** The three ways agree on s: accepted with Java's double, or refused by all. */
    void check(String s) {
        byte[] token = s.getBytes(StandardCharsets.ISO_8859_1);
        boolean ofGrammar = GRAMMAR.matcher(s).matches();
        Double parsed;
        try {
            parsed = NumberParser.parseDouble(token, 0, token.length);
        } catch (NumberParser.BadNumber e) {
            parsed = null;
        }
        Double fromChars;
        try {
            fromChars = NumberParser.parseDouble(s.toCharArray(), 0, s.length());
        } catch (NumberParser.BadNumber e) {
            fromChars = null;
        }
        // in a line: the token followed by a blank, then more text
        byte[] line = (s + " 7\n").getBytes(StandardCharsets.ISO_8859_1);
        Double scanned;
        int end = -1;
        try {
            end = scanner.scanDouble(line, 0, line.length);
            scanned = scanner.value;
        } catch (NumberParser.BadNumber e) {
            scanned = null;
        }
        if (!ofGrammar) {
            if (parsed != null || fromChars != null || scanned != null) fail("'" + s + "' is not a number of the grammar but was read as " + parsed + " / " + scanned);
            return;
        }
        double want = java(s);
        if (parsed == null || scanned == null || fromChars == null) fail("'" + s + "' was refused; Java reads " + want);
        if (Double.doubleToRawLongBits(parsed) != Double.doubleToRawLongBits(want) && !(Double.isNaN(parsed) && Double.isNaN(want))
                || Double.doubleToRawLongBits(scanned) != Double.doubleToRawLongBits(parsed)
                || Double.doubleToRawLongBits(fromChars) != Double.doubleToRawLongBits(parsed)) {
            fail("'" + s + "': parseDouble " + parsed + ", Scanner " + scanned + ", from chars " + fromChars + ", Java " + want);
        }
        if (end != s.length()) fail("'" + s + "': the Scanner ends the token at " + end + ", not " + s.length());
    }

    /** A decimal string near a random double: its shortest form, a fixed number of digits, or a midpoint and its neighbours. */
    static String nearDouble(Random r) {
        double d;
        do {
            d = switch (r.nextInt(4)) {
                case 0 -> Double.longBitsToDouble(r.nextLong()); // any bits: subnormals, the largest, NaN and infinities
                case 1 -> Math.scalb(1 + r.nextDouble(), r.nextInt(2100) - 1075);
                case 2 -> (double) r.nextLong() / (1L << r.nextInt(63));
                default -> r.nextInt(1 << 20) * Math.pow(10, r.nextInt(60) - 30);
            };
        } while (!Double.isFinite(d));
        return switch (r.nextInt(16)) {
            case 0, 1, 2, 3, 4, 5 -> Double.toString(d);
            case 6, 7, 8 -> String.format(Locale.ROOT, "%." + r.nextInt(26) + "e", d);
            case 9 -> Math.abs(d) < 1e20 && Math.abs(d) > 1e-20 ? String.format(Locale.ROOT, "%." + r.nextInt(30) + "f", d) : Double.toString(d);
            case 10, 11, 12, 13 -> fewerDigits(Double.toString(d), 1 + r.nextInt(17));
            default -> midpoint(d, r);
        };
    }

    /** Java's shortest form of a double cut to a number of significant digits (not rounded: a nearby decimal). */
    static String fewerDigits(String s, int digits) {
        int e = s.indexOf('E');
        String mantissa = e < 0 ? s : s.substring(0, e), exponent = e < 0 ? "" : s.substring(e);
        int kept = 0, i = 0;
        for (; i < mantissa.length() && kept < digits; i++) if (Character.isDigit(mantissa.charAt(i))) kept++;
        return mantissa.substring(0, i) + exponent;
    }

    /** The exact decimal halfway between d and the next double up, or a last digit beside it: the hardest to round. */
    static String midpoint(double d, Random r) {
        // a tiny or huge double's exact expansion has hundreds of digits, slow to check: most midpoints are of everyday sizes
        if ((Math.abs(d) < 1e-30 || Math.abs(d) > 1e30) && r.nextInt(30) != 0) d = Math.scalb(1 + r.nextDouble(), r.nextInt(200) - 100);
        double next = Math.nextUp(d);
        if (!Double.isFinite(next)) return Double.toString(d);
        BigDecimal mid = new BigDecimal(d).add(new BigDecimal(next)).divide(BigDecimal.valueOf(2));
        String s = mid.toString(); // exact: up to ~770 digits for subnormals
        if (r.nextBoolean()) return s;
        // the same number plus or minus one in a digit beyond what a double holds
        BigDecimal tiny = BigDecimal.ONE.movePointLeft(mid.scale() + r.nextInt(3));
        return (r.nextBoolean() ? mid.add(tiny) : mid.subtract(tiny)).toString();
    }

    /** Random digits, point and exponent: leading zeros, many digits, exponents out of range. */
    static String randomDecimal(Random r) {
        StringBuilder s = new StringBuilder();
        if (r.nextInt(3) == 0) s.append(r.nextBoolean() ? '-' : '+');
        int digits = r.nextInt(5) == 0 ? 1 + r.nextInt(60) : 1 + r.nextInt(20);
        int point = r.nextInt(digits + 2) - 1;
        for (int i = 0; i < digits; i++) {
            if (i == point) s.append('.');
            s.append(i < 3 && r.nextInt(4) == 0 ? '0' : (char) ('0' + r.nextInt(10)));
        }
        if (point == digits) s.append('.');
        if (r.nextInt(4) != 0) {
            int e = r.nextInt(5) == 0 ? r.nextInt(800) - 400 : r.nextInt(60) - 30;
            s.append("eEdD".charAt(r.nextInt(4))).append(e < 0 ? "-" : r.nextBoolean() ? "+" : "").append(Math.abs(e));
        }
        return s.toString();
    }

    /** Java's forms rewritten as Fortran writes them: D exponents, a bare sign before a three-digit exponent. */
    static String fortran(String s, Random r) {
        if (!JAVA_EXPONENT.matcher(s).matches()) return s;
        if (r.nextBoolean()) return s.replace(r.nextBoolean() ? 'e' : 'E', r.nextBoolean() ? 'D' : 'd');
        return E_DIGIT.matcher(E_SIGN.matcher(s).replaceFirst("$1")).replaceFirst("+$1");
    }

    /** Short strings over the numbers' alphabet: most are not numbers, and must be refused by all three. */
    static String junk(Random r) {
        String alphabet = "0123456789+-.eEdDxfn ";
        StringBuilder s = new StringBuilder();
        for (int n = 1 + r.nextInt(8); n > 0; n--) s.append(alphabet.charAt(r.nextInt(alphabet.length())));
        return s.toString().trim().isEmpty() ? "." : s.toString().replace(' ', '_');
    }

    /** Two million strings per run, from a new seed each run (jqwik prints it on a failure). */
    @Property(tries = 10)
    void numbersAgreeWithJavaBitForBit(@ForAll long seed) {
        Random r = new Random(seed);
        for (int k = 0; k < 200_000; k++) {
            String s = switch (k % 5) {
                case 0, 1 -> nearDouble(r);
                case 2 -> randomDecimal(r);
                case 3 -> fortran(nearDouble(r), r);
                default -> junk(r);
            };
            check(s);
        }
    }

    @Test
    void edgeCases() {
        String[] edges = {
                "4.9e-324", "4.9E-324", "2.4703282292062327e-324", "2.4703282292062328e-324", "2.47032822920623272088e-324",
                "2.2250738585072011e-308", "2.2250738585072012e-308", "2.2250738585072014E-308", "2.225073858507201136057409796709131975934819546351645648e-308",
                "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308", "1.8e308", "1e309", "-1e309",
                "9007199254740992", "9007199254740993", "9007199254740993.0000000000000000001", "9007199254740994", "9007199254740995",
                "123456789012345678", "1234567890123456789", "12345678901234567890", "0.1", "0.3", "1e22", "1e23", "8.589973e9",
                "1.00000000000000011102230246251565404236316680908203125", "1.00000000000000011102230246251565404236316680908203124",
                "1.00000000000000011102230246251565404236316680908203126", "0." + "0".repeat(400) + "1", "1" + "0".repeat(400),
                "0e999999999", "1e-999999999", "1e999999999", "000000000000000000000000001.5", ".5", "5.", "+.5e-3", "-0", "-0.0e5",
                "1.0D+03", "1.0d-3", "0.1234-100", "0.1234+100", "1.5+3", "-.53E+04", "+4.2101234567e+02", "0.17976931348623157+309",
                "NaN", "-nan", "Inf", "-INF", "infinity", "-Infinity",
                "", "-", "+", ".", "e5", "1e", "1e+", "1.2.3", "1ee5", "--1", "1-", "0x10", "0x1p3", "1d", "1f", "1.5e5x", "nanx", "in", "-96995149596823561.02E-4", "9.5000000000000000000e+02", "9999999999999999999", "18446744073709551616"};
        for (String s : edges) check(s);
    }

    /** Integers: the Scanner and parseInt read what Integer.parseInt reads, and refuse the rest (out of range included). */
    @Property(tries = 3)
    void integersAgreeWithJava(@ForAll long seed) {
        Random r = new Random(seed);
        for (int k = 0; k < 100_000; k++) {
            String s = switch (k % 3) {
                case 0 -> String.valueOf(r.nextInt());
                case 1 -> String.valueOf(r.nextLong() >> r.nextInt(64));
                default -> junk(r);
            };
            Integer want;
            try {
                want = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                want = null;
            }
            byte[] token = s.getBytes(StandardCharsets.ISO_8859_1);
            byte[] line = (s + "\t1\n").getBytes(StandardCharsets.ISO_8859_1);
            Integer parsed, scanned;
            try {
                parsed = NumberParser.parseInt(token, 0, token.length);
            } catch (NumberParser.BadNumber e) {
                parsed = null;
            }
            try {
                assertThat(scanner.scanInt(line, 0, line.length)).as(s).isEqualTo(s.length());
                scanned = scanner.integer;
            } catch (NumberParser.BadNumber e) {
                scanned = null;
            }
            assertThat(parsed).as(s).isEqualTo(want);
            assertThat(scanned).as(s).isEqualTo(want);
        }
    }
}
