package org.hepml.engine.events.io;

import org.hepml.engine.HepmlException;
import org.hepml.engine.TaskRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Many LHE files read as one sample here, one after another ({@link TaskRunner#LOCAL}): exactly the files loaded one by
 * one, end to end; a bad file named and left out. The same on Spark is the spark module's EventFileSetTest.
 */
class EventFileSetTest {
    static final String OBSERVABLES = "pt(mu1), eta(mu1)";

    @Test
    void filesReadHereAreTheFilesLoadedOneByOneAndABadFileIsNamed(@TempDir Path dir) throws Exception {
        List<Path> files = LheRuns.write(dir, 12, 5);
        EventFileSet.Loaded loaded = EventFileSet.load(List.of(dir + "/run_*"), EventFileSet.Reading.of(OBSERVABLES), "run",
                TaskRunner.LOCAL);
        assertThat(loaded.unreadable()).extracting(EventFileSet.Unreadable::file).containsExactly(files.get(5).toString());
        assertThat(loaded.toString()).contains("1 file(s) could not be read", "run_005.lhe");
        assertThat(loaded.events().metadata()).containsKey("unreadable.run_005.lhe").doesNotContainKey("read on");
        List<Path> good = new ArrayList<>(files);
        good.remove(5);
        LheRuns.assertJoined(loaded, LheRuns.oneByOne(good, OBSERVABLES));
        // the files in name order whether named by a glob or listed out of order
        List<String> listed = new ArrayList<>(good.stream().map(Path::toString).toList());
        java.util.Collections.reverse(listed);
        assertThat(EventFileSet.files(List.of(dir + "/run_*"))).containsExactlyElementsOf(files);
        assertThat(EventFileSet.files(listed)).containsExactlyElementsOf(listed.stream().map(Path::of).toList());
    }

    @Test
    void aGlobThatMatchesNothingSaysSo(@TempDir Path dir) {
        assertThatThrownBy(() -> EventFileSet.files(List.of(dir + "/*.lhe")))
                .isInstanceOf(HepmlException.class).hasMessageContaining("'" + dir + "/*.lhe' matches no file");
        assertThatThrownBy(() -> EventFileSet.files(List.of(dir + "/nowhere/*.lhe"))).hasMessageContaining("no folder");
    }

    @Test
    void noReadableFileIsAnErrorListingEach(@TempDir Path dir) throws Exception {
        List<Path> files = LheRuns.write(dir, 1, 0);
        assertThatThrownBy(() -> EventFileSet.load(List.of(files.get(0).toString()), EventFileSet.Reading.of(OBSERVABLES), "run",
                TaskRunner.LOCAL)).isInstanceOf(HepmlException.class).hasMessageContaining("None of the 1 event files", "run_000.lhe");
    }
}
