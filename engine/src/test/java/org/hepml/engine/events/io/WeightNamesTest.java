package org.hepml.engine.events.io;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.hepml.engine.HepmlException;
import org.hepml.engine.events.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hepml.engine.events.io.LheReaderTest.INIT;
import static org.hepml.engine.events.io.LheReaderTest.PARTICLES;

/**
 * Weight names are kept byte-exact: the column is {@code weight.<name>} without leading and trailing whitespace (as
 * before, so notebooks keep working), the name as written is in {@link RunInfo.WeightInfo#original()}, in the metadata
 * {@code weight_name.<column>} and in the description; two names that differ only in that whitespace are an error.
 */
class WeightNamesTest {
    @TempDir
    Path tmp;

    private Path lhe(String header, String events) throws IOException {
        Path f = tmp.resolve("w.lhe");
        Files.writeString(f, "<LesHouchesEvents version=\"3.0\">\n" + header + INIT + events + "</LesHouchesEvents>\n");
        return f;
    }

    private static String event(String weights) {
        return "<event>\n" + PARTICLES + weights + "</event>\n";
    }

    @Test
    void lheWeightIdsKeepTheirWhitespace() throws IOException {
        String header = "<header>\n<initrwgt>\n<weight id=\" a \"> set c 1 </weight>\n<weight id=\"b\">set c 2</weight>\n</initrwgt>\n</header>\n";
        String rwgt = "<rwgt>\n<wgt id=\" a \"> 0.5 </wgt>\n<wgt id=\"b\">0.25</wgt>\n<wgt id=\"x \">2.0</wgt>\n</rwgt>\n";
        LoadedEvents ev = EventFiles.load(lhe(header, event(rwgt) + event(rwgt.replace("0.5", "0.75"))));
        Dataset d = ev.events();
        assertThat(d.column("weight.a")).containsExactly(0.5, 0.75);
        assertThat(d.column("weight.x")).containsExactly(2.0, 2.0);
        RunInfo run = ev.runInfo();
        assertThat(run.weights().get("a")).isEqualTo(new RunInfo.WeightInfo("a", "set c 1", "", " a "));
        assertThat(run.weights().get("x").original()).isEqualTo("x ");
        assertThat(run.weights().get("b").original()).isEqualTo("b");
        // only names that differ from their column get an entry
        assertThat(d.metadata()).containsEntry("weight_name.weight.a", " a ").containsEntry("weight_name.weight.x", "x ")
                .doesNotContainKey("weight_name.weight.b");

        EventFileSummary s = ev.summary();
        assertThat(s.toString()).contains("weight.a", "named \" a \" in the file", "named \"x \" in the file")
                .doesNotContain("named \"b\"");
        JsonObject weights = JsonParser.parseString(s.toJson()).getAsJsonObject().getAsJsonObject("weights");
        assertThat(weights.getAsJsonObject("weight.a").get("name").getAsString()).isEqualTo(" a ");
        assertThat(weights.getAsJsonObject("weight.x").get("name").getAsString()).isEqualTo("x ");
        assertThat(weights.getAsJsonObject("weight.b").get("name").getAsString()).isEqualTo("b");
        assertThat(weights.getAsJsonObject("weight").get("name").getAsString()).isEmpty();
    }

    /** LHEF 2.0 per-event {@code <weight name>} and positional {@code <weights>} named by {@code <weightinfo>}. */
    @Test
    void lhef2WeightNamesKeepTheirWhitespace() throws IOException {
        Path f = tmp.resolve("lhef2.lhe");
        String init = INIT.replace("</init>", "<weightinfo name=\"mu2 \">scale 2</weightinfo>\n</init>");
        String ev = event("<weights> 1.5 </weights>\n<weight name=' pdf1'>1.1</weight>\n");
        Files.writeString(f, "<LesHouchesEvents version=\"2.0\">\n" + init + ev + "</LesHouchesEvents>\n");
        LoadedEvents loaded = EventFiles.load(f);
        assertThat(loaded.events().column("weight.mu2")).containsExactly(1.5);
        assertThat(loaded.events().column("weight.pdf1")).containsExactly(1.1);
        assertThat(loaded.events().metadata()).containsEntry("weight_name.weight.mu2", "mu2 ").containsEntry("weight_name.weight.pdf1", " pdf1");
        assertThat(loaded.runInfo().weights().get("mu2").description()).isEqualTo("scale 2");
    }

