package org.hepml.engine.events.io;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableDataset;
import org.hepml.engine.HepmlException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlatTablesTest {
    @TempDir
    Path tmp;

    @Test
    void hdf5ColumnsTwoDimensionalTableAndConstituents() {
        Path f = tmp.resolve("jets.h5");
        try (WritableHdfFile h = HdfFile.write(f)) {
            h.putDataset("mjj", new double[]{100, 200, 300});
            h.putDataset("weight", new float[]{1f, 0.5f, -1f});
            var g = h.putGroup("table");
            WritableDataset t = g.putDataset("features", new double[][]{{1, 2}, {3, 4}, {5, 6}});
            t.putAttribute("columns", new String[]{"pt", "eta"});
            var c = h.putGroup("jets");
            c.putDataset("constituents", new double[][][]{
                    {{10, 0.1}, {5, 0.2}, {0, 0}},
                    {{7, 0.3}, {0, 0}, {0, 0}},
                    {{1, 1}, {2, 2}, {3, 3}}});
        }
        LoadedEvents root = EventFiles.load(f);
        assertThat(root.runInfo().format()).isEqualTo(EventFormat.HDF5);
        assertThat(root.events().columnNames()).containsExactlyInAnyOrder("x.mjj", "weight"); // HDF5 group order is by name
        assertThat(root.events().column("weight")).containsExactly(1, 0.5, -1);

        LoadedEvents table = EventFiles.load(f, LoadOptions.defaults().group("/table/features").skip(1));
        assertThat(table.events().column("x.pt")).containsExactly(3, 5);
        assertThat(table.events().column("x.eta")).containsExactly(4, 6);

        LoadedEvents jets = EventFiles.load(f, LoadOptions.defaults().group("/jets"));
        assertThat(jets.events().column("x.constituents_n")).containsExactly(2, 1, 3);
        assertThat(jets.events().column("x.constituents_sum_0")).containsExactly(15, 7, 6);
        assertThat(EventFiles.hdf5Constituents(f, "/jets/constituents")[1]).containsExactly(7, 0.3, 0, 0, 0, 0);
        assertThatThrownBy(jets::particles).isInstanceOf(HepmlException.class).hasMessageContaining("were not kept");

        assertThatThrownBy(() -> EventFiles.load(f, LoadOptions.defaults().group("/nope"))).isExactlyInstanceOf(HepmlException.class)
                .hasMessageContaining("jets.h5").hasMessageContaining("/nope");
    }

    /**
     * Tables of different lengths side by side: the error names the option in each front end and lists the datasets with
     * their shapes; LoadOptions.group picks a group or a single dataset.
     */
    @Test
    void aFileOfSeveralTablesListsThemAndGroupChoosesOne() {
        Path f = tmp.resolve("runs.h5");
        try (WritableHdfFile h = HdfFile.write(f)) {
            h.putDataset("mjj", new double[]{100, 200, 300});
            h.putDataset("run", new int[]{7});
            var jets = h.putGroup("jets");
            jets.putDataset("pt", new double[]{50, 60});
            jets.putDataset("features", new double[][]{{1, 2}, {3, 4}});
            h.putGroup("notes").putDataset("labels", new String[]{"a", "b"});
        }
        assertThatThrownBy(() -> EventFiles.load(f)).isExactlyInstanceOf(HepmlException.class)
                .hasMessageStartingWith(f + ": dataset '/").hasMessageContaining("'/run' has 1 row").hasMessageContaining("'/mjj' has 3 rows")
                .hasMessageEndingWith("; a table needs datasets of equal length. Choose the table with --group PATH (or --dataset PATH) in %events load and hepml describe, or LoadOptions.group(PATH) in Java."
                        + " The file holds:\n"
                        + "  /jets/features  2 rows x 2\n"
                        + "  /jets/pt        2 rows\n"
                        + "  /mjj            3 rows\n"
                        + "  /notes/labels   2 rows, not numbers\n"
                        + "  /run            1 row");
        assertThat(EventFiles.load(f, LoadOptions.defaults().group("/jets")).events().columnNames()).containsExactlyInAnyOrder("x.features_0", "x.features_1", "x.pt");
        assertThat(EventFiles.load(f, LoadOptions.defaults().group("/mjj")).events().column("x.mjj")).containsExactly(100, 200, 300);
        assertThatThrownBy(() -> EventFiles.load(f, LoadOptions.defaults().group("/notes"))).isExactlyInstanceOf(HepmlException.class)
                .hasMessageStartingWith(f + ": no numeric datasets at '/notes'. Choose the table with --group PATH").hasMessageContaining("/jets/pt");
    }

    /**
     * The flat LHEH5 2.0 layout (events, particles, init, procInfo) is detected and loads as events; loaded as a table
     * (--format hdf5), the error says which layout it is and how it loads.
     */
    @Test
    void anLheh5Version2FileLoadsAsEvents() {
        Path f = tmp.resolve("v2.h5");
        try (WritableHdfFile h = HdfFile.write(f)) {
            h.putDataset("events", new double[][]{{1, 2, 0, 3, 91, 91, 91, 0.0078, 0.118, 0.5}, {1, 2, 2, 1, 91, 91, 91, 0.0078, 0.118, -0.25}});
            double[][] particles = new double[9][13]; // Sherpa's padding: rows of id 0
            particles[0] = new double[]{11, -1, 0, 0, 0, 0, 0, 0, 45, 45, 0, 0, 9};
            particles[1] = new double[]{-11, -1, 0, 0, 0, 0, 0, 0, -45, 45, 0, 0, 9};
            particles[2] = particles[0];
            particles[3] = particles[1];
            h.putDataset("particles", particles);
            h.putDataset("init", new double[]{11, -11, 45, 45, 0, 0, 0, 0, 3, 1});
            h.putDataset("procInfo", new double[][]{{1, 2, -1, 10.5, 0.5, 1}});
        }
        assertThat(EventFormat.detect(f)).isEqualTo(EventFormat.LHEH5);
        LoadedEvents ev = EventFiles.load(f);
        assertThat(ev.events().column("weight")).containsExactly(0.5, -0.25);
        assertThat(ev.events().column("n_particles")).containsExactly(2, 2);
        assertThat(ev.events().column("trials")).containsExactly(3, 1);
        assertThat(ev.particles().pdg()).containsExactly(11, -11, 11, -11);
        assertThat(ev.runInfo().processes()).containsExactly(new RunInfo.Process(1, 10.5, 0.5, 1));
        assertThatThrownBy(() -> EventFiles.load(f, LoadOptions.defaults().format(EventFormat.HDF5))).isExactlyInstanceOf(HepmlException.class)
                .hasMessageContaining("  /particles  9 rows x 13")
                .hasMessageEndingWith("The datasets 'events' and 'particles' are the LHEH5 2.0 layout (Sherpa, Pythia 8 LHAHDF5v2): they load as"
                        + " events with --format lheh5.");
    }

    @Test
    void csvKeepsRolesAndPrefixesObservables() throws IOException {
        Path f = tmp.resolve("events.csv");
        Files.writeString(f, "mjj,weight,theta.c,label\n100,1.0,0.5,a\n200,-2.0,0.5,b\n");
        LoadedEvents ev = EventFiles.load(f, LoadOptions.defaults().limit(1));
        assertThat(ev.events().columnNames()).containsExactly("x.mjj", "weight", "theta.c");
        assertThat(ev.events().column("weight")).containsExactly(1.0);
        assertThatThrownBy(() -> EventFiles.load(f, LoadOptions.defaults().observables("pt(j1)")))
                .isExactlyInstanceOf(HepmlException.class).hasMessageContaining("not particles");
    }

    /** A cell that is not a number is an error naming line, row and column; it used to drop the whole column. */
    @Test
    void aNonNumericCellInANumericColumnIsNamed() throws IOException {
        Path f = tmp.resolve("typo.csv");
        Files.writeString(f, "pt,eta,label\n10.5,0.1,signal\n12.0,O.3,background\n7.25,-1.2,signal\n");
        assertThatThrownBy(() -> EventFiles.load(f)).isExactlyInstanceOf(HepmlException.class)
                .hasMessage(f + ":3: row 2, column 'eta': expected a number, found 'O.3' (the column's other cells are numbers).");
        // a column of text only (a label) is left out, and the metadata says so
        Path ok = tmp.resolve("label.csv");
        Files.writeString(ok, "pt,eta,label\n10.5,0.1,signal\n12.0,0.3,background\n");
        LoadedEvents loaded = EventFiles.load(ok);
        assertThat(loaded.events().columnNames()).containsExactly("x.pt", "x.eta");
        assertThat(loaded.events().metadata()).containsEntry("ignored_text_columns", "label");
    }
}
