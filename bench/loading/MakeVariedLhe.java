import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * Writes MadGraph-like LHE files in many shapes for identical.sh: numbers in every format generators use (E, D and
 * letterless Fortran exponents, 1 to 26 digits, subnormal to huge), rwgt/mgrwt/scales blocks, comments, blank lines,
 * tabs, Windows line ends, and a few things only an XML parser reads (a comment, CDATA, an entity) in some events.
 * Numbers of 19 and more significant digits come only with --19-digits: hepml before issue 15 misread those whose first
 * 19 digits exceed 2^63 with zeros after (9.5000000000000000000e+02 as -894.67), so they differ from it on purpose.
 * Usage: java MakeVariedLhe.java DIR N_FILES EVENTS_PER_FILE [--19-digits]
 */
public class MakeVariedLhe {
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        int files = Integer.parseInt(args[1]), events = Integer.parseInt(args[2]);
        longDigits = args.length > 3 && args[3].equals("--19-digits");
        for (int k = 0; k < files; k++) {
            Random r = new Random(1000 + k);
            String text = file(r, events, k % 3 == 1, k % 3 == 2);
            if (k % 4 == 3) text = text.replace("\n", "\r\n");
            Files.writeString(dir.resolve("varied" + k + ".lhe"), text, StandardCharsets.UTF_8);
        }
    }

    static String file(Random r, int events, boolean xmlOnlyBits, boolean positional) {
        StringBuilder s = new StringBuilder("<LesHouchesEvents version=\"3.0\">\n<header>\n<MGVersion>\n#3.5.0\n</MGVersion>\n"
                + "<initrwgt>\n<weightgroup name='scale'>\n<weight id='1001'> muR=1 </weight>\n<weight id='1002'> muR=2 </weight>\n"
                + "</weightgroup>\n</initrwgt>\n</header>\n<init>\n2212 2212 6.5e+03 6.5e+03 0 0 247000 247000 -4 1\n"
                + "5.04e+02 1.2e+00 5.04e+02 1\n</init>\n");
        for (int e = 0; e < events; e++) {
            s.append(r.nextInt(4) == 0 ? "<event npLO=' -1 '>\n" : "<event>\n");
            int nup = 1 + r.nextInt(8);
            s.append(' ').append(nup).append(' ').append(1 + r.nextInt(3));
            for (int i = 0; i < 4; i++) s.append(' ').append(number(r));
            s.append('\n');
            for (int p = 0; p < nup; p++) {
                s.append(r.nextBoolean() ? "      " : "\t").append(r.nextInt(51) - 25).append(' ').append(r.nextInt(5) - 2)
                        .append("  ").append(r.nextInt(nup + 1)).append("  ").append(r.nextInt(nup + 1)).append(" 501 0");
                for (int i = 0; i < 7; i++) s.append(' ').append(number(r));
                s.append('\n');
                if (r.nextInt(20) == 0) s.append("# a comment\n");
            }
            if (r.nextInt(3) == 0) s.append("<mgrwt>\n<rscale> 2 0.12E+03</rscale>\n<pdfrwt beam=\"1\"> 1 21 0.1E+00</pdfrwt>\n</mgrwt>\n");
            if (r.nextInt(3) == 0) s.append("<scales muf=\"91.188\"/>\n");
            if (positional) {
                s.append("<weights> ").append(number(r)).append(' ').append(number(r)).append(" </weights>\n");
            } else {
                s.append("<rwgt>\n<wgt id='1001'> ").append(number(r)).append(" </wgt>\n<wgt id='1002'>").append(number(r)).append("</wgt>\n</rwgt>\n");
            }
            if (xmlOnlyBits && r.nextInt(50) == 0) {
                s.append(switch (r.nextInt(3)) {
                    case 0 -> "<!-- a comment -->\n";
                    case 1 -> "<clustering><![CDATA[ 1 2 ]]></clustering>\n";
                    default -> "<scales a='x &amp; y'/>\n";
                });
            }
            s.append("</event>\n");
        }
        return s.append("</LesHouchesEvents>\n").toString();
    }

    static boolean longDigits;

    static String number(Random r) {
        double v = switch (r.nextInt(5)) {
            case 0 -> r.nextGaussian() * 1000;
            case 1 -> Math.scalb(r.nextDouble(), r.nextInt(2000) - 1000);
            case 2 -> Double.longBitsToDouble(r.nextLong() & 0x7fefffffffffffffL);
            case 3 -> r.nextInt(2000) - 1000;
            default -> r.nextDouble() * 7000;
        };
        int[] formats = longDigits ? new int[]{0, 1, 2, 3, 4, 5, 6, 7} : new int[]{0, 1, 2, 3, 6, 7};
        return switch (formats[r.nextInt(formats.length)]) {
            case 0 -> String.format(Locale.ROOT, "%.10E", v);
            case 1 -> String.format(Locale.ROOT, "%+.16e", v);
            case 2 -> String.format(Locale.ROOT, "%.17E", v).replace('E', 'D');
            case 3 -> Double.toString(v);
            case 4 -> String.format(Locale.ROOT, "%.25e", v);
            case 5 -> String.format(Locale.ROOT, "%.18e", v); // 19 digits
            case 6 -> Math.abs(v) >= 1e-99 && Math.abs(v) < 1e100 ? String.format(Locale.ROOT, "%.7E", v) : "0.1234567-100";
            default -> String.format(Locale.ROOT, "%.11E", v);
        };
    }
}
