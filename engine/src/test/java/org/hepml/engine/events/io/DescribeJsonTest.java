package org.hepml.engine.events.io;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hepml.engine.events.io.LheReaderTest.resource;

/**
 * {@code hepml describe --json} prints one JSON object and nothing else on standard output, for every format it reads.
 * Each file is described as the launcher does it, in a fresh JVM (library logging is set up once per JVM) with no
 * logging properties given, and standard output is parsed as strict JSON (no NaN, no text before or after).
 */
class DescribeJsonTest {
    @TempDir
    Path tmp;

    /** Standard output of {@code hepml describe --json FILE} run in a new JVM on the test classpath; exit status 0 is required. */
    static String describeJson(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.nio=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), DescribeCommand.class.getName(), "--json", file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isEqualTo(0);
        return out;
    }

    /** The one JSON object that {@code text} must be, read strictly: anything before or after it fails. */
    static JsonObject strictJsonObject(String text) throws IOException {
        JsonReader r = new JsonReader(new StringReader(text));
        r.setStrictness(Strictness.STRICT);
        JsonElement e = new Gson().getAdapter(JsonElement.class).read(r);
        assertThat(r.peek()).as("text after the JSON object in: %s", text).isEqualTo(JsonToken.END_DOCUMENT);
        assertThat(e.isJsonObject()).as(text).isTrue();
        return e.getAsJsonObject();
    }

    @Test
    void strictParsingRefusesWhatIsNotOneJsonObject() {
        for (String bad : new String[]{"INFO opening file\n{\"a\":1}\n", "{\"a\":1}\nWriting files is in alpha\n", "{\"a\":NaN}", "[1]"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> strictJsonObject(bad)).as(bad).isInstanceOfAny(IOException.class, AssertionError.class);
        }
    }

    @Test
    void everyFormatGivesOneJsonObjectAndNothingElse() throws Exception {
        Path table = tmp.resolve("table.h5");
        try (WritableHdfFile h = HdfFile.write(table)) {
            h.putDataset("mjj", new double[]{100, 200, 300});
            h.putDataset("weight", new float[]{1f, 0.5f, -1f});
        }
        Path lheh5 = Lheh5Test.writeLheh5(tmp.resolve("events.h5"), Lheh5Test.events(4, 2, 9),
                new Lheh5Test.Layout(new int[]{1, 0, 0}, false, 0, "names", new String[]{"nominal", "MUR2 "}), null);
        Path csv = tmp.resolve("t.csv");
        Files.writeString(csv, "mjj,weight\n100,1.0\n200,NaN\n");

        // the exchange formats: Arrow and Parquet written by hepml, ROOT by uproot
        Path arrow = EventFiles.save(EventFiles.load(csv).events(), tmp.resolve("t.arrow"));
        Path parquet = EventFiles.save(EventFiles.load(csv).events(), tmp.resolve("t.parquet"));
        Path root = tmp.resolve("t.root");
        DataExchangeTest.python("""
                import sys, numpy as np, uproot
                with uproot.recreate(sys.argv[1]) as f:
                    f.mktree("Events", {"MET": "float64"})
                    f["Events"].extend({"MET": np.array([1.0, 2.0, 3.0, 4.0])})
                """, root.toString());

        record Expect(Path file, String format, int events) {
        }
        for (Expect x : new Expect[]{new Expect(table, "hdf5", 3), new Expect(lheh5, "lheh5", 4), new Expect(resource("mg5_ttbar_rwgt.lhe"), "lhe", 3),
                new Expect(resource("pythia8_zmumu.hepmc3"), "hepmc3", 2), new Expect(csv, "csv", 2), new Expect(arrow, "arrow", 2),
                new Expect(parquet, "parquet", 2), new Expect(root, "root", 4)}) {
            JsonObject json = strictJsonObject(describeJson(x.file()));
            assertThat(json.get("format").getAsString()).as(x.file().toString()).isEqualTo(x.format());
            assertThat(json.get("events").getAsInt()).as(x.file().toString()).isEqualTo(x.events());
            if (x.format().equals("lheh5")) {
                assertThat(json.getAsJsonArray("beams")).hasSize(2);
                assertThat(json.getAsJsonArray("first_event")).hasSize(5);
                assertThat(json.getAsJsonObject("weights").getAsJsonObject("weight.MUR2").get("name").getAsString()).isEqualTo("MUR2 ");
            }
        }
    }

    /** A file of several tables: describe names the options and the tables; --group and --dataset choose one. */
    @Test
    void groupAndDatasetOptionsChooseTheTable() throws Exception {
        Path f = tmp.resolve("multi.h5");
        try (WritableHdfFile h = HdfFile.write(f)) {
            h.putDataset("runs", new int[]{1, 2});
            var jets = h.putGroup("jets");
            jets.putDataset("pt", new double[]{50, 60, 70});
            jets.putDataset("eta", new double[]{0.1, -0.2, 1.5});
            h.putGroup("meta").putDataset("energy", new double[]{13000});
        }
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream(), o2 = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            assertThat(new CommandLine(new DescribeCommand()).execute(f.toString(), "--json", "--group", "/jets")).isEqualTo(0);
            System.setOut(new PrintStream(o2, true, StandardCharsets.UTF_8));
            assertThat(new CommandLine(new DescribeCommand()).execute(f.toString(), "--json", "--dataset", "/meta/energy")).isEqualTo(0);
            assertThat(new CommandLine(new DescribeCommand()).execute(f.toString(), "--group", "/nope")).isEqualTo(1);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertThat(strictJsonObject(o.toString(StandardCharsets.UTF_8)).get("events").getAsInt()).isEqualTo(3);
        assertThat(strictJsonObject(o2.toString(StandardCharsets.UTF_8)).get("events").getAsInt()).isEqualTo(1);
        assertThat(e.toString(StandardCharsets.UTF_8)).contains("hepml describe: " + f + ": there is no group or dataset '/nope'.")
                .contains("--group PATH (or --dataset PATH)").contains("/jets/pt").contains("/meta/energy");
    }
}
