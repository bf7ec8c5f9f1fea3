package org.hepml.engine.events.io;

import org.hepml.engine.HepmlException;
import org.hepml.engine.events.ParticleArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The block path (bytes to columns in parallel blocks) against the XML path it speeds up, which is the reader as it was
 * before: every file loads to the same columns, particles, run information and metadata, bit for bit, or fails with the
 * same message (file, line, event and what was wrong), whatever the block size. Files: the shipped sample, generated
 * MadGraph-like files with every number format the parsers take, each of the things the block path leaves to the XML
 * path, and damaged copies (cut, a byte replaced, a line dropped) at every position.
 */
class LheBlockPathTest {
    @TempDir
    Path tmp;

    /** Block sizes: one event per block (and events cut in every place), a few events, the default. */
    static final int[] BLOCKS = {64, 1500, 1 << 20};

    /** What a load gave: the events, or the error's message. */
    record Outcome(LoadedEvents events, String error) {
        @Override
        public String toString() {
            return error != null ? "error: " + error : events.size() + " events";
        }
    }

    static Outcome load(Path f, boolean blockPath, int blockBytes, LoadOptions options) {
        String xmlOnly = System.getProperty("hepml.lhe.xmlOnly"), bytes = System.getProperty("hepml.lhe.blockBytes");
        System.setProperty("hepml.lhe.xmlOnly", String.valueOf(!blockPath));
        System.setProperty("hepml.lhe.blockBytes", String.valueOf(blockBytes));
        try {
            return new Outcome(EventFiles.load(f, options), null);
        } catch (HepmlException e) {
            assertThat(e).isExactlyInstanceOf(HepmlException.class);
            return new Outcome(null, e.getMessage());
        } finally {
            restore("hepml.lhe.xmlOnly", xmlOnly);
            restore("hepml.lhe.blockBytes", bytes);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) System.clearProperty(key);
        else System.setProperty(key, value);
    }

    /** Loads f with the XML path and with the block path at each block size; all must agree. Returns the XML path's outcome. */
    static Outcome assertSameBothWays(Path f, LoadOptions options) {
        Outcome xml = load(f, false, LheBlocks.BLOCK, options);
        for (int block : BLOCKS) {
            Outcome fast = load(f, true, block, options);
            assertIdentical(f + " with blocks of " + block + " bytes", fast, xml);
        }
        return xml;
    }

    static Outcome assertSameBothWays(Path f) {
        return assertSameBothWays(f, LoadOptions.defaults());
    }

    static void assertIdentical(String what, Outcome fast, Outcome xml) {
        assertIdentical(what, fast, xml, true);
    }

    /** @param sameFile false: the two are different files (a .gz and its content), whose metadata differ in their source */
    static void assertIdentical(String what, Outcome fast, Outcome xml, boolean sameFile) {
        assertThat(fast.error).as(what + ": error").isEqualTo(xml.error);
        if (xml.error != null) return;
        LoadedEvents a = fast.events, b = xml.events;
        assertThat(a.events().columnNames()).as(what + ": columns").isEqualTo(b.events().columnNames());
        for (String c : b.events().columnNames()) {
            assertThat(bits(a.events().column(c))).as(what + ": column " + c).isEqualTo(bits(b.events().column(c)));
        }
        var metaA = new java.util.HashMap<>(a.events().metadata());
        var metaB = new java.util.HashMap<>(b.events().metadata());
        if (!sameFile) {
            metaA.remove("source");
            metaB.remove("source");
        }
        assertThat(metaA).as(what + ": metadata").isEqualTo(metaB);
        assertThat(a.runInfo()).as(what + ": run").isEqualTo(b.runInfo());
        ParticleArrays p = a.particles(), q = b.particles();
        assertThat(p == null).as(what + ": particles kept").isEqualTo(q == null);
        if (q == null) return;
        assertThat(p.offsets()).as(what + ": events' particles").isEqualTo(q.offsets());
        assertThat(p.pdg()).isEqualTo(q.pdg());
        assertThat(p.status()).isEqualTo(q.status());
        assertThat(p.mother1()).isEqualTo(q.mother1());
        assertThat(p.mother2()).isEqualTo(q.mother2());
        assertThat(p.color1()).isEqualTo(q.color1());
        assertThat(p.color2()).isEqualTo(q.color2());
        for (var pair : List.of(List.of(p.px(), q.px()), List.of(p.py(), q.py()), List.of(p.pz(), q.pz()), List.of(p.e(), q.e()),
                List.of(p.m(), q.m()), List.of(p.lifetime(), q.lifetime()), List.of(p.spin(), q.spin()))) {
            assertThat(bits(pair.get(0))).as(what + ": particle momenta, masses, lifetimes, spins").isEqualTo(bits(pair.get(1)));
        }
    }

