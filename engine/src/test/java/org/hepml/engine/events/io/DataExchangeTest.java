package org.hepml.engine.events.io;

import org.hepml.engine.HepmlException;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.JaggedColumn;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Datasets in and out of the Python world: ROOT files written by uproot (flat and jagged branches), and Parquet and Arrow
 * files that pandas and awkward read and write back. Every value is compared bit for bit, every column name (which
 * carries the role) exactly. Needs the project's Python ({@code HEPML_PYTHON}, set by the build to {@code .venv}).
 */
class DataExchangeTest {
    @TempDir
    static Path dir;

    static Dataset events;

    @BeforeAll
    static void events() {
        // awkward values on purpose: subnormals, signed zero, NaN where an event has no reconstructed value, huge weights
        SplittableRandom rng = new SplittableRandom(7);
        int n = 2_345;
        double[] gen = new double[n], reco = new double[n], w = new double[n], theta = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            gen[i] = rng.nextGaussian() * 1e3;
            reco[i] = i % 17 == 0 ? Double.NaN : gen[i] + rng.nextGaussian();
            w[i] = i % 101 == 0 ? -1e300 : Math.exp(rng.nextGaussian());
            theta[i] = i == 3 ? -0.0 : i == 5 ? Double.MIN_VALUE : rng.nextDouble(-1, 1);
            y[i] = i % 2;
        }
        events = Dataset.builder("toy").column("x.gen", gen).column("x.reco", reco).column("weight", w)
                .column("theta.sin2w", theta).column("y", y).meta("seed", 7).meta("generator", "hepml test").build();
    }

    @Test
    void arrowFilesKeepEveryValueNameAndTheMetadata() {
        Path f = dir.resolve("toy.arrow");
        EventFiles.save(events, f);
        Dataset back = EventFiles.load(f, LoadOptions.defaults().name("back")).events();
        assertSameColumns(events, back);
        assertThat(back.metadata()).containsEntry("seed", "7").containsEntry("generator", "hepml test")
                .containsEntry("format", "Arrow IPC table");
        // skip, limit and column globs select exactly those rows and columns
        Dataset part = EventFiles.load(f, LoadOptions.defaults().skip(100).limit(50).branches("x.*", "weight")).events();
        assertThat(part.columnNames()).containsExactly("x.gen", "x.reco", "weight");
        assertThat(part.column("x.gen")).containsExactly(java.util.Arrays.copyOfRange(events.column("x.gen"), 100, 150));
        assertThatThrownBy(() -> EventFiles.load(f, LoadOptions.defaults().branches("Jet*"))).isExactlyInstanceOf(HepmlException.class)
                .hasMessageContaining("no column matches 'Jet*'").hasMessageContaining("x.gen");
    }

    @Test
    void parquetWrittenByHepmlIsReadByPandasAndAwkwardAndTheirsByHepml() throws Exception {
        Path ours = dir.resolve("toy.parquet");
        EventFiles.save(events, ours);
        assertSameColumns(events, EventFiles.load(ours).events());
        assertThat(EventFiles.load(ours).events().metadata()).containsEntry("seed", "7");
        Path viaPandas = dir.resolve("pandas.parquet"), viaAwkward = dir.resolve("awkward.parquet"), viaFeather = dir.resolve("pandas.feather");
        Path plain = dir.resolve("plain.parquet");
        python("""
                import pandas as pd, awkward as ak, pyarrow.feather as feather, sys
                df = pd.read_parquet(sys.argv[1])
                assert list(df.columns) == ["x.gen", "x.reco", "weight", "theta.sin2w", "y"], list(df.columns)
                df.to_parquet(sys.argv[2])
                ak.to_parquet(ak.from_parquet(sys.argv[1]), sys.argv[3])
                feather.write_feather(df, sys.argv[4])
                pd.DataFrame({"pt": [1.5, 2.5], "eta": [0.1, -0.2]}).to_parquet(sys.argv[5])
                """, ours.toString(), viaPandas.toString(), viaAwkward.toString(), viaFeather.toString(), plain.toString());
        for (Path p : List.of(viaPandas, viaAwkward, viaFeather)) assertSameColumns(events, EventFiles.load(p).events());
        // a table that names no roles: its columns are observables
        Dataset pt = EventFiles.load(plain).events();
        assertThat(pt.columnNames()).containsExactly("x.pt", "x.eta");
        assertThat(pt.column("x.eta")).containsExactly(0.1, -0.2);
    }

    @Test
    void rootTreesWithFlatAndJaggedBranchesLoadValueForValue() throws Exception {
        SplittableRandom rng = new SplittableRandom(11);
        int n = 1_000;
        double[] met = new double[n];
        int[] njet = new int[n];
        List<Double> pt = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            met[i] = rng.nextDouble() * 100;
            njet[i] = rng.nextInt(5);          // events without jets too
            for (int k = 0; k < njet[i]; k++) pt.add(20 + rng.nextDouble() * 200);
        }
        Path raw = dir.resolve("raw");
        Files.createDirectories(raw);
        writeDoubles(raw.resolve("met"), met);
        writeInts(raw.resolve("njet"), njet);
        writeDoubles(raw.resolve("pt"), pt.stream().mapToDouble(Double::doubleValue).toArray());
        Path root = dir.resolve("delphes_like.root");
        python("""
                import sys, numpy as np, awkward as ak, uproot
                raw, out = sys.argv[1], sys.argv[2]
                met = np.fromfile(raw + "/met", "<f8"); njet = np.fromfile(raw + "/njet", "<i4"); pt = np.fromfile(raw + "/pt", "<f8")
                jets = ak.zip({"PT": ak.unflatten(pt, njet), "Eta": ak.unflatten(-pt / 100, njet)})
                with uproot.recreate(out) as f:
                    f.mktree("Delphes", {"MET": "float64", "Weight": "float32", "Jet": jets.type.content})
                    for lo in range(0, len(met), 300):   # several baskets, as a real file has
                        hi = lo + 300
                        f["Delphes"].extend({"MET": met[lo:hi], "Weight": np.ones(len(met[lo:hi]), "f4"), "Jet": jets[lo:hi]})
                    f.mktree("Meta", {"run": "int64"})
                    f["Meta"].extend({"run": np.array([1, 2], "i8")})
                """, raw.toString(), root.toString());
        LoadedEvents ev = EventFiles.load(root, LoadOptions.defaults().tree("Delphes"));
        assertThat(ev.events().column("x.MET")).containsExactly(met);
        assertThat(ev.events().column("x.Weight")).containsOnly(1.0);
        JaggedColumn jetPt = ev.jagged("Jet_PT");
        assertThat(jetPt.values()).containsExactly(pt.stream().mapToDouble(Double::doubleValue).toArray());
        for (int i = 0; i < n; i++) assertThat(jetPt.count(i)).isEqualTo(njet[i]);
        assertThat(ev.events().metadata().get("jagged_columns")).contains("Jet_PT", "Jet_Eta");

        // entry ranges and branch globs go to uproot: exactly entries [200, 300) of the jet branches
        LoadedEvents part = EventFiles.load(root, LoadOptions.defaults().tree("Delphes").skip(200).limit(100).branches("Jet_*", "nJet"));
        assertThat(part.size()).isEqualTo(100);
        assertThat(part.jagged().keySet()).containsExactly("Jet_PT", "Jet_Eta");
        assertThat(part.jagged("Jet_PT").values()).containsExactly(ev.jagged("Jet_PT").slice(200, 300).values());

        assertThatThrownBy(() -> EventFiles.load(root)).isExactlyInstanceOf(HepmlException.class)
                .hasMessageContaining(root.toString()).hasMessageContaining("Delphes, Meta").hasMessageContaining("tree option");
        assertThatThrownBy(() -> EventFiles.load(root, LoadOptions.defaults().tree("Events"))).isExactlyInstanceOf(HepmlException.class)
                .hasMessageContaining("no TTree 'Events'");
        assertThatThrownBy(() -> EventFiles.load(root, LoadOptions.defaults().tree("Delphes").branches("Muon*")))
                .isExactlyInstanceOf(HepmlException.class).hasMessageContaining("no branch or column matches 'Muon*'");
    }

    @Test
    void aDamagedFileOrAMissingPythonIsAnErrorThatSaysWhatToDo() throws Exception {
        Path bad = dir.resolve("bad.root");
        Files.write(bad, "root\0\0 this is not really a ROOT file".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> EventFiles.load(bad)).isExactlyInstanceOf(HepmlException.class)
                .hasMessageContaining(bad.toString()).hasMessageContaining("not a ROOT file");
        String before = System.getProperty("hepml.python");
        System.setProperty("hepml.python", dir.resolve("no-python-here").toString());
        try {
            assertThatThrownBy(() -> EventFiles.save(events, dir.resolve("x.parquet"))).isExactlyInstanceOf(HepmlException.class)
                    .hasMessageContaining("cannot start Python").hasMessageContaining("HEPML_PYTHON");
            assertThat(dir.resolve("x.parquet")).doesNotExist();
        } finally {
            if (before == null) System.clearProperty("hepml.python");
            else System.setProperty("hepml.python", before);
        }
        assertThatThrownBy(() -> EventFiles.save(events, dir.resolve("nowhere/x.arrow"))).isExactlyInstanceOf(HepmlException.class)
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> EventFiles.save(events, dir.resolve("x.xlsx"))).isExactlyInstanceOf(HepmlException.class)
                .hasMessageContaining(".parquet, .arrow or .feather");
    }

    private static void assertSameColumns(Dataset expected, Dataset actual) {
        assertThat(actual.columnNames()).containsExactlyElementsOf(expected.columnNames());
        assertThat(actual.size()).isEqualTo(expected.size());
        for (String c : expected.columnNames()) {
            double[] e = expected.column(c), a = actual.column(c);
            for (int i = 0; i < e.length; i++) {
                if (Double.doubleToRawLongBits(e[i]) != Double.doubleToRawLongBits(a[i]) && !(Double.isNaN(e[i]) && Double.isNaN(a[i]))) {
                    throw new AssertionError(c + "[" + i + "]: expected " + e[i] + ", got " + a[i]);
                }
            }
        }
    }

    static void python(String code, String... args) throws IOException, InterruptedException {
        Path script = Files.createTempFile("hepml-test", ".py");
        script.toFile().deleteOnExit();
        Files.writeString(script, code);
        List<String> cmd = new ArrayList<>(List.of(PythonBridge.python(), script.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    private static void writeDoubles(Path f, double[] v) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) b.putDouble(x);
        Files.write(f, b.array());
    }

    private static void writeInts(Path f, int[] v) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : v) b.putInt(x);
        Files.write(f, b.array());
    }
}
