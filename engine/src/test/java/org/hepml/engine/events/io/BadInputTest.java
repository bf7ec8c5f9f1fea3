package org.hepml.engine.events.io;

import org.hepml.engine.HepmlException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each kind of bad input gives one HepmlException naming file, line and event, and saying what was expected. */
class BadInputTest {
    @TempDir
    Path tmp;

    static final String HEAD = """
            <LesHouchesEvents version="3.0">
            <header>
            </header>
            <init>
            2212 2212 6500 6500 0 0 0 0 3 1
            1.0 0.1 1.0 1
            </init>
            """; // 7 lines
    static final String EVENT = """
            <event>
             2 1 1.0 91.2 0.0078 0.118
                13 1 0 0 0 0 10.0 0.0 5.0 11.2 0.1 0. 9.
               -13 1 0 0 0 0 -10.0 0.0 5.0 11.2 0.1 0. 9.
            </event>
            """;

    Path write(String name, String text) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    void assertFails(Path f, String... parts) {
        assertThatThrownBy(() -> EventFiles.load(f)).isExactlyInstanceOf(HepmlException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(parts));
    }

    @Test
    void nonNumericFieldNamesFileLineEventAndField() throws IOException {
        Path f = write("bad.lhe", HEAD + EVENT + EVENT.replace("-10.0 0.0 5.0", "-10.0 0.0 abc") + "</LesHouchesEvents>\n");
        assertFails(f, "bad.lhe:16:", "in event 2", "expected a number for PUP3 (pz), found 'abc'");
    }

    /** Line numbers: HEAD is 7 lines, each EVENT 5. */
    @Test
    void anEventInsideAnotherIsNamedWhereItOpens() throws IOException {
        // balanced: <event> ... <event> ... </event> ... </event> used to load as one event fewer
        String nested = EVENT.replace("</event>\n", "") + EVENT + "</event>\n";
        assertFails(write("nested.lhe", HEAD + EVENT + nested + "</LesHouchesEvents>\n"),
                "nested.lhe:17:", "in event 2", "an <event> opens inside the event that opened on line 13; expected </event> first");
        // a missing </event>: reported at the next <event>, naming the unclosed one
        String unclosed = EVENT.replace("</event>\n", "");
        assertFails(write("unclosed.lhe", HEAD + EVENT + unclosed + EVENT + EVENT + "</LesHouchesEvents>\n"),
                "unclosed.lhe:17:", "in event 2", "opened on line 13", "(is it missing?)");
    }

    @Test
    void aWeightIdTwiceInOneEventIsAnError() throws IOException {
        String rwgt = EVENT.replace("</event>", "<rwgt>\n<wgt id='a'> 1.5 </wgt>\n<wgt id='a'> 2.5 </wgt>\n</rwgt>\n</event>");
        assertFails(write("twice.lhe", HEAD + EVENT + rwgt + "</LesHouchesEvents>\n"),
                "twice.lhe:19:", "in event 2", "<wgt id='a'> appears twice in this event (first on line 18)");
        // the same id in different events is of course fine
        String once = EVENT.replace("</event>", "<rwgt>\n<wgt id='a'> 1.5 </wgt>\n</rwgt>\n</event>");
        assertThat(EventFiles.load(write("once.lhe", HEAD + once + once + "</LesHouchesEvents>\n")).events().column("weight.a"))
                .containsExactly(1.5, 1.5);
    }

    @Test
    void particleCountDisagreeingWithNup() throws IOException {
        assertFails(write("few.lhe", HEAD + EVENT.replace(" 2 1 1.0", " 3 1 1.0") + "</LesHouchesEvents>\n"),
                "few.lhe:", "in event 1", "NUP on the event-info line says 3 particles but the event has 2 particle lines");
        assertFails(write("many.lhe", HEAD + EVENT.replace(" 2 1 1.0", " 1 1 1.0") + "</LesHouchesEvents>\n"),
                "many.lhe:11:", "in event 1", "a line after the 1 particles that NUP announces");
    }

    @Test
    void wrongNumberOfFieldsOnParticleLine() throws IOException {
        assertFails(write("short.lhe", HEAD + EVENT.replace(" 0. 9.\n   -13", "\n   -13") + "</LesHouchesEvents>\n"),
                "short.lhe:10:", "expected 13 numbers: IDUP ISTUP", "found 11 fields");
    }

