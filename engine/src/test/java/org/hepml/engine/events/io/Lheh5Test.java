package org.hepml.engine.events.io;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import org.hepml.engine.Cancelled;
import org.hepml.engine.HepmlException;
import org.hepml.engine.Progress;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.ParticleArrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * LHEH5 files (the grouped HDF5 layout of HPC event generators) load into what the same events give as an LHE file.
 * Each test writes its own small file with jHDF; the same events written with {@link LheWriter} are the reference.
 */
class Lheh5Test {
    @TempDir
    Path tmp;

    @AfterEach
    void reset() {
        Progress.Factory.reset();
        Thread.interrupted();
    }

    /** One parton-level event: u ubar -> Z -> mu- mu+ (+ a gluon in some), momenta from a seeded generator. */
    record Event(int pid, double[] weights, double scale, double aqed, double aqcd, long trials, List<double[]> particles) {
    }

    /** A particle row: id status mother1 mother2 color1 color2 px py pz e m lifetime spin. */
    static double[] particle(int id, int status, int mo1, int mo2, int c1, int c2, double px, double py, double pz, double e, double m) {
        return new double[]{id, status, mo1, mo2, c1, c2, px, py, pz, e, m, 0, 9};
    }

    static List<Event> events(int n, int nWeights, long seed) {
        Random r = new Random(seed);
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double x1 = 0.01 + 0.2 * r.nextDouble(), x2 = 0.01 + 0.2 * r.nextDouble();
            double pa = 6500 * x1, pb = 6500 * x2;
            double pt = 5 + 40 * r.nextDouble(), phi = 2 * Math.PI * r.nextDouble(), pz1 = 100 * (r.nextDouble() - 0.5);
            double px = pt * Math.cos(phi), py = pt * Math.sin(phi), pzz = pa - pb;
            double e1 = Math.hypot(pt, pz1), pz2 = pzz - pz1, e2 = Math.hypot(pt, pz2);
            List<double[]> ps = new ArrayList<>();
            ps.add(particle(2, -1, 0, 0, 501, 0, 0, 0, pa, pa, 0));
            ps.add(particle(-2, -1, 0, 0, 0, 501, 0, 0, -pb, pb, 0));
            ps.add(particle(23, 2, 1, 2, 0, 0, 0, 0, pzz, e1 + e2, Math.sqrt(Math.max(0, (e1 + e2) * (e1 + e2) - pzz * pzz))));
            ps.add(particle(13, 1, 3, 3, 0, 0, px, py, pz1, e1, 0));
            ps.add(particle(-13, 1, 3, 3, 0, 0, -px, -py, pz2, e2, 0));
            double[] w = new double[nWeights];
            for (int k = 0; k < nWeights; k++) w[k] = (r.nextDouble() < 0.2 ? -1 : 1) * (0.5 + r.nextDouble()) * (1 + 0.1 * k);
            out.add(new Event(i % 2 == 0 ? 1 : 2, w, 91.2 + r.nextDouble(), 0.0078, 0.118 + 0.001 * i, 1 + r.nextInt(5), ps));
        }
        return out;
    }

    /** The file's layout options: the version written (null: none), whether the particle rows are padded with id 0, and so on. */
    record Layout(int[] version, boolean indexed, int padding, String weightNamesAttribute, String[] weightNames) {
        static Layout v1() {
            return new Layout(new int[]{1, 0, 0}, false, 0, null, null);
        }
    }

    /** Writes events in the grouped LHEH5 layout; {@code more} may add to the file before it is closed. */
    static Path writeLheh5(Path f, List<Event> events, Layout layout, Consumer<WritableHdfFile> more) {
        int nw = events.get(0).weights().length;
        int np = 0;
        for (Event e : events) np += e.particles().size() + layout.padding();
        double[][] pcols = new double[13][np];
        long[] start = new long[events.size()], end = new long[events.size()];
        int[] nparticles = new int[events.size()], pid = new int[events.size()];
        long[] trials = new long[events.size()];
        double[] scale = new double[events.size()], aqed = new double[events.size()], aqcd = new double[events.size()];
        double[][] w2 = new double[events.size()][nw];
        double[] w1 = new double[events.size()];
        int at = 0;
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            start[i] = at;
            for (double[] p : e.particles()) {
                for (int k = 0; k < 13; k++) pcols[k][at] = p[k];
                at++;
            }
            at += layout.padding(); // rows of id 0 inside the event's range
            end[i] = at;
            nparticles[i] = (int) (end[i] - start[i]);
            pid[i] = e.pid();
            trials[i] = e.trials();
            scale[i] = e.scale();
            aqed[i] = e.aqed();
            aqcd[i] = e.aqcd();
            w2[i] = e.weights();
            w1[i] = e.weights()[0];
        }
        try (WritableHdfFile h = HdfFile.write(f)) {
            WritableGroup particle = h.putGroup("particle");
            String[] names = {"id", "status", "mother1", "mother2", "color1", "color2", "px", "py", "pz", "e", "m", "lifetime", "spin"};
            for (int k = 0; k < 13; k++) {
                if (k < 6) particle.putDataset(names[k], Arrays.stream(pcols[k]).mapToInt(v -> (int) v).toArray());
                else particle.putDataset(names[k], pcols[k]);
            }
            WritableGroup event = h.putGroup("event");
            if (layout.indexed()) {
                WritableGroup index = h.putGroup("index");
                index.putDataset("start", start);
                index.putDataset("end", end);
            } else {
                event.putDataset("start", start);
            }
            event.putDataset("nparticles", nparticles);
            event.putDataset("pid", pid);
            var weight = event.putDataset("weight", nw == 1 && layout.weightNames() == null ? w1 : w2);
            if (layout.weightNamesAttribute() != null) weight.putAttribute(layout.weightNamesAttribute(), layout.weightNames());
            event.putDataset("trials", trials);
            event.putDataset("scale", scale);
            event.putDataset("rscale", Arrays.stream(scale).map(s -> s / 2).toArray());
            event.putDataset("fscale", Arrays.stream(scale).map(s -> s * 2).toArray());
            event.putDataset("aqed", aqed);
            event.putDataset("aqcd", aqcd);
            WritableGroup init = h.putGroup("init");
            init.putDataset("beamA", new int[]{2212});
            init.putDataset("beamB", new int[]{2212});
            init.putDataset("energyA", new double[]{6500});
            init.putDataset("energyB", new double[]{6500});
            init.putDataset("PDFgroupA", new int[]{0});
            init.putDataset("PDFgroupB", new int[]{0});
            init.putDataset("PDFsetA", new int[]{303400});
            init.putDataset("PDFsetB", new int[]{303400});
            init.putDataset("weightingStrategy", new int[]{-4});
            init.putDataset("numProcesses", new int[]{2});
            if (layout.version() != null) init.putDataset("version", layout.version());
            WritableGroup procInfo = h.putGroup("procInfo");
            procInfo.putDataset("procId", new int[]{1, 2});
            procInfo.putDataset("npLO", new int[]{2, 2});
            procInfo.putDataset("npNLO", new int[]{3, 3});
            procInfo.putDataset("xSection", new double[]{1234.5, 67.25});
            procInfo.putDataset("error", new double[]{1.5, 0.25});
            procInfo.putDataset("unitWeight", new double[]{2.0, 1.0});
            if (more != null) more.accept(h);
        }
        return f;
    }

    static Path writeLhe(Path f, List<Event> events) {
        try (LheWriter w = LheWriter.create(f)) {
            w.beams(2212, 2212, 6500, 6500).pdf(0, 303400, 0, 303400).weightingStrategy(-4).process(1, 1234.5, 1.5, 2.0).process(2, 67.25, 0.25, 1.0);
            for (Event e : events) {
                w.event(e.pid(), e.weights()[0], e.scale(), e.aqed(), e.aqcd());
                for (double[] p : e.particles()) {
                    w.particle((int) p[0], (int) p[1], (int) p[2], (int) p[3], (int) p[4], (int) p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12]);
                }
                w.endEvent();
            }
        }
        return f;
    }

    private static final String OBSERVABLES = "m(mu1,mu2), pt(mu1), n(fs)";

    @Test
    void loadsAsTheSameEventsInAnLheFileDo() {
        List<Event> events = events(7, 1, 1);
        Path h5 = writeLheh5(tmp.resolve("zmumu.h5"), events, Layout.v1(), null);
        Path lhe = writeLhe(tmp.resolve("zmumu.lhe"), events);
        assertThat(EventFormat.detect(h5)).isEqualTo(EventFormat.LHEH5);

        LoadedEvents a = EventFiles.load(h5, LoadOptions.defaults().observables(OBSERVABLES));
        LoadedEvents b = EventFiles.load(lhe, LoadOptions.defaults().observables(OBSERVABLES));
        Dataset da = a.events(), db = b.events();
        assertThat(da.columnNames()).containsSubsequence("weight", "process_id", "scale", "alpha_qed", "alpha_s", "n_particles", "trials",
                "mu_r", "mu_f", "x.m_mu1_mu2", "x.pt_mu1", "x.n_fs");
        for (String c : db.columnNames()) assertThat(da.column(c)).as(c).containsExactly(db.column(c));
        assertThat(da.column("trials")).containsExactly(events.stream().mapToDouble(Event::trials).toArray());
        assertThat(da.column("mu_r")[0]).isEqualTo(events.get(0).scale() / 2);
        assertThat(da.column("x.n_fs")).containsOnly(2.0);
        assertSameParticles(a.particles(), b.particles());

        RunInfo run = a.runInfo();
        assertThat(run.format()).isEqualTo(EventFormat.LHEH5);
        assertThat(run.formatVersion()).isEqualTo("1.0.0");
        assertThat(run.beams()).isEqualTo(b.runInfo().beams());
        assertThat(run.weightingStrategy()).isEqualTo(-4);
        assertThat(run.processes()).containsExactly(new RunInfo.Process(1, 1234.5, 1.5, 2.0), new RunInfo.Process(2, 67.25, 0.25, 1.0));
        assertThat(run.weights()).isEmpty(); // one unnamed weight: the column weight only
        assertThat(da.metadata()).containsEntry("format", "LHEH5 (HDF5 event file) 1.0.0").containsEntry("cross_section_pb", "1301.75");
        assertThat(a.summary().toString()).contains("LHEH5 (HDF5 event file) version 1.0.0", "events      7", "process 2    sigma = 67.25");
    }

    static void assertSameParticles(ParticleArrays a, ParticleArrays b) {
        assertThat(a.offsets()).containsExactly(b.offsets());
        assertThat(a.pdg()).containsExactly(b.pdg());
        assertThat(a.status()).containsExactly(b.status());
        assertThat(a.mother1()).containsExactly(b.mother1());
        assertThat(a.mother2()).containsExactly(b.mother2());
        assertThat(a.color1()).containsExactly(b.color1());
        assertThat(a.color2()).containsExactly(b.color2());
        for (var col : List.<java.util.function.Function<ParticleArrays, double[]>>of(ParticleArrays::px, ParticleArrays::py, ParticleArrays::pz,
                ParticleArrays::e, ParticleArrays::m, ParticleArrays::lifetime, ParticleArrays::spin)) {
            assertThat(col.apply(a)).containsExactly(col.apply(b));
        }
    }

    /**
     * Several weights per event ([events, weights], version 1.0.0), named by a string attribute; a name with blanks keeps
     * them (the column drops them). Events are read in batches: a batch of 2 over 7 events, skipping 2 and keeping 4,
     * gives what the LHE file gives with the same skip and limit, also when the particles are not kept.
     */
    @Test
    void namedWeightsSkipLimitAndBatches() {
        List<Event> events = events(7, 3, 2);
        Path h5 = writeLheh5(tmp.resolve("w.h5"), events,
                new Layout(new int[]{1, 0, 0}, false, 0, "weight_names", new String[]{"NOMINAL", "MUR2 ", " MUR0.5"}), null);
        LoadOptions part = LoadOptions.defaults().skip(2).limit(4).observables(OBSERVABLES);
        LoadedEvents whole = EventFiles.load(h5, part);
        Dataset d = whole.events();
        assertThat(d.size()).isEqualTo(4);
        for (int k = 0; k < 3; k++) {
            final int w = k;
            double[] expected = events.subList(2, 6).stream().mapToDouble(e -> e.weights()[w]).toArray();
            assertThat(d.column(new String[]{"weight.NOMINAL", "weight.MUR2", "weight.MUR0.5"}[k])).containsExactly(expected);
        }
        assertThat(d.column("weight")).containsExactly(d.column("weight.NOMINAL"));
        assertThat(d.metadata()).containsEntry("skipped", "2").containsEntry("weight_name.weight.MUR2", "MUR2 ")
                .containsEntry("weight_name.weight.MUR0.5", " MUR0.5").doesNotContainKey("weight_name.weight.NOMINAL");
        assertThat(whole.summary().toJson()).contains("\"weight.MUR2\":{\"sum\":").contains("\"name\":\"MUR2 \"");

        Path lhe = writeLhe(tmp.resolve("w.lhe"), events);
        LoadedEvents ref = EventFiles.load(lhe, part);
        for (String c : ref.events().columnNames()) assertThat(d.column(c)).as(c).containsExactly(ref.events().column(c));
        assertSameParticles(whole.particles(), ref.particles());

        LoadedEvents batched = Lheh5Reader.read(h5, "w", part.keepParticles(false), null, Progress.NONE, 2);
        assertThat(batched.hasParticles()).isFalse();
        LoadedEvents batchedWithObservables = EventFiles.load(h5, part.keepParticles(false));
        for (String c : d.columnNames()) {
            assertThat(batchedWithObservables.events().column(c)).as(c).containsExactly(d.column(c));
            if (!c.startsWith("x.")) assertThat(batched.events().column(c)).as(c).containsExactly(d.column(c));
        }
        LoadedEvents batchedParticles = Lheh5Reader.read(h5, "w", part, null, Progress.NONE, 3);
        assertSameParticles(batchedParticles.particles(), whole.particles());
        assertThat(EventFiles.load(h5, LoadOptions.defaults().skip(10)).size()).isZero();
    }

    /** Version 0.1.0 points into the particles with index/start and index/end; rows of id 0 are padding and left out. */
    @Test
    void version010IndexGroupAndPadding() {
        List<Event> events = events(3, 1, 3);
        Path h5 = writeLheh5(tmp.resolve("old.h5"), events, new Layout(null, true, 2, null, null), null);
        LoadedEvents ev = EventFiles.load(h5);
        assertThat(ev.runInfo().formatVersion()).isEqualTo("0.1.0");
        assertThat(ev.events().column("n_particles")).containsOnly(5.0);
        assertSameParticles(ev.particles(), EventFiles.load(writeLhe(tmp.resolve("old.lhe"), events)).particles());
    }

    @Test
    void formatOptionForcesLheh5AndAFileWithoutItsGroupsIsNamedAsSuch() {
        Path full = writeLheh5(tmp.resolve("full.h5"), events(2, 1, 4), Layout.v1(), null);
        assertThat(EventFormat.detect(full)).isEqualTo(EventFormat.LHEH5);
        // without /init a file is not detected as LHEH5 ...
        Path bare = tmp.resolve("bare.h5");
        try (WritableHdfFile h = HdfFile.write(bare)) {
            h.putGroup("event").putDataset("weight", new double[]{1, 2});
            h.putGroup("particle").putDataset("id", new int[]{1, 2});
        }
        assertThat(EventFormat.detect(bare)).isEqualTo(EventFormat.HDF5);
        // ... and forced, says which group is missing
        assertThatThrownBy(() -> EventFiles.load(bare, LoadOptions.defaults().format(EventFormat.LHEH5))).isExactlyInstanceOf(HepmlException.class)
                .hasMessage(bare + ": no group '/init'; an LHEH5 file has the groups event, particle, init and procInfo at its root, each"
                        + " holding 1-D datasets ('/init' holds one value each: beamA, beamB, energyA, energyB, PDFgroupA/B, PDFsetA/B,"
                        + " weightingStrategy, numProcesses). Is it an LHEH5 file? A plain HDF5 table loads with --format hdf5.");
        Path nop = tmp.resolve("noprocinfo.h5");
        try (WritableHdfFile h = HdfFile.write(nop)) {
            h.putGroup("event").putDataset("weight", new double[]{1, 2});
            h.putGroup("particle").putDataset("id", new int[]{1, 2});
            h.putGroup("init").putDataset("beamA", new int[]{2212});
        }
        assertThat(EventFormat.detect(nop)).isEqualTo(EventFormat.LHEH5);
        assertThatThrownBy(() -> EventFiles.load(nop)).isExactlyInstanceOf(HepmlException.class)
                .hasMessageStartingWith(nop + ": no group '/procInfo'; an LHEH5 file has the groups event, particle, init and procInfo at its root");
    }

    /** Bad input names the file, the dataset and the event, and says what was expected. */
    @Test
    void badInputIsNamed() {
        List<Event> events = events(4, 1, 5);
        assertThat(EventFiles.load(writeWith(events, "fine.h5", "event", "nparticles", new int[]{5, 5, 5, 5})).size()).isEqualTo(4);
        Path past = writeWith(events, "past2.h5", "event", "nparticles", new int[]{5, 5, 5, 6});
        assertThatThrownBy(() -> EventFiles.load(past)).isExactlyInstanceOf(HepmlException.class)
                .hasMessage(past + ": event 4: '/event/start' = 15 and '/event/nparticles' = 6 point to the particle rows 15..20, but the"
                        + " '/particle' datasets have 20 rows; expected 0 <= start and start + nparticles <= 20.");
        Path negative = writeWith(events, "neg.h5", "event", "start", new long[]{0, 5, -1, 15});
        assertThatThrownBy(() -> EventFiles.load(negative)).isExactlyInstanceOf(HepmlException.class)
                .hasMessageStartingWith(negative + ": event 3: '/event/start' = -1");
        Path shortPz = writeWith(events, "short.h5", "particle", "pz", new double[19]);
        assertThatThrownBy(() -> EventFiles.load(shortPz)).isExactlyInstanceOf(HepmlException.class)
                .hasMessage(shortPz + ": dataset '/particle/pz' has 19 rows but '/particle/id' has 20; every dataset of '/particle' holds"
                        + " one row per particle.");
        Path shortScale = writeWith(events, "scale.h5", "event", "scale", new double[3]);
        assertThatThrownBy(() -> EventFiles.load(shortScale)).isExactlyInstanceOf(HepmlException.class)
                .hasMessageContaining("dataset '/event/scale' has 3 rows but").hasMessageContaining("one row per event");
        Path mothers = writeWith(events, "mothers.h5", "particle", "mother1", new int[]{0, 0, 1, 3, 3, 0, 0, 1, 9, 3, 0, 0, 1, 3, 3, 0, 0, 1, 3, 3});
        assertThatThrownBy(() -> EventFiles.load(mothers)).isExactlyInstanceOf(HepmlException.class)
                .hasMessageStartingWith(mothers + ": event 2: particle 4 (row 8 of '/particle/mother1' and '/particle/mother2') has the mothers 9 3;"
                        + " expected 1-based particle numbers within the event, 0..5");
        Path badCount = writeWith(events, "procs.h5", "init", "numProcesses", new int[]{3});
        assertThatThrownBy(() -> EventFiles.load(badCount)).isExactlyInstanceOf(HepmlException.class)
                .hasMessage(badCount + ": '/init/numProcesses' = 3 but the '/procInfo' datasets have 2 rows; expected one procInfo row per process.");
        Path names = writeLheh5(tmp.resolve("names.h5"), events(2, 2, 6),
                new Layout(new int[]{1, 0, 0}, false, 0, "names", new String[]{"a", "b", "c"}), null);
        assertThatThrownBy(() -> EventFiles.load(names)).isExactlyInstanceOf(HepmlException.class)
                .hasMessage(names + ": the attribute 'names' of '/event/weight' names 3 weights but the dataset has 2 weight column(s)"
                        + " (shape [2, 2]); expected one name per column.");
        Path clash = writeLheh5(tmp.resolve("clash.h5"), events(2, 2, 6),
                new Layout(new int[]{1, 0, 0}, false, 0, "names", new String[]{"a", "a "}), null);
        assertThatThrownBy(() -> EventFiles.load(clash)).isExactlyInstanceOf(HepmlException.class)
                .hasMessageStartingWith(clash + ": '/event/weight': the weight names \"a\" and \"a \" differ only");
    }

    /** The events of {@link #events} with one dataset replaced. */
    private Path writeWith(List<Event> events, String name, String group, String dataset, Object values) {
        Path f = tmp.resolve(name);
        // jHDF cannot replace a dataset, so the file is written with the group's dataset swapped in as it is built
        return writeLheh5Replacing(f, events, group, dataset, values);
    }

    static Path writeLheh5Replacing(Path f, List<Event> events, String group, String dataset, Object values) {
        Path plain = writeLheh5(f.resolveSibling("plain-" + f.getFileName()), events, Layout.v1(), null);
        try (HdfFile in = new HdfFile(plain); WritableHdfFile out = HdfFile.write(f)) {
            for (var g : in.getChildren().values()) {
                WritableGroup wg = out.putGroup(g.getName());
                for (var d : ((io.jhdf.api.Group) g).getChildren().values()) {
                    Object data = g.getName().equals(group) && d.getName().equals(dataset) ? values : ((io.jhdf.api.Dataset) d).getData();
                    wg.putDataset(d.getName(), data);
                }
            }
        }
        return f;
    }

    /** Progress counts the file's bytes by the share of the events read, batch by batch. */
    @Test
    void reportsProgressInBytesOfTheFile() {
        Path h5 = writeLheh5(tmp.resolve("p.h5"), events(5, 1, 8), Layout.v1(), null);
        long size = h5.toFile().length();
        List<String> batches = new ArrayList<>();
        Lheh5Reader.read(h5, "p", LoadOptions.defaults().skip(1), null, new Progress() {
            public void update(long done, String status) {
                batches.add(done + ": " + status);
            }

            public void finish(String status) {
            }
        }, 2);
        assertThat(batches).containsExactly(size / 2 + ": 2 events", size + ": 4 events");

        List<String> seen = new ArrayList<>();
        List<Progress.Task> tasks = new ArrayList<>();
        Progress.Factory.install(t -> {
            tasks.add(t);
            return new Progress() {
                public void update(long done, String status) {
                    assertThat(done).isBetween(0L, t.total());
                    seen.add(done + ": " + status);
                }

                public void finish(String status) {
                    seen.add("finished: " + status);
                }
            };
        });
        EventFiles.load(h5, LoadOptions.defaults().skip(1));
        assertThat(tasks).singleElement().satisfies(t -> assertThat(t.total()).isEqualTo(h5.toFile().length()));
        assertThat(seen).contains(h5.toFile().length() + ": 4 events", "finished: 4 events loaded");
    }

    @Test
    void interruptStopsLoadingAndReturnsNothing() {
        Path h5 = writeLheh5(tmp.resolve("i.h5"), events(3, 1, 7), Layout.v1(), null);
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> EventFiles.load(h5)).isInstanceOf(Cancelled.class).hasMessageContaining("was interrupted; nothing was stored");
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> EventFiles.load(h5, LoadOptions.defaults().format(EventFormat.LHEH5))).isInstanceOf(Cancelled.class);
        Thread.interrupted();
        assertThat(EventFiles.load(h5).size()).isEqualTo(3);
    }
}
