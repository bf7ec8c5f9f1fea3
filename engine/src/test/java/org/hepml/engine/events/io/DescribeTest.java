package org.hepml.engine.events.io;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hepml.engine.events.io.LheReaderTest.resource;

class DescribeTest {

    @Test
    void jsonHasTheDocumentedKeys() {
        String json = EventFiles.describe(resource("mg5_ttbar_rwgt.lhe")).toJson();
        for (String key : new String[]{"file", "format", "version", "generators", "events", "beams", "weighting_strategy", "processes",
                "weights", "negative_weight_fraction", "warnings", "first_event"}) {
            assertThat(json).contains("\"" + key + "\":");
        }
        assertThat(json).contains("\"format\":\"lhe\"").contains("\"events\":3").contains("\"weight.rw0001\":{\"sum\":512.34")
                .contains("\"description\":\"set ctG -1.0\",\"group\":\"mg_reweighting\"").contains("\"pdf_set\":325300");
    }

    @Test
    void commandPrintsTextOrJsonAndFailsWithExitStatusOne() {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o));
            System.setErr(new PrintStream(e));
            assertThat(new CommandLine(new DescribeCommand()).execute(resource("pythia8_zmumu.hepmc3").toString())).isEqualTo(0);
            assertThat(new CommandLine(new DescribeCommand()).execute(resource("mg5_ttbar_rwgt.lhe").toString(), "--json")).isEqualTo(0);
            assertThat(new CommandLine(new DescribeCommand()).execute("/no/such/file.lhe")).isEqualTo(1);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertThat(o.toString()).contains("HepMC3 Asciiv3 version 3.02.05").contains("events      2").contains("\"format\":\"lhe\"");
        assertThat(e.toString()).contains("hepml describe: No event file at");
    }
}
