package org.hepml.magics;

import org.hepml.engine.api.Workspace;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.io.EventFileSet;
import org.hepml.engine.events.io.EventFileSummary;
import org.hepml.engine.events.io.LheWriter;
import org.hepml.engine.events.io.LoadedEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hepml.magics.MagicsTest.args;

/**
 * {@code %events load 'glob' --on WHERE}: 20 small LHE files read as one sample here equal the files loaded one by one
 * with {@code %events load FILE} and put end to end (event counts, every weight column's sum, every value, column
 * order); a bad file is named and left out; a glob with one file is today's single-file load. The same files on Spark
 * are the spark module's tests (EventFileSetTest, StandaloneClusterTest): the magics do not have the module.
 */
class EventsLoadManyTest {
    static final String OBSERVABLES = "pt(mu1), eta(mu1), m(mu1,mu2)";
    final Workspace ws = new Workspace();
    final EventsMagic events = new EventsMagic(ws);

    @Test
    void aGlobOfTwentyFilesIsTheFilesLoadedOneByOne(@TempDir Path dir) throws Exception {
        List<Path> files = write(dir, 20, -1);
        EventFileSet.Loaded all = (EventFileSet.Loaded) events.run(args("load '" + dir + "/run_*.lhe*' --observables \"" + OBSERVABLES + "\""), null);
        Dataset joined = ws.dataset("run"); // the files' common name
        assertThat(joined).isSameAs(all.events());
        assertThat(all.unreadable()).isEmpty();
        List<Dataset> single = new ArrayList<>();
        for (int k = 0; k < files.size(); k++) {
            events.run(args("load " + files.get(k) + " --observables \"" + OBSERVABLES + "\" --as one" + k), null);
            single.add(ws.dataset("one" + k));
        }
        assertJoined(all, files, single);
        // a comma list, out of order, is read in the order given
        List<Path> two = List.of(files.get(3), files.get(1));
        EventFileSet.Loaded listed = (EventFileSet.Loaded) events.run(
                args("load " + two.get(0) + "," + two.get(1) + " --observables \"" + OBSERVABLES + "\" --on local --as pair"), null);
        assertJoined(listed, two, List.of(single.get(3), single.get(1)));
    }

    @Test
    void aBadFileIsNamedAndTheOthersAreKept(@TempDir Path dir) throws Exception {
        List<Path> files = write(dir, 20, 7);
        EventFileSet.Loaded all = (EventFileSet.Loaded) events.run(args("load '" + dir + "/run_*' --observables \"" + OBSERVABLES + "\" --as runs"), null);
        assertThat(all.unreadable()).extracting(EventFileSet.Unreadable::file).containsExactly(files.get(7).toString());
        assertThat(all.unreadable().get(0).reason()).contains("run_007.lhe"); // the engine's message names file and line
        assertThat(all.toString()).contains("19 file(s)", "1 file(s) could not be read", "run_007.lhe");
        List<Path> good = new ArrayList<>(files);
        good.remove(7);
        List<Dataset> single = new ArrayList<>();
        for (Path f : good) single.add(((LoadedEvents) loadAlone(f)).events());
        assertJoined(all, good, single);
    }

    @Test
    void aGlobWithOneFileIsTodaysLoadAndErrorsNameWhatIsWrong(@TempDir Path dir) throws Exception {
        List<Path> files = write(dir, 3, -1);
        Object one = events.run(args("load '" + dir + "/run_001*' --as r1"), null);
        assertThat(one).isInstanceOf(EventFileSummary.class);
        assertThat(ws.get("r1.file")).isInstanceOf(LoadedEvents.class); // the particles, as for a path
        assertThat(((LoadedEvents) ws.get("r1.file")).file()).isEqualTo(files.get(1));
        // JJava splits the line itself and passes single quotes on; the extension hands its words through
        // MagicArguments.fromKernelLine, as here: the quotes are the user's, not the path's
        EventFileSet.Loaded quoted = (EventFileSet.Loaded) events.run(
                MagicArguments.fromKernelLine(List.of("load", "'" + dir + "/run_*'", "--as", "r")), null);
        assertThat(quoted.files()).hasSize(3);

        assertThatThrownBy(() -> events.run(args("load '" + dir + "/nothing_*.lhe' --as x"), null))
                .hasMessageContaining("'" + dir + "/nothing_*.lhe' matches no file");
        assertThatThrownBy(() -> events.run(args("load '" + dir + "/run_*' --on spark --as x"), null))
                .hasMessageContaining("hepml-spark module is not on the class path").hasMessageContaining("HEPML_SPARK=1");
        assertThatThrownBy(() -> events.run(args("load '" + dir + "/run_*' --on sprak --as x"), null))
                .hasMessageContaining("--on").hasMessageContaining("local");
        assertThatThrownBy(() -> events.run(args("load '" + dir + "/run_*' --limit 5 --as x"), null))
                .hasMessageContaining("--limit applies to one file").hasMessageContaining("3 files");
        assertThat(ws.contains("x")).isFalse();
    }

