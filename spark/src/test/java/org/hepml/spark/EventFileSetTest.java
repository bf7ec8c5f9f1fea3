package org.hepml.spark;

import org.hepml.engine.events.io.EventFileSet;
import org.hepml.engine.TaskRunner;
import org.hepml.engine.events.Dataset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 200 small LHE files read as one sample in Spark's local mode: exactly the files loaded one by one, end to end. The
 * class is the engine's ({@code org.hepml.engine.events.io}); its local runs and glob errors are tested there.
 */
class EventFileSetTest {
    static final String OBSERVABLES = "pt(mu1), eta(mu1)";

    @AfterAll
    static void stopSpark() {
        SparkContexts.stop();
    }

    @Test
    void twoHundredFilesOnSparkAreTheFilesLoadedOneByOne(@TempDir Path dir) throws Exception {
        List<Path> files = LheRuns.write(dir, 200, -1);
        EventFileSet.Loaded loaded = EventFileSet.load(List.of(dir + "/run_*.lhe*"), EventFileSet.Reading.of(OBSERVABLES), "run",
                TaskRunner.on("spark:local[2,4]"));
        assertThat(loaded.unreadable()).isEmpty();
        assertThat(loaded.files().stream().map(EventFileSet.FileInfo::file).toList())
                .isEqualTo(files.stream().map(Path::toString).sorted().toList());
        LheRuns.assertJoined(loaded, LheRuns.oneByOne(files, OBSERVABLES));
        assertThat(loaded.events().metadata()).containsKey("file.200").containsEntry("read on", "Spark local[2,4]");
    }

    @Test
    void aBadFileIsReportedByNameAndTheOthersAreKept(@TempDir Path dir) throws Exception {
        List<Path> files = LheRuns.write(dir, 12, 5);
        EventFileSet.Loaded loaded = EventFileSet.load(files.stream().map(Path::toString).toList(), EventFileSet.Reading.of(OBSERVABLES),
                "run", TaskRunner.on("spark:local[2,4]"));
        assertThat(loaded.unreadable()).hasSize(1);
        assertThat(loaded.unreadable().get(0).file()).endsWith("run_005.lhe");
        assertThat(loaded.toString()).contains("1 file(s) could not be read", "run_005.lhe");
        assertThat(loaded.events().metadata()).containsKey("unreadable.run_005.lhe");
        List<Path> good = new ArrayList<>(files);
        good.remove(5);
        LheRuns.assertJoined(loaded, LheRuns.oneByOne(good, OBSERVABLES));
    }

    static Dataset first(List<Dataset> d) {
        return d.get(0);
    }
}