    @Test
    void truncatedFile() throws IOException {
        String full = HEAD + EVENT + EVENT;
        assertFails(write("cut.lhe", full.substring(0, full.length() - 40)), "cut.lhe:", "truncated");
        Path gz = tmp.resolve("cut.lhe.gz");
        byte[] bytes;
        var bos = new java.io.ByteArrayOutputStream();
        try (var out = new GZIPOutputStream(bos)) {
            out.write((full + EVENT.repeat(200) + "</LesHouchesEvents>\n").getBytes());
        }
        bytes = bos.toByteArray();
        Files.write(gz, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertFails(gz, "cut.lhe.gz:", "truncated");
    }

    static byte[] gzip(String text) throws IOException {
        var bos = new java.io.ByteArrayOutputStream();
        try (var out = new GZIPOutputStream(bos)) {
            out.write(text.getBytes());
        }
        return bos.toByteArray();
    }

    /**
     * A damaged .gz is an error, never a silent load: a wrong CRC-32 or length in the trailer, and bytes after the
     * last member (which java.util.zip's GZIPInputStream ignores). Two concatenated members (gzip's own way of
     * appending) load as one file.
     */
    @Test
    void aCorruptCompressedFileIsAnError() throws IOException {
        String lhe = HEAD + EVENT + EVENT + "</LesHouchesEvents>\n";
        byte[] ok = gzip(lhe);
        byte[] crc = ok.clone();
        crc[crc.length - 8] ^= 1; // first byte of the CRC-32
        assertFails(writeBytes("crc.lhe.gz", crc), "crc.lhe.gz: the compressed file is corrupt: the CRC-32 of member 1 is",
                "the data were damaged");
        byte[] length = ok.clone();
        length[length.length - 4] ^= 1; // first byte of the length
        assertFails(writeBytes("length.lhe.gz", length), "length.lhe.gz: the compressed file is corrupt: member 1 holds "
                + lhe.length() + " bytes but its trailer says " + (lhe.length() ^ 1));
        byte[] garbage = java.util.Arrays.copyOf(ok, ok.length + 5);
        System.arraycopy("junk\n".getBytes(), 0, garbage, ok.length, 5);
        assertFails(writeBytes("garbage.lhe.gz", garbage), "garbage.lhe.gz: the compressed file is corrupt: unexpected data after the end"
                + " of the compressed stream");
        // a damaged byte inside the deflate data
        byte[] inside = ok.clone();
        inside[inside.length / 2] ^= (byte) 0xff;
        assertThatThrownBy(() -> EventFiles.load(writeBytes("inside.lhe.gz", inside))).isExactlyInstanceOf(HepmlException.class)
                .hasMessageContaining("inside.lhe.gz");
        // two members: the second half of the file appended with gzip's own concatenation
        String second = EVENT + "</LesHouchesEvents>\n";
        byte[] a = gzip(HEAD + EVENT), b = gzip(second);
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        assertThat(EventFiles.load(writeBytes("two.lhe.gz", both)).events().size()).isEqualTo(2);
        assertThat(EventFiles.load(writeBytes("ok.lhe.gz", ok)).events().size()).isEqualTo(2);
    }

    Path writeBytes(String name, byte[] bytes) throws IOException {
        Path f = tmp.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    /**
     * --recover keeps exactly the complete events before the first defect, and says what the defect was: a file cut in
     * the middle of event 4 (as a full disk leaves it), an event that never closes, a .gz whose trailer is damaged.
     */
    @Test
    void recoverKeepsTheCompleteEventsBeforeTheDefect() throws IOException {
        String events = EVENT.replace("10.0 0.0 5.0", "11.0 0.0 5.0") + EVENT.replace("10.0 0.0 5.0", "12.0 0.0 5.0")
                + EVENT.replace("10.0 0.0 5.0", "13.0 0.0 5.0") + EVENT.replace("10.0 0.0 5.0", "14.0 0.0 5.0") + EVENT;
        String full = HEAD + events + "</LesHouchesEvents>\n";
        int cut = full.indexOf("14.0 0.0 5.0") + 4; // inside the first particle line of event 4
        Path truncated = write("cut.lhe", full.substring(0, cut));
        assertFails(truncated, "cut.lhe:", "truncated");
        LoadedEvents kept = EventFiles.load(truncated, LoadOptions.defaults().recover(true));
        assertThat(kept.events().size()).isEqualTo(3);
        assertThat(kept.particles().events()).isEqualTo(3);
        assertThat(kept.particles().px()).containsExactly(11.0, -11.0, 12.0, -12.0, 13.0, -13.0);
        assertThat(kept.events().metadata().get("recovered")).contains("cut.lhe:").contains("truncated");
        assertThat(kept.summary().toString()).contains("WARNING: recovered: kept the 3 complete event(s) before a defect, which was: ");

        String unclosed = HEAD + EVENT + EVENT.replace("</event>\n", "") + EVENT + "</LesHouchesEvents>\n";
        LoadedEvents one = EventFiles.load(write("unclosed.lhe", unclosed), LoadOptions.defaults().recover(true));
        assertThat(one.events().size()).isEqualTo(1);
        assertThat(one.events().metadata().get("recovered")).contains("opened on line 13");

        byte[] gz = gzip(full);
        gz[gz.length - 8] ^= 1;
        LoadedEvents all = EventFiles.load(writeBytes("crc.lhe.gz", gz), LoadOptions.defaults().recover(true));
        assertThat(all.events().size()).isEqualTo(5);
        assertThat(all.events().metadata().get("recovered")).contains("the compressed file is corrupt");
    }

    @Test
    void absurdlyLongLineIsRefused() throws IOException {
        String longLine = " " + "1".repeat(LheReader.MAX_LINE + 10);
        assertFails(write("long.lhe", HEAD + EVENT.replace(" 0. 9.\n   -13", " 0. 9." + longLine + "\n   -13") + "</LesHouchesEvents>\n"),
                "long.lhe:10:", "longer than 1048576 characters");
        Path h = write("long.hepmc3", "HepMC::Asciiv3-START_EVENT_LISTING\nE 0 0 1\nP 1 0 13 " + "1".repeat(LineReader.MAX_LINE + 10) + "\n");
        assertFails(h, "long.hepmc3:3:", "longer than 1048576 characters");
    }

    @Test
    void unknownTagsAllowedByTheStandardAreIgnored() throws IOException {
        String ev = EVENT.replace("</event>", "<scales muf='91'/>\n<foo bar='1'>text <baz/></foo>\n# trailing comment\n</event>");
        Path f = write("extra.lhe", HEAD.replace("<header>", "<header>\n<anything>free text<![CDATA[ <not> & markup ]]></anything>")
                + "<unknownblock>x</unknownblock>\n" + ev + "</LesHouchesEvents>\ntrailing text\n");
        LoadedEvents e = EventFiles.load(f);
        assertThat(e.size()).isEqualTo(1);
        assertThat(e.particles().particles()).isEqualTo(2);
    }

    @Test
    void missingInitAndWrongRoot() throws IOException {
        assertFails(write("noinit.lhe", "<LesHouchesEvents version=\"1.0\">\n" + EVENT + "</LesHouchesEvents>\n"),
                "noinit.lhe:2:", "before the <init> block");
        assertFails(write("html.lhe", "<html><body/></html>"), "html.lhe:1:", "expected the root element <LesHouchesEvents");
    }

    @Test
    void badHepMCLines() throws IOException {
        String ok = "HepMC::Version 3.02.05\nHepMC::Asciiv3-START_EVENT_LISTING\nE 0 0 2\nU GEV MM\nW 1.0\n"
                + "P 1 0 13 1 2 3 4 0.1 1\nP 2 0 -13 1 2 3 4 0.1 1\nHepMC::Asciiv3-END_EVENT_LISTING\n";
        assertThat(EventFiles.load(write("ok.hepmc3", ok)).size()).isEqualTo(1);
        assertFails(write("count.hepmc3", ok.replace("E 0 0 2", "E 0 0 3")), "count.hepmc3:3:", "in event 1", "announces 3 particles but the event has 2 P lines");
        assertFails(write("num.hepmc3", ok.replace("P 2 0 -13 1 2 3", "P 2 0 -13 1 x 3")), "num.hepmc3:7:", "expected a number for py");
        assertFails(write("cut.hepmc3", ok.substring(0, ok.indexOf("HepMC::Asciiv3-END"))), "cut.hepmc3:", "truncated");
        assertFails(write("tag.hepmc3", ok.replace("U GEV MM", "Q 1 2")), "tag.hepmc3:4:", "unknown line type 'Q'");
        assertFails(write("v2.hepmc2", "HepMC::IO_GenEvent-START_EVENT_LISTING\nE 1 -1 1 1 1 1 -1 1 1 2 0 1 1.0\nV -1 0 0 0 0 0 0 2 0\n"
                + "P 1 13 1 2 3 4 0.1 1 0 0 0 0\nHepMC::IO_GenEvent-END_EVENT_LISTING\n"), "v2.hepmc2:3:", "announces 1 more P lines");
    }

    @Test
    void missingFileAndUnknownFormat() throws IOException {
        assertThatThrownBy(() -> EventFiles.load(tmp.resolve("nope.lhe"))).isExactlyInstanceOf(HepmlException.class).hasMessageContaining("No event file at");
        assertFails(write("what.dat", "hello"), "Cannot tell the format", "lhe|hepmc3|hepmc2|hdf5|lheh5|csv");
    }
}