    /** Raw bits: -0.0 and 0.0 differ, and every NaN payload counts. */
    static long[] bits(double[] v) {
        long[] b = new long[v.length];
        for (int i = 0; i < v.length; i++) b[i] = Double.doubleToRawLongBits(v[i]);
        return b;
    }

    // ------------------------------------------------------------------ files

    /** A number as generators write it, in one of many formats (Fortran D and letterless exponents among them). */
    static String number(Random r) {
        double v = switch (r.nextInt(6)) {
            case 0 -> r.nextGaussian() * 1000;
            case 1 -> Math.scalb(r.nextDouble(), r.nextInt(2000) - 1000) * (r.nextBoolean() ? 1 : -1);
            case 2 -> r.nextInt(2000) - 1000;
            case 3 -> Double.longBitsToDouble(r.nextLong() & 0x7fefffffffffffffL); // any finite double, subnormals too
            case 4 -> r.nextBoolean() ? 0.0 : -0.0;
            default -> r.nextDouble() * 7000;
        };
        String s = switch (r.nextInt(10)) {
            case 0 -> String.format(Locale.ROOT, "%.10E", v);
            case 1 -> String.format(Locale.ROOT, "%+.16e", v);
            case 2 -> String.format(Locale.ROOT, "%.17E", v).replace('E', 'D');
            case 3 -> String.format(Locale.ROOT, "%.8e", v).replace("e", "d");
            case 4 -> Double.toString(v);
            case 5 -> String.format(Locale.ROOT, "%.3f", Math.abs(v) < 1e12 ? v : 1.5);
            case 6 -> fortranThreeDigitExponent(v);
            case 7 -> String.format(Locale.ROOT, "%.25e", v); // more digits than a double holds
            case 8 -> Math.abs(v) < 1e6 ? String.format(Locale.ROOT, "%.0f.", v) : "5."; // "5."
            default -> String.format(Locale.ROOT, "%.11E", v);
        };
        if (s.matches("0\\.[0-9].*") && r.nextInt(4) == 0) s = s.substring(1); // ".53E+04"
        return s;
    }

    /** Fortran's E15.7 for exponents beyond two digits drops the letter: 0.1234567-100. */
    static String fortranThreeDigitExponent(double v) {
        if (v == 0 || !Double.isFinite(v)) return "0.0000000E+00";
        int e = (int) Math.floor(Math.log10(Math.abs(v))) + 1;
        double m = v / Math.pow(10, e);
        if (Math.abs(m) >= 1 || Math.abs(m) < 0.1 || !Double.isFinite(m)) return String.format(Locale.ROOT, "%.7E", v);
        String mant = String.format(Locale.ROOT, "%.7f", m);
        return Math.abs(e) >= 100 ? mant + (e < 0 ? "-" : "+") + Math.abs(e) : mant + (e < 0 ? "E-" : "E+") + String.format("%02d", Math.abs(e));
    }

