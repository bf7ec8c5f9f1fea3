package org.hepml.engine.events.io;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import org.hepml.engine.HepmlException;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.JaggedColumn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Per-jet particle lists from padded HDF5 layouts, against the true constituents the fixture script wrote beside the
 * files ({@code tools/make_constituent_fixtures.py}: pandas/PyTables and h5py, the writers of the public datasets).
 */
class PaddedParticlesTest {
    @TempDir
    Path tmp;

    static Path fixture(String name) {
        try {
            return Path.of(PaddedParticlesTest.class.getResource("/org/hepml/engine/events/io/constituents/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The true particles of one fixture file: per jet, per particle, the four feature values as float32. */
    static List<List<float[]>> truth(String file, int jets) throws IOException {
        List<List<float[]>> out = new ArrayList<>();
        for (int j = 0; j < jets; j++) out.add(new ArrayList<>());
        List<String> lines = Files.readAllLines(fixture("constituents.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            if (!f[0].equals(file)) continue;
            float[] v = new float[4];
            for (int k = 0; k < 4; k++) v[k] = Float.parseFloat(f[3 + k]);
            List<float[]> jet = out.get(Integer.parseInt(f[1]));
            assertThat(Integer.parseInt(f[2])).isEqualTo(jet.size());
            jet.add(v);
        }
        return out;
    }

    static void assertParticles(Dataset d, String[] features, List<List<float[]>> truth) {
        int[] offsets = d.jagged(features[0]).offsets();
        for (int f = 0; f < features.length; f++) {
            JaggedColumn c = d.jagged(features[f]);
            assertThat(c.offsets()).as("one offsets array per particle list").isSameAs(offsets);
            for (int j = 0; j < truth.size(); j++) {
                assertThat(c.count(j)).as("particles of jet %d", j).isEqualTo(truth.get(j).size());
                for (int k = 0; k < c.count(j); k++) assertThat(c.get(j, k)).isEqualTo((double) truth.get(j).get(k)[f]);
            }
        }
    }

    @Test
    void landscapeTableAndFixedFormatsGiveTheConstituentsAndTheLabel() throws IOException {
        List<List<float[]>> truth = truth("landscape", 7);
        for (String file : List.of("landscape.h5", "landscape_fixed.h5")) {
            LoadedEvents ev = EventFiles.load(fixture(file));
            Dataset d = ev.events();
            assertThat(d.size()).isEqualTo(7);
            assertThat(d.jagged().keySet()).containsExactly("E", "PX", "PY", "PZ");
            assertParticles(d, new String[]{"E", "PX", "PY", "PZ"}, truth);
            assertThat(d.column("y")).containsExactly(1, 0, 1, 0, 0, 1, 1);
            assertThat(d.column("x.ttv")).containsExactly(0, 0, 1, 2, 0, 1, 0);
            assertThat(d.columnNames()).contains("x.truthE", "x.truthPZ").noneMatch(c -> c.matches("x\\.(E|PX|PY|PZ)_\\d+"));
            assertThat(ev.jagged().keySet()).containsExactly("E", "PX", "PY", "PZ");
        }
        // hepml describe: entries per event, mean, smallest and largest (counts 3, 0, 200, 1, 57, 12, 199)
        EventFileSummary summary = EventFiles.describe(fixture("landscape.h5"));
        assertThat(summary.toString()).contains(String.format(java.util.Locale.ROOT, "E (%.3g per event, 0 to 200)", 472 / 7.0));
        assertThat(summary.toJson()).contains("\"PX\":{\"per_event\":").contains("\"min\":0,\"max\":200");
        // --skip and --limit cut the lists too, offsets starting again at 0
        Dataset cut = EventFiles.load(fixture("landscape.h5"), LoadOptions.defaults().skip(2).limit(3)).events();
        assertParticles(cut, new String[]{"E", "PX", "PY", "PZ"}, truth.subList(2, 5));
        assertThat(cut.jagged("E").offsets()).containsExactly(0, 200, 201, 258);
    }

    @Test
    void jetnetLayoutUsesTheMaskNotZeroValues() throws IOException {
        List<List<float[]>> truth = truth("jetnet", 5);
        LoadedEvents ev = EventFiles.load(fixture("jetnet.h5"));
        Dataset d = ev.events();
        assertThat(d.jagged().keySet()).containsExactly("etarel", "phirel", "ptrel"); // the 'mask' feature is not a particle property
        assertParticles(d, new String[]{"etarel", "phirel", "ptrel"}, truth);
        assertThat(d.jagged("etarel").get(0, 1)).as("a real particle at eta 0 stays").isEqualTo(0.0);
        assertThat(d.column("y")).containsExactly(1, 0, 1, 1, 0);
        assertThat(d.column("x.particle_features_n")).containsExactly(30, 4, 0, 17, 1);
        assertThat(d.columnNames()).contains("x.jet_features_0", "x.jet_features_3").noneMatch(c -> c.startsWith("x.mask"));
        assertThat(d.metadata().get("mask")).isEqualTo("/mask");

        Dataset renamed = EventFiles.load(fixture("jetnet.h5"), LoadOptions.defaults().features("eta", "phi", "pt", "mask")).events();
        assertThat(renamed.jagged().keySet()).containsExactly("eta", "phi", "pt");
        assertThat(renamed.jagged("pt").values()).containsExactly(d.jagged("ptrel").values());
    }

    @Test
    void zeroPaddingWithoutMaskAndFeaturesNamedByTheUser() {
        Path f = tmp.resolve("padded.h5");
        try (WritableHdfFile h = HdfFile.write(f)) {
            h.putDataset("particles", new double[][][]{
                    {{10, 0.1, 0.2}, {5, 0, 0}, {0, 0, 0}},
                    {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}},
                    {{1, 1, 1}, {2, 2, 2}, {3, 3, 3}}});
            h.putDataset("label", new int[]{1, 0, 1});
        }
        Dataset d = EventFiles.load(f, LoadOptions.defaults().features("pt", "eta", "phi")).events();
        assertThat(d.jagged("pt").offsets()).containsExactly(0, 2, 2, 5);
        assertThat(d.jagged("pt").values()).containsExactly(10, 5, 1, 2, 3);
        assertThat(d.jagged("eta").values()).containsExactly(0.1, 0, 1, 2, 3);
        assertThat(d.column("y")).containsExactly(1, 0, 1);
        assertThat(d.summary().jaggedColumn("pt").maxCount()).isEqualTo(3);
        assertThat(d.summary().jaggedColumn("pt").minCount()).isZero();
        assertThat(d.summary().jaggedColumn("pt").meanCount()).isEqualTo(5 / 3.0);
        assertThat(d.summary().toString()).contains("jagged column").contains("pt");
        Dataset unnamed = EventFiles.load(f).events();
        assertThat(unnamed.jagged().keySet()).containsExactly("particles_0", "particles_1", "particles_2");
    }

    @Test
    void badLayoutsNameTheFileTheDatasetAndWhatWasExpected() {
        Path nan = tmp.resolve("nan.h5");
        try (WritableHdfFile h = HdfFile.write(nan)) {
            h.putDataset("particles", new double[][][]{{{1, 2}, {0, 0}}, {{3, Double.NaN}, {0, 0}}});
        }
        assertThatThrownBy(() -> EventFiles.load(nan)).isExactlyInstanceOf(HepmlException.class)
                .hasMessageContaining("nan.h5").hasMessageContaining("'/particles'").hasMessageContaining("jet 1, particle 0")
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> EventFiles.load(nan, LoadOptions.defaults().features("pt", "eta", "phi")))
                .isExactlyInstanceOf(HepmlException.class).hasMessageContaining("nan.h5").hasMessageContaining("has 2 features per particle")
                .hasMessageContaining("--features names 3");

        Path mask = tmp.resolve("mask.h5");
        try (WritableHdfFile h = HdfFile.write(mask)) {
            h.putDataset("particles", new double[][][]{{{1, 2}, {0, 0}}, {{3, 4}, {0, 0}}});
            h.putDataset("valid", new int[][]{{1, 0, 0}, {1, 0, 0}});
        }
        assertThatThrownBy(() -> EventFiles.load(mask, LoadOptions.defaults().mask("valid"))).isExactlyInstanceOf(HepmlException.class)
                .hasMessageContaining("mask.h5").hasMessageContaining("'/valid' has shape [2, 3]").hasMessageContaining("needs a mask [2, 2]");
        assertThatThrownBy(() -> EventFiles.load(mask, LoadOptions.defaults().mask("nothing"))).isExactlyInstanceOf(HepmlException.class)
                .hasMessageContaining("no mask dataset 'nothing'");

        Path table = tmp.resolve("table.h5");
        try (WritableHdfFile h = HdfFile.write(table)) {
            h.putDataset("mjj", new double[]{1, 2});
        }
        assertThatThrownBy(() -> EventFiles.load(table, LoadOptions.defaults().features("pt"))).isExactlyInstanceOf(HepmlException.class)
                .hasMessageContaining("--features").hasMessageContaining("3-D");
    }

    @Test
    void pickledColumnNamesAsPandasWritesThem() {
        assertThat(PandasFrames.pickledStrings("(lp0\nVE_0\np1\naVPX_0\np2\na.")).containsExactly("E_0", "PX_0");
        assertThat(PandasFrames.pickledStrings("(lp0\nS'ttv'\np1\naS'is_signal_new'\np2\na.")).containsExactly("ttv", "is_signal_new");
        assertThat(PandasFrames.pickledStrings("(lp0\nVp\\u00e9\np1\na.")).containsExactly("p\u00e9");
    }
}
