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

    // ---- the flat LHEH5 2.0 layout (Sherpa's HDF5 output, Pythia's LHAupH5v2, pylhe) ----

    /**
     * How a flat file is written: the attribute that names the columns of events (Sherpa: "events"; "properties": that
     * and "events", as pylhe writes them; null: none, so columns go by position), whether the other datasets name theirs, the
     * weight names (null: NOMINAL for one weight, w1, w2, ... for several), the particle rows per event (Sherpa pads every
     * event to the largest multiplicity with rows of id 0), the version, the trials of a closing event of weight 0, and
     * whether the columns are written in another order than the layout's (found by name).
     */
    record Flat(String eventsAttribute, boolean propertiesAttributes, String[] weightNames, int rowsPerEvent, int[] version,
                long closingTrials, boolean shuffled) {
        static Flat sherpa() {
            return new Flat("events", true, null, 7, new int[]{2, 0, 1}, 0, false);
        }
    }

    static final String[] EVENT_COLUMNS = {"pid", "nparticles", "start", "trials", "scale", "fscale", "rscale", "aqed", "aqcd"};
    static final String[] PARTICLE_COLUMNS = {"id", "status", "mother1", "mother2", "color1", "color2", "px", "py", "pz", "e", "m", "lifetime", "spin"};

    /** Writes events in the flat LHEH5 2.0 layout; {@code more} may add to the file before it is closed. */
    static Path writeFlat(Path f, List<Event> events, Flat o, Consumer<WritableHdfFile> more) {
        int nw = events.get(0).weights().length;
        String[] weightNames = o.weightNames();
        if (weightNames == null) {
            weightNames = new String[nw];
            for (int k = 0; k < nw; k++) weightNames[k] = nw == 1 ? "NOMINAL" : "w" + (k + 1);
        }
        List<double[]> rows = new ArrayList<>(), parts = new ArrayList<>();
        for (Event e : events) {
            double[] row = new double[EVENT_COLUMNS.length + nw];
            double[] head = {e.pid(), e.particles().size(), parts.size(), e.trials(), e.scale(), e.scale() * 2, e.scale() / 2, e.aqed(), e.aqcd()};
            System.arraycopy(head, 0, row, 0, head.length);
            System.arraycopy(e.weights(), 0, row, head.length, nw);
            rows.add(row);
            parts.addAll(e.particles());
            for (int k = e.particles().size(); k < o.rowsPerEvent(); k++) parts.add(new double[13]);
        }
        if (o.closingTrials() > 0) { // as Sherpa ends an unweighted run: the trials since the last event, weight 0, rows of padding
            double[] row = new double[EVENT_COLUMNS.length + nw];
            double[] head = {1, o.rowsPerEvent(), parts.size(), o.closingTrials(), -1, -1, -1, -1, -1};
            System.arraycopy(head, 0, row, 0, head.length);
            rows.add(row);
            for (int k = 0; k < o.rowsPerEvent(); k++) parts.add(new double[13]);
        }
        String[] eventNames = new String[EVENT_COLUMNS.length + nw];
        System.arraycopy(EVENT_COLUMNS, 0, eventNames, 0, EVENT_COLUMNS.length);
        System.arraycopy(weightNames, 0, eventNames, EVENT_COLUMNS.length, nw);
        String[] particleNames = PARTICLE_COLUMNS.clone();
        double[][] eventTable = rows.toArray(double[][]::new), particleTable = parts.toArray(double[][]::new);
        if (o.shuffled()) { // the weights first, the fields backwards; the particles backwards, with a column hepml does not read
            int[] order = new int[eventNames.length];
            for (int k = 0; k < nw; k++) order[k] = EVENT_COLUMNS.length + k;
            for (int k = 0; k < EVENT_COLUMNS.length; k++) order[nw + k] = EVENT_COLUMNS.length - 1 - k;
            eventNames = permute(eventNames, order);
            for (int i = 0; i < eventTable.length; i++) eventTable[i] = permute(eventTable[i], order);
            int[] back = new int[14];
            for (int k = 0; k < 13; k++) back[k] = 12 - k;
            back[13] = -1;
            particleNames = permute(particleNames, back);
            particleNames[13] = "helicity";
            for (int i = 0; i < particleTable.length; i++) particleTable[i] = permute(particleTable[i], back);
        }
        try (WritableHdfFile h = HdfFile.write(f)) {
            if (o.version() != null) h.putDataset("version", o.version());
            var init = h.putDataset("init", new double[]{2212, 2212, 6500, 6500, 0, 0, 303400, 303400, -4, 2});
            var procInfo = h.putDataset("procInfo", new double[][]{{1, 2, -1, 1234.5, 1.5, 2.0}, {2, 2, -1, 67.25, 0.25, 1.0}});
            var ev = h.putDataset("events", eventTable);
            if (o.eventsAttribute() != null) ev.putAttribute(o.eventsAttribute(), eventNames);
            if ("properties".equals(o.eventsAttribute())) ev.putAttribute("events", eventNames); // as pylhe names them twice
            var particles = h.putDataset("particles", particleTable);
            if (o.propertiesAttributes()) {
                init.putAttribute("properties", new String[]{"beamA", "beamB", "energyA", "energyB", "PDFgroupA", "PDFgroupB", "PDFsetA", "PDFsetB",
                        "weightingStrategy", "numProcesses"});
                procInfo.putAttribute("properties", new String[]{"procId", "npLO", "npNLO", "xSection", "error", "unitWeight"});
                particles.putAttribute("properties", particleNames);
            }
            if (more != null) more.accept(h);
        }
        return f;
    }

    private static String[] permute(String[] a, int[] order) {
        String[] out = new String[order.length];
        for (int k = 0; k < order.length; k++) out[k] = order[k] < 0 ? "" : a[order[k]];
        return out;
    }

    private static double[] permute(double[] a, int[] order) {
        double[] out = new double[order.length];
        for (int k = 0; k < order.length; k++) out[k] = order[k] < 0 ? 7 : a[order[k]];
        return out;
    }

    /**
     * A file as Sherpa writes it (every event padded to 7 particle rows with rows of id 0, column names in the attribute
     * 'events' of events and 'properties' of the others, version 2.0.1) loads into what the LHE file and the grouped
     * layout of the same events give.
     */
    @Test
    void flatLayoutLoadsAsTheSameEventsInAnLheFileDo() {
        List<Event> events = events(7, 1, 11);
        Path flat = writeFlat(tmp.resolve("sherpa.hdf5"), events, Flat.sherpa(), null);
        Path lhe = writeLhe(tmp.resolve("sherpa.lhe"), events);
        Path grouped = writeLheh5(tmp.resolve("grouped.h5"), events, Layout.v1(), null);
        assertThat(EventFormat.detect(flat)).isEqualTo(EventFormat.LHEH5);

        LoadedEvents a = EventFiles.load(flat, LoadOptions.defaults().observables(OBSERVABLES));
        LoadedEvents b = EventFiles.load(lhe, LoadOptions.defaults().observables(OBSERVABLES));
        LoadedEvents c = EventFiles.load(grouped, LoadOptions.defaults().observables(OBSERVABLES));
        Dataset da = a.events();
        assertThat(da.columnNames()).containsSubsequence("weight", "process_id", "scale", "alpha_qed", "alpha_s", "n_particles", "weight.NOMINAL",
                "trials", "mu_r", "mu_f", "x.m_mu1_mu2", "x.pt_mu1", "x.n_fs");
        for (String col : b.events().columnNames()) assertThat(da.column(col)).as(col).containsExactly(b.events().column(col));
        for (String col : c.events().columnNames()) assertThat(da.column(col)).as(col).containsExactly(c.events().column(col));
        assertThat(da.column("weight.NOMINAL")).containsExactly(da.column("weight"));
        assertThat(da.column("n_particles")).containsOnly(5.0);
        assertSameParticles(a.particles(), b.particles());

        RunInfo run = a.runInfo();
        assertThat(run.format()).isEqualTo(EventFormat.LHEH5);
        assertThat(run.formatVersion()).isEqualTo("2.0.1");
        assertThat(run.beams()).isEqualTo(b.runInfo().beams());
        assertThat(run.weightingStrategy()).isEqualTo(-4);
        assertThat(run.processes()).containsExactly(new RunInfo.Process(1, 1234.5, 1.5, 2.0), new RunInfo.Process(2, 67.25, 0.25, 1.0));
        assertThat(run.weights()).containsOnlyKeys("NOMINAL");
        assertThat(da.metadata()).containsEntry("format", "LHEH5 (HDF5 event file) 2.0.1").containsEntry("cross_section_pb", "1301.75")
                .doesNotContainKey("not_read");
        assertThat(a.summary().toString()).contains("LHEH5 (HDF5 event file) version 2.0.1", "events      7", "process 2    sigma = 67.25");
    }

    /**
     * Columns go by name (here in another order than the layout's, with a particle column hepml does not read), several
     * named weights keep their names exactly; skip, limit and batches give what the LHE file gives, also without particles.
     */
    @Test
    void flatNamedWeightsColumnsByNameSkipLimitAndBatches() {
        List<Event> events = events(7, 3, 12);
        Path h5 = writeFlat(tmp.resolve("pylhe.h5"), events,
                new Flat("properties", true, new String[]{"NOMINAL", "MUR2 ", " MUR0.5"}, 5, new int[]{2, 0, 1}, 0, true), null);
        LoadOptions part = LoadOptions.defaults().skip(2).limit(4).observables(OBSERVABLES);
        LoadedEvents whole = EventFiles.load(h5, part);
        Dataset d = whole.events();
        assertThat(d.size()).isEqualTo(4);
        for (int k = 0; k < 3; k++) {
            final int w = k;
            assertThat(d.column(new String[]{"weight.NOMINAL", "weight.MUR2", "weight.MUR0.5"}[k]))
                    .containsExactly(events.subList(2, 6).stream().mapToDouble(e -> e.weights()[w]).toArray());
        }
        assertThat(d.column("weight")).containsExactly(d.column("weight.NOMINAL"));
        assertThat(d.metadata()).containsEntry("skipped", "2").containsEntry("weight_name.weight.MUR2", "MUR2 ")
                .containsEntry("weight_name.weight.MUR0.5", " MUR0.5");

        LoadedEvents ref = EventFiles.load(writeLhe(tmp.resolve("pylhe.lhe"), events), part);
        for (String c : ref.events().columnNames()) assertThat(d.column(c)).as(c).containsExactly(ref.events().column(c));
        assertSameParticles(whole.particles(), ref.particles());

        LoadedEvents batched = Lheh5Reader.read(h5, "w", part.keepParticles(false), null, Progress.NONE, 2);
        assertThat(batched.hasParticles()).isFalse();
        for (String c : d.columnNames()) if (!c.startsWith("x.")) assertThat(batched.events().column(c)).as(c).containsExactly(d.column(c));
        assertSameParticles(Lheh5Reader.read(h5, "w", part, null, Progress.NONE, 3).particles(), whole.particles());
        assertThat(EventFiles.load(h5, LoadOptions.defaults().skip(10)).size()).isZero();
    }

    /**
     * Without column names the columns go by position, as Pythia's reader takes them: nine event fields, then the weights
     * (w1, w2). Version 2.0.0 gives unitWeight in GeV^-2, read in pb. Sherpa's closing event of weight 0 carries trials
     * only and loads without particles; the NLO subtraction terms (ctevents, ctparticles) are named as not read.
     */
    @Test
    void flatByPositionVersion200ClosingTrialsAndSubtractionTerms() {
        List<Event> events = events(3, 2, 13);
        Path h5 = writeFlat(tmp.resolve("positional.hdf5"), events, new Flat(null, false, null, 6, new int[]{2, 0, 0}, 17, false), h -> {
            h.putDataset("ctevents", new double[4][9]);
            h.putDataset("ctparticles", new double[24][4]);
        });
        assertThat(EventFormat.detect(h5)).isEqualTo(EventFormat.LHEH5);
        LoadedEvents ev = EventFiles.load(h5);
        Dataset d = ev.events();
        assertThat(d.size()).isEqualTo(4);
        assertThat(d.column("weight.w2")).containsExactly(events.get(0).weights()[1], events.get(1).weights()[1], events.get(2).weights()[1], 0);
        assertThat(d.column("weight")).endsWith(0.0);
        assertThat(d.column("n_particles")).containsExactly(5, 5, 5, 0);
        assertThat(d.column("trials")).containsExactly(events.get(0).trials(), events.get(1).trials(), events.get(2).trials(), 17);
        assertThat(ev.particles().offsets()).containsExactly(0, 5, 10, 15, 15);
        assertSameParticles(EventFiles.load(h5, LoadOptions.defaults().limit(3)).particles(),
                EventFiles.load(writeLhe(tmp.resolve("positional.lhe"), events)).particles());
        assertThat(ev.runInfo().formatVersion()).isEqualTo("2.0.0");
        assertThat(ev.runInfo().processes()).extracting(RunInfo.Process::maxWeight)
                .containsExactly(2.0 * Lheh5FlatReader.PICOBARN, 1.0 * Lheh5FlatReader.PICOBARN);
        assertThat(d.metadata()).containsEntry("not_read", "ctevents, ctparticles (NLO subtraction terms)");
    }

    /** Bad input in the flat layout names the file, the dataset (and column), the event, and what was expected. */
    @Test
    void flatBadInputIsNamed() {
        List<Event> events = events(4, 1, 14);
        Path past = writeFlatWith(events, "past.h5", 3, 1, 6);
        assertThatThrownBy(() -> EventFiles.load(past)).isExactlyInstanceOf(HepmlException.class)
                .hasMessage(past + ": event 4: '/events' start = 15 and nparticles = 6 point to the particle rows 15..20, but '/particles' has 20"
                        + " rows; expected 0 <= start and start + nparticles <= 20.");
        Path half = writeFlatWith(events, "half.h5", 2, 2, 10.5);
        assertThatThrownBy(() -> EventFiles.load(half)).isExactlyInstanceOf(HepmlException.class)
                .hasMessage(half + ": event 3: '/events' start = 10.5; expected an integer.");
        Path mothers = writeFlat(tmp.resolve("mothers.h5"), events(2, 1, 14).stream()
                .map(e -> new Event(e.pid(), e.weights(), e.scale(), e.aqed(), e.aqcd(), e.trials(), List.of(e.particles().get(0), e.particles().get(1),
                        e.particles().get(2), particle(13, 1, 9, 3, 0, 0, 1, 2, 3, 4, 0), e.particles().get(4)))).toList(), Flat.sherpa(), null);
        assertThatThrownBy(() -> EventFiles.load(mothers)).isExactlyInstanceOf(HepmlException.class)
                .hasMessage(mothers + ": event 1: particle 4 (row 3 of '/particles', columns mother1 and mother2) has the mothers 9 3; expected"
                        + " 1-based particle numbers within the event, 0..5 (0 = none).");

        Path names = tmp.resolve("names.h5");
        try (WritableHdfFile h = HdfFile.write(names)) {
            h.putDataset("init", new double[10]);
            h.putDataset("events", new double[2][10]).putAttribute("properties", new String[]{"pid", "nparticles", "start"});
            h.putDataset("particles", new double[2][13]);
        }
        assertThat(EventFormat.detect(names)).isEqualTo(EventFormat.LHEH5);
        assertThatThrownBy(() -> EventFiles.load(names)).isExactlyInstanceOf(HepmlException.class)
                .hasMessage(names + ": the attribute 'properties' of '/events' names 3 columns but the dataset has 10 (shape [2, 10]); expected one"
                        + " name per column.");
        Path noStart = tmp.resolve("nostart.h5");
        try (WritableHdfFile h = HdfFile.write(noStart)) {
            h.putDataset("init", new double[10]);
            h.putDataset("events", new double[2][3]).putAttribute("events", new String[]{"pid", "nparticles", "NOMINAL"});
            h.putDataset("particles", new double[2][13]);
        }
        assertThatThrownBy(() -> EventFiles.load(noStart)).isExactlyInstanceOf(HepmlException.class)
                .hasMessage(noStart + ": '/events' has no column 'start' (the row of the event's first particle, one row per event); its attribute"
                        + " 'events' names pid, nparticles, NOMINAL.");
        Path noProcInfo = tmp.resolve("noprocinfo.h5");
        try (WritableHdfFile h = HdfFile.write(noProcInfo)) {
            h.putDataset("init", new double[10]);
            h.putDataset("events", new double[2][10]);
            h.putDataset("particles", new double[2][13]);
        }
        assertThatThrownBy(() -> EventFiles.load(noProcInfo)).isExactlyInstanceOf(HepmlException.class)
                .hasMessage(noProcInfo + ": no dataset '/procInfo' (one row per process: procId, npLO, npNLO, xSection, error, unitWeight); an LHEH5"
                        + " 2.0 file has at its root the 2-D datasets events (one row per event) and particles (one row per particle), each naming its"
                        + " columns in a 'properties' attribute, with init, procInfo and version.");
        // events of one dimension: not detected, and forced, the shape is named
        Path flat1d = tmp.resolve("flat1d.h5");
        try (WritableHdfFile h = HdfFile.write(flat1d)) {
            h.putDataset("init", new double[10]);
            h.putDataset("events", new double[10]);
            h.putDataset("particles", new double[2][13]);
        }
        assertThat(EventFormat.detect(flat1d)).isEqualTo(EventFormat.HDF5);
        assertThatThrownBy(() -> EventFiles.load(flat1d, LoadOptions.defaults().format(EventFormat.LHEH5))).isExactlyInstanceOf(HepmlException.class)
                .hasMessage(flat1d + ": dataset '/events' has the shape [10]; expected [events, columns], one row per event (pid, nparticles, start,"
                        + " trials, scale, fscale, rscale, aqed, aqcd, then the weights).");
        Path count = tmp.resolve("count.h5");
        try (WritableHdfFile h = HdfFile.write(count)) {
            h.putDataset("init", new double[]{2212, 2212, 6500, 6500, 0, 0, 0, 0, -4, 3});
            h.putDataset("procInfo", new double[][]{{1, 2, -1, 1, 0.1, 1}, {2, 2, -1, 1, 0.1, 1}});
            h.putDataset("events", new double[1][10]);
            h.putDataset("particles", new double[1][13]);
        }
        assertThatThrownBy(() -> EventFiles.load(count)).isExactlyInstanceOf(HepmlException.class)
                .hasMessage(count + ": '/init' numProcesses = 3 but '/procInfo' has 2 rows; expected one procInfo row per process.");
        Path clash = writeFlat(tmp.resolve("clash.h5"), events(2, 2, 15), new Flat("events", true, new String[]{"a", "a "}, 5, null, 0, false), null);
        assertThatThrownBy(() -> EventFiles.load(clash)).isExactlyInstanceOf(HepmlException.class)
                .hasMessageStartingWith(clash + ": '/events': the weight names \"a\" and \"a \" differ only");
        Path twice = writeFlat(tmp.resolve("twice.h5"), events(2, 2, 15), new Flat("events", true, new String[]{"a", "a"}, 5, null, 0, false), null);
        assertThatThrownBy(() -> EventFiles.load(twice)).isExactlyInstanceOf(HepmlException.class)
                .hasMessage(twice + ": the attribute 'events' of '/events' names the columns 10 and 11 both \"a\"; expected each name once.");
    }

    /** The events of {@link #events} in a Sherpa-like flat file (5 rows per event), one value of the events table replaced. */
    private Path writeFlatWith(List<Event> events, String name, int row, int column, double value) {
        Path plain = writeFlat(tmp.resolve("plain-" + name), events, new Flat("events", true, null, 5, new int[]{2, 0, 1}, 0, false), null);
        Path f = tmp.resolve(name);
        try (HdfFile in = new HdfFile(plain); WritableHdfFile out = HdfFile.write(f)) {
            for (var n : in.getChildren().values()) {
                var d = (io.jhdf.api.Dataset) n;
                Object data = d.getData();
                if (n.getName().equals("events")) ((double[][]) data)[row][column] = value;
                var w = out.putDataset(n.getName(), data);
                for (var a : d.getAttributes().values()) w.putAttribute(a.getName(), a.getData());
            }
        }
        return f;
    }

    @Test
    void flatLayoutReportsProgressAndStopsOnInterrupt() {
        Path h5 = writeFlat(tmp.resolve("p.hdf5"), events(5, 1, 16), Flat.sherpa(), null);
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
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> EventFiles.load(h5)).isInstanceOf(Cancelled.class).hasMessageContaining("was interrupted; nothing was stored");
        Thread.interrupted();
        assertThat(EventFiles.load(h5).size()).isEqualTo(5);
    }
}