    static final String HEADER = """
            <LesHouchesEvents version="3.0">
            <header>
            <MGVersion>
            #3.5.0
            </MGVersion>
            <MG5ProcCard>
            <![CDATA[
            generate p p > t t~ <with> & markup
            ]]>
            </MG5ProcCard>
            <initrwgt>
            <weightgroup name='scale variation' combine='envelope'>
            <weight id='1001'> muR=1 muF=1 </weight>
            <weight id='1002'> muR=2 muF=1 </weight>
            </weightgroup>
            <weightgroup name='mg_reweighting'>
            <weight id='rw0001'>set ctG 1</weight>
            </weightgroup>
            </initrwgt>
            </header>
            <init>
            2212 2212 6.500000e+03 6.500000e+03 0 0 247000 247000 -4 1
            5.0430000000e+02 1.2e+00 5.0430000000e+02 1
            <generator name='MadGraph5_aMC@NLO' version='3.5.0'>please cite 1405.0301 </generator>
            </init>
            """;

    /** A MadGraph-like file: rwgt weights, mgrwt and scales blocks, comments, blank lines, all number formats. */
    static String mg5Like(int events, long seed) {
        Random r = new Random(seed);
        StringBuilder s = new StringBuilder(HEADER);
        for (int k = 0; k < events; k++) {
            s.append(r.nextInt(5) == 0 ? "<event npLO=' -1 ' npNLO=\"1\">\n" : "<event>\n");
            int nup = 1 + r.nextInt(7);
            if (r.nextInt(6) == 0) s.append("# before the event-info line\n");
            s.append(' ').append(nup).append("  ").append(1 + r.nextInt(3));
            for (int i = 0; i < 4; i++) s.append(' ').append(number(r));
            s.append('\n');
            for (int p = 0; p < nup; p++) {
                s.append(r.nextBoolean() ? "      " : "\t").append(r.nextInt(51) - 25).append(' ').append(r.nextInt(5) - 2)
                        .append("    ").append(r.nextInt(nup + 1)).append("    ").append(r.nextInt(nup + 1))
                        .append("  ").append(500 + r.nextInt(5)).append("  ").append(r.nextInt(3));
                for (int i = 0; i < 7; i++) s.append(r.nextInt(8) == 0 ? "  " : " ").append(number(r));
                s.append(r.nextInt(10) == 0 ? " \t" : "").append('\n');
                if (r.nextInt(15) == 0) s.append(r.nextBoolean() ? "\n" : "# between the particles\n");
            }
            if (r.nextInt(3) == 0) s.append("<mgrwt>\n<rscale>  2 0.12E+03</rscale>\n<asrwt>0</asrwt>\n<pdfrwt beam=\"1\">  1       21 0.1E+00 0.9E+02</pdfrwt>\n<totfact> 0.1E+01</totfact>\n</mgrwt>\n");
            if (r.nextInt(3) == 0) s.append("<scales pt_clust_1=\"0.1E+02\" muf=\"91.188\" />\n");
            if (r.nextInt(4) != 0) {
                s.append("<rwgt>\n");
                s.append("<wgt id='1001'> ").append(number(r)).append(" </wgt>\n");
                s.append("<wgt id=\"1002\">").append(number(r)).append("</wgt>\n");
                if (r.nextBoolean()) s.append("<wgt id='rw0001'>\n ").append(number(r)).append("\n</wgt>\n");
                s.append("</rwgt>\n");
            }
            if (r.nextInt(5) == 0) s.append("# after the weights\n");
            s.append("</event>\n");
        }
        return s.append("</LesHouchesEvents>\n").toString();
    }

    Path write(String name, String text) {
        return write(name, text.getBytes(StandardCharsets.UTF_8));
    }