    @Test
    void twoLheNamesWithTheSameColumnAreAnErrorNamingBoth() throws IOException {
        String header = "<header>\n<initrwgt>\n<weight id=\"a\">set c 1</weight>\n</initrwgt>\n</header>\n";
        Path f = lhe(header, event("<rwgt>\n<wgt id=\"a\">0.5</wgt>\n<wgt id=\"a \">0.7</wgt>\n</rwgt>\n"));
        assertThatThrownBy(() -> EventFiles.load(f)).isExactlyInstanceOf(HepmlException.class)
                .hasMessageStartingWith(f + ":17: in event 1: the weight names \"a\" and \"a \" differ only in leading or trailing whitespace")
                .hasMessageContaining("column weight.a").hasMessageContaining("rename one in the file");
        // declared twice in the header: found there, before any event
        String twice = "<header>\n<initrwgt>\n<weight id=\"a\">1</weight>\n<weight id=\" a\">2</weight>\n</initrwgt>\n</header>\n";
        Path g = lhe(twice, event(""));
        assertThatThrownBy(() -> EventFiles.load(g)).isExactlyInstanceOf(HepmlException.class)
                .hasMessageStartingWith(g + ":5: the weight names \"a\" and \" a\"");
    }

    private Path hepmc3(String names) throws IOException {
        Path f = tmp.resolve("w.hepmc3");
        Files.writeString(f, "HepMC::Version 3.02.05\nHepMC::Asciiv3-START_EVENT_LISTING\n" + names + "\n"
                + "E 0 0 2\nU GEV MM\nW 1.0 0.5 2.0\nP 1 0 2212 0 0 6500 6500 0.938 4\nP 2 0 2212 0 0 -6500 6500 0.938 4\n"
                + "HepMC::Asciiv3-END_EVENT_LISTING\n");
        return f;
    }

    /**
     * HepMC3's own reader splits the {@code W} line at blanks, so a name with blanks can only come quoted (as HepMC2's
     * N line writes every name); hepml's line reader keeps a quoted name exactly.
     */
    @Test
    void hepmc3WeightNamesKeepTheirWhitespace() throws IOException {
        LoadedEvents ev = EventFiles.load(hepmc3("W \"Weight\" \"MUR2 \" \" MUR0.5\""));
        assertThat(ev.events().column("weight.MUR2")).containsExactly(0.5);
        assertThat(ev.events().column("weight.MUR0.5")).containsExactly(2.0);
        assertThat(ev.runInfo().weights().get("MUR2").original()).isEqualTo("MUR2 ");
        assertThat(ev.events().metadata()).containsEntry("weight_name.weight.MUR2", "MUR2 ")
                .containsEntry("weight_name.weight.MUR0.5", " MUR0.5").doesNotContainKey("weight_name.weight.Weight");
        assertThat(ev.summary().toJson()).contains("\"weight.MUR2\":{\"sum\":0.5,\"name\":\"MUR2 \"");

        Path clash = hepmc3("W \"Weight\" \"MUR2\" \"MUR2 \"");
        assertThatThrownBy(() -> EventFiles.load(clash)).isExactlyInstanceOf(HepmlException.class)
                .hasMessageStartingWith(clash + ":3: the weight names \"MUR2\" and \"MUR2 \"");
    }

    @Test
    void hepmc2WeightNamesKeepTheirWhitespace() throws IOException {
        String event = "E 1 -1 91.2 0.118 0.0078 7 -1 1 1 2 0 3 1.0 0.5 2.0\nN 3 \"0\" \"MUR=2 \" \"MUR=0.5\"\nU GEV MM\n"
                + "V -1 0 0 0 0 0 2 0 0\nP 1 2212 0 0 6500 6500 0.938 4 0 0 -1 0\nP 2 2212 0 0 -6500 6500 0.938 4 0 0 -1 0\n";
        Path f = tmp.resolve("w.hepmc2");
        Files.writeString(f, "HepMC::Version 2.06.09\nHepMC::IO_GenEvent-START_EVENT_LISTING\n" + event + "HepMC::IO_GenEvent-END_EVENT_LISTING\n");
        LoadedEvents ev = EventFiles.load(f);
        assertThat(ev.events().column("weight.MUR=2")).containsExactly(0.5);
        assertThat(ev.events().metadata()).containsEntry("weight_name.weight.MUR=2", "MUR=2 ").doesNotContainKey("weight_name.weight.MUR=0.5");

        Files.writeString(f, Files.readString(f).replace("\"MUR=0.5\"", "\" MUR=2\""));
        assertThatThrownBy(() -> EventFiles.load(f)).isExactlyInstanceOf(HepmlException.class)
                .hasMessageStartingWith(f + ":4: in event 1: the weight names \"MUR=2 \" and \" MUR=2\"");
    }
}