    private Object loadAlone(Path f) {
        Workspace other = new Workspace();
        new EventsMagic(other).run(args("load " + f + " --observables \"" + OBSERVABLES + "\" --as one"), null);
        return other.get("one.file");
    }

    /** The joined dataset is the single files' datasets end to end, exactly, with the files' boundaries in order. */
    static void assertJoined(EventFileSet.Loaded loaded, List<Path> files, List<Dataset> single) {
        Dataset joined = loaded.events();
        assertThat(loaded.files()).extracting(EventFileSet.FileInfo::file).containsExactlyElementsOf(files.stream().map(Path::toString).toList());
        assertThat(joined.columnNames()).isEqualTo(single.get(0).columnNames());
        assertThat(joined.columnNames()).contains("weight", "weight.rw0001", "x.pt_mu1", "x.m_mu1_mu2");
        assertThat(joined.size()).isEqualTo(single.stream().mapToInt(Dataset::size).sum());
        int at = 0;
        for (int k = 0; k < single.size(); k++) {
            Dataset one = single.get(k);
            EventFileSet.FileInfo info = loaded.files().get(k);
            assertThat(info.firstEvent()).isEqualTo(at);
            assertThat(info.events()).isEqualTo(one.size());
            for (String c : one.columnNames()) {
                double[] slice = Arrays.copyOfRange(joined.column(c), at, at + one.size());
                assertThat(slice).as(c + " of " + info.file()).isEqualTo(one.column(c));
                if (c.startsWith("weight")) assertThat(Arrays.stream(slice).sum()).isEqualTo(Arrays.stream(one.column(c)).sum());
            }
            at += one.size();
        }
    }

    /** {@code n} LHE files of 1..20 e+e- -> mu+mu- events with a reweighting weight, every other one gzipped; file {@code bad} cut in an event. */
    static List<Path> write(Path dir, int n, int bad) throws Exception {
        SplittableRandom rng = new SplittableRandom(19);
        List<Path> out = new ArrayList<>();
        for (int f = 0; f < n; f++) {
            Path p = dir.resolve(String.format("run_%03d.lhe%s", f, f % 2 == 0 ? ".gz" : ""));
            if (f == bad) {
                // a copy that stopped in the middle of an event
                p = dir.resolve(String.format("run_%03d.lhe", f));
                Files.writeString(p, "<LesHouchesEvents version=\"3.0\">\n<init>\n11 -11 45.6 45.6 0 0 0 0 3 1\n1500 3 1 1\n</init>\n"
                        + "<event>\n  4    1 1.0 91.2 0.0078 0.118\n       11 -1    0    0    0    0 0 0 45.6\n");
                out.add(p);
                continue;
            }
            try (LheWriter w = LheWriter.create(p)) {
                w.beams(11, -11, 45.6, 45.6).process(1, 1500.0 + f, 3.0, 1.0).weight("rw0001", "b = -0.5", "afb");
                int count = 1 + rng.nextInt(20);
                for (int i = 0; i < count; i++) {
                    double c = rng.nextDouble(-1, 1), s = Math.sqrt(1 - c * c), phi = rng.nextDouble(2 * Math.PI);
                    double px = 45.6 * s * Math.cos(phi), py = 45.6 * s * Math.sin(phi), pz = 45.6 * c;
                    w.event(1, rng.nextDouble(0.5, 1.5), 91.2, 0.0078, 0.118)
                            .particle(11, -1, 0, 0, 0, 0, 0, 0, 45.6, 45.6, 0)
                            .particle(-11, -1, 0, 0, 0, 0, 0, 0, -45.6, 45.6, 0)
                            .particle(13, 1, 1, 2, 0, 0, px, py, pz, 45.6, 0)
                            .particle(-13, 1, 1, 2, 0, 0, -px, -py, -pz, 45.6, 0)
                            .namedWeight("rw0001", rng.nextDouble(0.2, 2)).endEvent();
                }
            }
            out.add(p);
        }
        return out;
    }
}
