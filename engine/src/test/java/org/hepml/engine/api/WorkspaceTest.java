package org.hepml.engine.api;

import org.hepml.engine.Cancelled;
import org.hepml.engine.HepmlException;
import org.hepml.engine.events.Dataset;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkspaceTest {

    @Test
    void storesFindsAndDropsByName() {
        Workspace ws = new Workspace();
        Dataset d = Dataset.builder("d").column("x.a", new double[]{1, 2}).build();
        ws.put("d", d);
        assertThat(ws.dataset("d")).isSameAs(d);
        assertThat(ws.datasets()).containsExactly(d);
        ws.drop("d");
        assertThat(ws.contains("d")).isFalse();
    }

    @Test
    void unknownNamesListWhatIsThere() {
        Workspace ws = new Workspace();
        ws.put("sim", Dataset.builder("sim").column("x.a", new double[]{1}).build());
        assertThatThrownBy(() -> ws.dataset("data")).isInstanceOf(HepmlException.class)
                .hasMessageContaining("'data'").hasMessageContaining("sim");
        ws.put("n", 3);
        assertThatThrownBy(() -> ws.dataset("n")).hasMessageContaining("not a dataset");
    }

    @Test
    void badNamesAreRefused() {
        assertThatThrownBy(() -> new Workspace().put("1abc", 1)).hasMessageContaining("not a usable name");
        assertThatThrownBy(() -> new Workspace().put("a b", 1)).hasMessageContaining("not a usable name");
    }

    @Test
    void anInterruptedThreadStoresNothing() {
        Workspace ws = new Workspace();
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> ws.put("late", 1)).isInstanceOf(Cancelled.class);
        } finally {
            Thread.interrupted();
        }
        assertThat(ws.contains("late")).isFalse();
    }

    /** What %events load keeps of a file (NAME.file) is shown with its dataset, not as an unexplained entry of its own. */
    @Test
    void aLoadedFileIsListedWithItsDataset() throws Exception {
        Workspace ws = new Workspace();
        Hep hep = new Hep(ws);
        hep.load(java.nio.file.Path.of("..", "notebooks", "data", "ee_mumu.lhe.gz"),
                org.hepml.engine.events.io.LoadOptions.defaults().limit(50), "ee");
        WorkspaceListing listing = hep.listing();
        assertThat(listing.entries()).extracting(WorkspaceListing.Entry::name).containsExactly("ee");
        assertThat(listing.toString()).contains("50 events from ee_mumu.lhe.gz (the file's particles and run information: hep.loaded(\"ee\"))");
        assertThatThrownBy(() -> ws.get("nope")).hasMessageEndingWith("Stored: ee.");
        hep.drop("ee");
        assertThat(ws.entries()).isEmpty();
    }
}
