package org.hepml.engine.events.io;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hepml.engine.events.io.LheReaderTest.resource;

class DescribeTest {

    /** Events without a weight and particles with a non-finite momentum are named in the description, not summed silently. */
    @Test
    void describeWarnsOfEventsWithoutWeightAndNonFiniteMomenta(@TempDir Path tmp) throws Exception {
        String event = """
                E %d 0 2
                U GEV MM
                %sP 1 0 2212 0 0 6500 6500 0.938 4
                P 2 0 2212 0 0 %s 6500 0.938 4
                """;
        Path f = tmp.resolve("gaps.hepmc3");
        Files.writeString(f, "HepMC::Version 3.02.05\nHepMC::Asciiv3-START_EVENT_LISTING\n"
                + event.formatted(0, "W 1.0\n", "-6500") + event.formatted(1, "", "-6500") + event.formatted(2, "W 2.0\n", "nan")
                + event.formatted(3, "", "inf") + "HepMC::Asciiv3-END_EVENT_LISTING\n");
        EventFileSummary s = EventFiles.describe(f);
        assertThat(s.toString()).contains("WARNING: 2 event(s) have no finite weight (first: event 2)")
                .contains("WARNING: 2 event(s) have a particle with a non-finite momentum or energy (first: event 3)");
        assertThat(s.toJson()).contains("have no finite weight");
    }

    /**
     * {@code hepml describe --json} on an HDF5 file prints JSON and nothing else on standard output: jHDF's own
     * logging configuration sends INFO lines there. Run as the launcher runs it, in a fresh JVM (logging is set up
     * once per JVM), with no logging properties given.
     */
    @Test
    void describeJsonOfAnHdf5FileIsJsonOnly(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("t.h5");
        try (WritableHdfFile h = HdfFile.write(f)) {
            h.putDataset("mjj", new double[]{100, 200, 300});
            h.putDataset("weight", new float[]{1f, 0.5f, -1f});
        }
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DescribeCommand.class.getName(), "--json", f.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isEqualTo(0);
        JsonObject json = JsonParser.parseString(out).getAsJsonObject();
        assertThat(json.get("format").getAsString()).isEqualTo("hdf5");
        assertThat(json.get("events").getAsInt()).isEqualTo(3);
    }

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
