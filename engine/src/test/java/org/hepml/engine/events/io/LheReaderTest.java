package org.hepml.engine.events.io;

import org.hepml.engine.events.ParticleArrays;
import org.hepml.engine.HepmlException;
import org.hepml.engine.events.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LheReaderTest {
    @TempDir
    Path tmp;

    static Path resource(String name) {
        try {
            return Path.of(LheReaderTest.class.getResource("/events/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsMadGraphStyleFileWithHeaderInitAndNamedWeights() {
        LoadedEvents ev = EventFiles.load(resource("mg5_ttbar_rwgt.lhe"));
        RunInfo run = ev.runInfo();
        assertThat(run.format()).isEqualTo(EventFormat.LHE);
        assertThat(run.formatVersion()).isEqualTo("3.0");
        assertThat(run.beams()).containsExactly(new RunInfo.Beam(2212, 6500, 0, 325300), new RunInfo.Beam(2212, 6500, 0, 325300));
        assertThat(run.weightingStrategy()).isEqualTo(-4);
        assertThat(run.processes()).containsExactly(new RunInfo.Process(1, 504.321, 1.234, 504.321));
        assertThat(run.generators()).extracting(RunInfo.Generator::name)
                .containsExactly("MadGraph5_aMC@NLO", "hepml-handwritten", "MadGraph5_aMC@NLO");
        assertThat(run.weights().get("rw0003")).isEqualTo(new RunInfo.WeightInfo("rw0003", "set ctG 1.0", "mg_reweighting"));
        assertThat(run.weights().get("1002").group()).isEqualTo("Central scale variation");

        Dataset d = ev.events();
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.column("weight")).containsExactly(504.321, -504.321, 504.321);
        assertThat(d.column("weight.rw0001")).containsExactly(412.34567, -400.0, 500.0);
        assertThat(d.column("weight.1002")).containsExactly(450.0, -440.0, 460.0);
        assertThat(d.column("scale")).containsExactly(171.234567, 150.0, 200.0); // 1.5D+02
        assertThat(d.column("alpha_s")).containsExactly(0.1071, 0.11, 0.105);     // 1.1d-1
        assertThat(d.column("process_id")).containsExactly(1, 1, 1);
        assertThat(d.metadata().get("description.weight.rw0001")).isEqualTo("[mg_reweighting] set ctG -1.0");

        ParticleArrays p = ev.particles();
        assertThat(p.events()).isEqualTo(3);
        assertThat(p.count(0)).isEqualTo(4);
        assertThat(p.count(1)).isEqualTo(5);
        assertThat(p.particles()).isEqualTo(13);
        int q = p.first(1) + 4;
        assertThat(p.pdg()[q]).isEqualTo(2);
        assertThat(p.px()[q]).isEqualTo(-50.0);   // -.50000000000E+02
        assertThat(p.py()[q]).isEqualTo(-20.0);   // -2.0000000000D+01
        assertThat(p.mother1()[q]).isEqualTo(1);
        assertThat(p.mother2()[q]).isEqualTo(2);
        assertThat(p.color1()[q]).isEqualTo(502);
        assertThat(p.spin()[p.first(0)]).isEqualTo(-1.0);
        assertThat(p.status()[p.first(0)]).isEqualTo(-1);
    }

    @Test
    void summaryReportsNegativeWeightsWithWarning() {
        EventFileSummary s = EventFiles.describe(resource("mg5_ttbar_rwgt.lhe"));
        assertThat(s.negativeWeightFraction()).isEqualTo(1.0 / 3);
        assertThat(s.warnings()).anyMatch(w -> w.contains("33.33% of the events have negative weights"));
        assertThat(s.weightSums().get("weight")).isEqualTo(504.321);
        assertThat(s.firstEvent()).hasSize(4);
        assertThat(s.toString()).contains("2212 (6500 GeV)").contains("set ctG 1.0");
    }

    @Test
    void skipAndLimitSelectEvents() {
        LoadedEvents ev = EventFiles.load(resource("mg5_ttbar_rwgt.lhe"), LoadOptions.defaults().skip(1).limit(1).name("one"));
        assertThat(ev.events().name()).isEqualTo("one");
        assertThat(ev.events().column("weight")).containsExactly(-504.321);
        assertThat(ev.particles().events()).isEqualTo(1);
        assertThat(ev.particles().count(0)).isEqualTo(5);
    }

    @Test
    void jointRatioIsNormalisedRatioOfTwoWeightColumnsWithParameters() {
        LoadedEvents ev = EventFiles.load(resource("mg5_ttbar_rwgt.lhe"))
                .withParameters("weight.rw0003", Map.of("ctG", 1.0))
                .withParameters("rw0002", Map.of("ctG", 0.0));
        Dataset r = ev.jointRatio("weight.rw0003", "weight.rw0002");
        double sNum = 611.11111 - 600 + 510, sDen = 504.321 - 504.321 + 504.321;
        assertThat(r.column("r_xz")[0]).isCloseTo((611.11111 / sNum) / (504.321 / sDen), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(r.column("theta.ctG")).containsExactly(1.0, 1.0, 1.0);
        assertThat(r.column("weight")).containsExactly(504.321, -504.321, 504.321);
        assertThatThrownBy(() -> ev.jointRatio("weight.nope", "weight.rw0002"))
                .isInstanceOf(HepmlException.class).hasMessageContaining("weight.rw0001");
    }

    @Test
    void xxePayloadIsNeverExpanded() throws IOException {
        Path secret = tmp.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-CONTENT");
        Path f = tmp.resolve("xxe.lhe");
        Files.writeString(f, "<?xml version=\"1.0\"?>\n<!DOCTYPE LesHouchesEvents [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<LesHouchesEvents version=\"1.0\">\n<header>&xxe;</header>\n<init>\n2212 2212 1 1 0 0 0 0 3 0\n</init>\n</LesHouchesEvents>\n");
        assertThatThrownBy(() -> EventFiles.load(f))
                .isInstanceOf(HepmlException.class)
                .hasMessageContaining("xxe.lhe:")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("TOP-SECRET"));
    }

    @Test
    void versionOneFileWithOldWeightsBlock() throws IOException {
        Path f = tmp.resolve("v1.lhe.gz");
        String text = """
                <LesHouchesEvents version="1.0">
                <init>
                   11  -11  0.45600000000E+02  0.45600000000E+02 0 0 0 0 3  1
                   0.15000000000E+04  0.10000000000E+01  0.10000000000E+01   1
                <weightinfo name="muR05"/>
                <weightinfo name="muR2"/>
                </init>
                <event>
                 4   1  0.1000000E+01  0.9118800E+02  0.7546771E-02  0.1300000E+00
                      11   -1    0    0    0    0  0.00000000000E+00  0.00000000000E+00  0.45600000000E+02  0.45600000000E+02  0.00000000000E+00 0. 9.
                     -11   -1    0    0    0    0  0.00000000000E+00  0.00000000000E+00 -0.45600000000E+02  0.45600000000E+02  0.00000000000E+00 0. 9.
                      13    1    1    2    0    0  0.30000000000E+02  0.00000000000E+00  0.34394767042E+02  0.45600000000E+02  0.00000000000E+00 0. 9.
                     -13    1    1    2    0    0 -0.30000000000E+02  0.00000000000E+00 -0.34394767042E+02  0.45600000000E+02  0.00000000000E+00 0. 9.
                <weights> 1.1 0.9 </weights>
                </event>
                </LesHouchesEvents>
                """;
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(f))) {
            out.write(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        LoadedEvents ev = EventFiles.load(f, LoadOptions.defaults().observables("m(mu1,mu2), pt(mum1), costh(mum1)"));
        assertThat(ev.runInfo().formatVersion()).isEqualTo("1.0");
        assertThat(ev.events().column("weight.muR05")).containsExactly(1.1);
        assertThat(ev.events().column("weight.muR2")).containsExactly(0.9);
        assertThat(ev.events().column("x.m_mu1_mu2")[0]).isCloseTo(91.2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ev.events().column("x.pt_mum1")).containsExactly(30.0);
        assertThat(ev.events().name()).isEqualTo("v1");
    }

    static final String INIT = """
            <init>
            2212 2212 6500 6500 0 0 0 0 3 1
            1.0 0.1 1.0 1
            </init>
            """;
    static final String PARTICLES = """
             2 1 1.0 91.2 0.0078 0.118
                13 1 0 0 0 0 10.0 0.0 5.0 11.2 0.1 0. 9.
               -13 1 0 0 0 0 -10.0 0.0 5.0 11.2 0.1 0. 9.
            """;

    /** LHEF 2.0 writes each alternative weight as a per-event {@code <weight name=...>} element: each is a column. */
    @Test
    void lhef2NamedWeightElementsAreColumns() throws IOException {
        String event = "<event>\n" + PARTICLES + "<weight name='muR=2.0 muF=2.0'> 0.8 </weight>\n<weight name='pdf:1'>1.1</weight>\n</event>\n";
        Path f = tmp.resolve("lhef2.lhe");
        Files.writeString(f, "<LesHouchesEvents version=\"2.0\">\n" + INIT + event + event.replace("0.8", "0.7") + "</LesHouchesEvents>\n");
        Dataset d = EventFiles.load(f).events();
        assertThat(d.column("weight.muR=2.0 muF=2.0")).containsExactly(0.8, 0.7);
        assertThat(d.column("weight.pdf:1")).containsExactly(1.1, 1.1);
    }

    /**
     * A positional {@code <weights>} block without {@code <weightinfo>} takes the {@code <initrwgt>} ids in order when
     * the counts agree (as POWHEG writes it), so the declared, described columns hold the values; when the counts
     * disagree the values stay positional.
     */
    @Test
    void positionalWeightsTakeTheDeclaredIdsWhenTheCountsAgree() throws IOException {
        String header = """
                <header>
                <initrwgt>
                <weightgroup name='scale'>
                <weight id='1001'> muR=1 muF=1 </weight>
                <weight id='1002'> muR=2 muF=1 </weight>
                </weightgroup>
                </initrwgt>
                </header>
                """;
        String two = "<event>\n" + PARTICLES + "<weights> 1.0 2.5 </weights>\n</event>\n";
        Path f = tmp.resolve("powheg.lhe");
        Files.writeString(f, "<LesHouchesEvents version=\"3.0\">\n" + header + INIT + two + "</LesHouchesEvents>\n");
        LoadedEvents ev = EventFiles.load(f);
        assertThat(ev.events().column("weight.1001")).containsExactly(1.0);
        assertThat(ev.events().column("weight.1002")).containsExactly(2.5);
        assertThat(ev.events().columnNames()).noneMatch(c -> c.startsWith("weight.w"));
        assertThat(ev.events().metadata()).containsEntry("description.weight.1002", "[scale] muR=2 muF=1");
        String three = "<event>\n" + PARTICLES + "<weights> 1.0 2.5 3.5 </weights>\n</event>\n";
        Files.writeString(f, "<LesHouchesEvents version=\"3.0\">\n" + header + INIT + three + "</LesHouchesEvents>\n");
        assertThat(EventFiles.load(f).events().column("weight.w3")).containsExactly(3.5);
    }
}