    Path write(String name, byte[] bytes) {
        try {
            Path f = tmp.resolve(name);
            Files.write(f, bytes);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b)) {
            g.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    // ------------------------------------------------------------------ tests

    @Test
    void shippedSampleLoadsIdentically() {
        Outcome o = assertSameBothWays(LheReaderTest.resource("mg5_ttbar_rwgt.lhe"));
        assertThat(o.events.size()).isEqualTo(3);
    }

    @Test
    void generatedFilesLoadIdentically() {
        for (long seed = 1; seed <= 6; seed++) {
            String text = mg5Like(300, seed);
            Outcome o = assertSameBothWays(write("mg5_" + seed + ".lhe", text));
            assertThat(o.error).as("seed " + seed).isNull();
            assertThat(o.events.size()).isEqualTo(300);
            assertThat(o.events.events().columnNames()).contains("weight.1001", "weight.1002", "weight.rw0001");
            assertThat(readDirectly(write("mg5_" + seed + ".lhe", text), 1500).blockPathEvents()).as("events the block path read").isEqualTo(300);
            Outcome gz = assertSameBothWays(write("mg5_" + seed + ".lhe.gz", gzip(text.getBytes(StandardCharsets.UTF_8))));
            assertThat(gz.events.events().metadata()).containsEntry("source", tmp.resolve("mg5_" + seed + ".lhe.gz").toString());
            assertIdentical("gzip of seed " + seed, gz, o, false);
        }
    }

    /** Reads a file with the reader itself (not through EventFiles), to see which path read what. */
    static LheReader readDirectly(Path f, int block) {
        EventSink sink = new EventSink(f, LoadOptions.defaults(), null, null, null);
        LheReader reader = new LheReader(f, sink, true, block, true);
        try (InputStream in = EventStreams.open(f, new EventStreams.Counting[1])) {
            reader.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return reader;
    }

    /** After something it leaves to the XML path, the block path takes the events again. */
    @Test
    void theBlockPathTakesOverAgainAfterAHandOver() {
        String text = nth(mg5Like(400, 12), "</event>\n", 7, "<!-- a comment -->\n</event>\n");
        for (int block : BLOCKS) {
            LheReader r = readDirectly(write("again.lhe", text), block);
            assertThat(r.blockPathEvents()).as("blocks of " + block).isBetween(390L, 399L);
        }
        // the XML path reads 1, 2, 4, ... events after each hand-over, and after 8 in a row that gave the block path
        // almost nothing it reads the rest: a comment in every event leaves nothing to the block path
        String everyEvent = mg5Like(400, 13).replace("</event>", "<!-- c --></event>");
        LheReader every = readDirectly(write("every.lhe", everyEvent), 1500);
        assertThat(every.blockPathEvents()).isZero();
        assertThat(every.handOvers()).isEqualTo(8);
        assertSameBothWays(write("every.lhe", everyEvent));
    }

    @Test
    void skipLimitAndObservablesAreTheSame() {
        Path f = write("opts.lhe", mg5Like(200, 7));
        assertSameBothWays(f, LoadOptions.defaults().skip(17).limit(101));
        assertSameBothWays(f, LoadOptions.defaults().limit(1));
        assertSameBothWays(f, LoadOptions.defaults().skip(199));
        assertSameBothWays(f, LoadOptions.defaults().skip(250));
        assertSameBothWays(f, LoadOptions.defaults().observables("pt(p1)").keepParticles(false));
    }

    /** Each thing the block path leaves to the XML path, in the middle of a file: the same events, or the same error. */
    @Test
    void whatTheBlockPathLeavesToTheXmlPathComesOutTheSame() {
        String base = mg5Like(40, 11);
        List<UnaryOperator<String>> variants = List.of(
                t -> t.replace("\n", "\r\n"),                                                     // Windows line ends
                t -> nth(t, "</event>\n", 7, "</event>\n<!-- between events -->\n"),
                t -> nth(t, "</event>\n", 7, "<!-- a comment in an event -->\n</event>\n"),
                t -> nth(t, "</event>\n", 9, "<clustering><![CDATA[ 1 2 ]]></clustering>\n</event>\n"),
                t -> nth(t, "</event>\n", 5, "<scales a='x &amp; y'/>\n</event>\n"),                  // an entity in an attribute
                t -> nth(t, "</event>\n", 5, "# caf\u00e9 \u00b5\n</event>\n"),                        // non-ASCII text
                t -> nth(t, "\n</event>\n", 3, "</event>\n"),                                           // "9.</event>"
                t -> nth(t, "\n</event>\n", 3, " <x/>\n</event>\n"),                                     // a tag after the numbers
                t -> nth(t, "<event>\n", 4, "<event>\n<x/> "),                                          // a tag before the numbers
                t -> nth(t, "\n</event>\n", 6, "\r</event>\n"),                                        // a lone CR
                t -> nth(t, "</event>\n", 8, "<weights> 1.5 2.5 3.5 </weights>\n<weight name='a b'> 0.5 0.25 </weight>\n</event>\n"),
                t -> nth(t, "</event>\n", 8, "<weights/>\n<rwgt/>\n<rwgt>\n</rwgt>\n</event>\n"),
                t -> nth(t, "</event>\n", 8, "<weights>\n</weights>\n</event>\n"),
                t -> nth(t, "</event>\n", 2, "<unknown><deeper a=\"1\"><deepest/>text</deeper></unknown>\n</event>\n"),
                t -> nth(t, "<event>\n", 6, "<event>\n\n\t\n"),
                t -> nth(t, "</event>\n", 10, "</event>\n<unknownblock>x</unknownblock>\n"),
                t -> nth(t, "</event>\n", 10, "</event>\n<init>\n2212 2212 1 1 0 0 0 0 3 0\n</init>\n"),
                t -> t.replace("</LesHouchesEvents>\n", "</LesHouchesEvents>\ntrailing <junk> & text\n"),
                t -> t.replace("<event>", "<event >"),
                t -> "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n" + t,
                t -> "<?xml version=\"1.1\"?>\n" + t,
                t -> "\uFEFF" + t,                                                                       // a byte order mark
                t -> t.replace("<MGVersion>", "<MGVersion>\u00b5\u20ac\ud834\udd1e"),                 // 2-, 3- and 4-byte UTF-8 before the events
                t -> t.replace("<wgt id='1001'>", "<wgt id='1001' id='1001'>"),                         // XML error
                t -> nth(t, "<wgt id=\"1002\">", 4, "<wgt id=\"1001\">"),                              // a weight id twice
                t -> nth(t, "<wgt id=\"1002\">", 4, "<wgt id=\"1001 \">"),                             // names that differ in blanks
                t -> nth(t, "</event>\n", 12, "</event>\n<event>\n"),                                  // an event inside an event
                t -> nth(t, "</event>\n", 12, ""),                                                      // a missing </event>
                t -> nth(t, "</event>\n", 12, "</event>\n</event>\n"),
                t -> t.replace("</LesHouchesEvents>\n", ""),                                          // no end of document
                t -> t.replace("</LesHouchesEvents>\n", "</LesHouchesEvent>\n"),
                t -> nth(t, "\n</event>\n", 5, "\n 1 2 3 4 5 6 7 8 9 10 11 12 13\n</event>\n"),        // a particle more than NUP
                t -> nth(t, "\n</event>\n", 5, "\n#" + "x".repeat(LheReader.MAX_LINE) + "\n</event>\n"), // a line too long
                t -> nth(t, "\n</event>\n", 6, "\n\u0001\n</event>\n"));                               // a control character
        for (int v = 0; v < variants.size(); v++) {
            String text = variants.get(v).apply(base);
            byte[] bytes = text.startsWith("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>")
                    ? text.replace("<MGVersion>", "<MGVersion>caf\u00e9").getBytes(StandardCharsets.ISO_8859_1)
                    : text.getBytes(StandardCharsets.UTF_8);
            assertSameBothWays(write("variant" + v + ".lhe", bytes));
            assertSameBothWays(write("variant" + v + ".lhe.gz", gzip(bytes)));
        }
    }

    /** text with the n-th (from 1) occurrence of {@code find} replaced. */
    static String nth(String text, String find, int n, String replacement) {
        int at = -1;
        for (int k = 0; k < n; k++) {
            at = text.indexOf(find, at + 1);
            if (at < 0) throw new IllegalArgumentException("fewer than " + n + " of " + find);
        }
        return text.substring(0, at) + replacement + text.substring(at + find.length());
    }

    /** A file cut at every position, and a byte replaced at every position: the same events kept or the same error. */
    @Test
    void damagedFilesFailTheSameWayAtEveryPosition() {
        byte[] base = mg5Like(6, 3).getBytes(StandardCharsets.UTF_8);
        int eventsStart = new String(base, StandardCharsets.UTF_8).indexOf("<event");
        byte[] junk = {'x', '.', '-', '+', 'E', 'D', ' ', '\n', '<', '>', '&', '#', '\'', '"', '\t', '/', '9', '[', 0, '\r'};
        Random r = new Random(5);
        int loads = 0;
        for (int at = eventsStart - 40; at < base.length; at += 1 + r.nextInt(3)) {
            compare("cut" + at, Arrays.copyOf(base, at), r);
            byte[] flipped = base.clone();
            flipped[at] = junk[r.nextInt(junk.length)];
            compare("flip" + at, flipped, r);
            loads += 2;
        }
        assertThat(loads).isGreaterThan(1000);
    }

    /** One of the block sizes, and recovery on or off, chosen at random: each position is checked once. */
    private void compare(String name, byte[] bytes, Random r) {
        Path f = write(name + (name.startsWith("gz") ? ".lhe.gz" : ".lhe"), bytes);
        LoadOptions o = r.nextBoolean() ? LoadOptions.defaults() : LoadOptions.defaults().recover(true);
        Outcome xml = load(f, false, LheBlocks.BLOCK, o);
        int block = BLOCKS[r.nextInt(BLOCKS.length)];
        assertIdentical(name + " with blocks of " + block, load(f, true, block, o), xml);
    }

    /** A compressed file cut anywhere: the events before the cut are the same, and so is the error. */
    @Test
    void truncatedCompressedFilesFailTheSameWay() {
        byte[] gz = gzip(mg5Like(400, 9).getBytes(StandardCharsets.UTF_8));
        Random r = new Random(6);
        for (int cut = 20; cut < gz.length; cut += 1 + r.nextInt(gz.length / 60)) {
            compare("gzcut" + cut, Arrays.copyOf(gz, cut), r);
        }
    }

    /** Lines dropped or repeated anywhere in the event section. */
    @Test
    void droppedAndRepeatedLinesFailTheSameWay() {
        String[] lines = mg5Like(5, 8).split("\n", -1);
        int first = Arrays.asList(lines).indexOf("</init>") + 1;
        for (int i = first; i < lines.length - 1; i++) {
            List<String> dropped = new ArrayList<>(Arrays.asList(lines));
            dropped.remove(i);
            List<String> twice = new ArrayList<>(Arrays.asList(lines));
            twice.add(i, lines[i]);
            for (List<String> l : List.of(dropped, twice)) {
                Path f = write("lines.lhe", String.join("\n", l));
                Outcome xml = load(f, false, LheBlocks.BLOCK, LoadOptions.defaults());
                for (int block : new int[]{64, 1 << 20}) assertIdentical("line " + (i + 1) + ", blocks of " + block, load(f, true, block, LoadOptions.defaults()), xml);
            }
        }
    }

    /** A file of many blocks: the block path holds a few blocks at a time, never the file. */
    @Test
    void memoryStaysBoundedByAFewBlocks() throws IOException {
        String text = mg5Like(6000, 21); // ~4 MB
        Path f = write("big.lhe", text);
        int block = 16 << 10;
        LheReader reader = readDirectly(f, block);
        assertThat(reader.blockPathEvents()).isEqualTo(6000);
        assertThat(reader.peakHeldBytes()).isPositive()
                .isLessThanOrEqualTo((long) (Runtime.getRuntime().availableProcessors() + 3) * 2 * block)
                .isLessThan(text.length() / 20);
    }

    @Test
    void theInflatingThreadEndsWithTheLoad() throws InterruptedException {
        Path f = write("thread.lhe.gz", gzip(mg5Like(3000, 4).getBytes(StandardCharsets.UTF_8)));
        assertThat(EventFiles.load(f, LoadOptions.defaults().limit(2)).size()).isEqualTo(2);
        assertThat(EventFiles.load(f).size()).isEqualTo(3000);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (gunzipThreads() > 0 && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(gunzipThreads()).isZero();
    }

    private static long gunzipThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("hepml-gunzip") && t.isAlive()).count();
    }
}
