package org.hepml.engine.events.io;

import org.hepml.engine.events.Dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** (A copy of the spark module's test fixture of the same name: the modules share no test jar.) Many small LHE files of one "run" (e+e- -> mu+mu- with a reweighting weight), and the reference: each loaded alone. */
final class LheRuns {
    private LheRuns() {
    }

    /** {@code files} files of 1..20 events each, named run_000.lhe.gz ...; file {@code bad} (if >= 0) is cut in an event. */
    static List<Path> write(Path dir, int files, int bad) throws IOException {
        SplittableRandom rng = new SplittableRandom(19);
        List<Path> out = new ArrayList<>();
        for (int f = 0; f < files; f++) {
            Path p = dir.resolve(String.format("run_%03d.lhe%s", f, f % 2 == 0 ? ".gz" : ""));
            try (LheWriter w = LheWriter.create(p)) {
                w.beams(11, -11, 45.6, 45.6).process(1, 1500.0 + f, 3.0, 1.0).weight("rw0001", "b = -0.5", "afb");
                int events = 1 + rng.nextInt(20);
                for (int i = 0; i < events; i++) {
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
            if (f == bad) {
                // a file cut in the middle of an event, as a copy that stopped early leaves it
                Path plain = dir.resolve(String.format("run_%03d.lhe", f));
                Files.deleteIfExists(p);
                Files.writeString(plain, "<LesHouchesEvents version=\"3.0\">\n<init>\n11 -11 45.6 45.6 0 0 0 0 3 1\n1500 3 1 1\n</init>\n"
                        + "<event>\n  4    1 1.0 91.2 0.0078 0.118\n       11 -1    0    0    0    0 0 0 45.6\n");
                p = plain;
            }
            out.add(p);
        }
        return out;
    }

    /** The files' datasets loaded one by one, with the same observables. */
    static List<Dataset> oneByOne(List<Path> files, String observables) {
        List<Dataset> out = new ArrayList<>();
        for (Path f : files) out.add(EventFiles.load(f, EventFileSet.Reading.of(observables).options("one")).events());
        return out;
    }

    /**
     * The joined dataset is the files' datasets end to end: same columns in the same order, each file's event count
     * and weight sums (every weight column) exactly, every value bit for bit.
     */
    static void assertJoined(EventFileSet.Loaded loaded, List<Dataset> single) {
        Dataset joined = loaded.events();
        assertThat(loaded.files()).hasSize(single.size());
        assertThat(joined.columnNames()).isEqualTo(single.get(0).columnNames());
        int total = single.stream().mapToInt(Dataset::size).sum();
        assertThat(joined.size()).isEqualTo(total);
        for (int k = 0; k < single.size(); k++) {
            Dataset one = single.get(k);
            EventFileSet.FileInfo info = loaded.files().get(k);
            assertThat(info.events()).isEqualTo(one.size());
            for (String c : one.columnNames()) {
                double[] all = joined.column(c), part = one.column(c);
                double[] slice = java.util.Arrays.copyOfRange(all, info.firstEvent(), info.firstEvent() + info.events());
                assertThat(slice).as(c + " of " + info.file()).isEqualTo(part);
                if (c.startsWith("weight")) {
                    assertThat(java.util.Arrays.stream(slice).sum()).isEqualTo(java.util.Arrays.stream(part).sum());
                }
            }
        }
    }
}
