package org.hepml.engine.events.io;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import org.hepml.engine.Cancelled;
import org.hepml.engine.HepmlException;
import org.hepml.engine.Progress;
import org.hepml.engine.events.ParticleArrays;
import org.hepml.engine.events.observables.Observables;

import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads LHEH5: Les Houches events in HDF5 as HPC event generators write them (Hoeche, Prestel, Schulz,
 * arXiv:1905.05120; Bothmann et al., arXiv:2309.13154), the grouped layout that Pythia 8's {@code LHAupH5}
 * ({@code LHAHDF5.h}, versions 0.1.0 to 1.0.0) reads. The root holds groups of 1-D datasets, one dataset per LHE field:
 * <ul>
 * <li>{@code particle}, one row per particle: {@code id status mother1 mother2 color1 color2 px py pz e m lifetime spin}
 *     (LHE IDUP ... SPINUP);
 * <li>{@code event}, one row per event: {@code start} (its first particle row), {@code nparticles}, {@code pid},
 *     {@code weight} (1-D, or from version 1.0.0 2-D [events, weights], the names in a string attribute),
 *     {@code trials}, {@code scale}, {@code rscale}, {@code fscale}, {@code aqed}, {@code aqcd};
 * <li>{@code index}, version 0.1.0 only: {@code start} and {@code end} (one past the last particle) per event;
 * <li>{@code init}, one value each: {@code beamA beamB energyA energyB PDFgroupA PDFgroupB PDFsetA PDFsetB
 *     weightingStrategy numProcesses}, and {@code version} [X, Y, Z] where the writer gives it;
 * <li>{@code procInfo}, one row per process: {@code procId npLO npNLO xSection error unitWeight} (pb).
 * </ul>
 * The result is what the same events in an LHE file give ({@link LheReader}): the columns {@code weight},
 * {@code weight.<name>} (when the file has several weights or names them), {@code process_id}, {@code scale},
 * {@code alpha_qed}, {@code alpha_s}, {@code n_particles}, and where the file has them {@code trials} (the generator's
 * attempts for the event), {@code mu_r} and {@code mu_f} (renormalisation and factorisation scales); the particles;
 * and the run (beams, PDF sets, weighting strategy, processes with cross sections). Particles with PDG id 0 are
 * padding, as Pythia's reader treats them, and are left out ({@code n_particles} counts those kept). Events are
 * read in batches of {@link #BATCH}, so memory holds one batch besides the result.
 *
 * <p>The LHEH5 2.0 layout (flat 2-D datasets {@code events} and {@code particles}, as Sherpa writes it and Pythia's
 * {@code LHAHDF5v2} reads it) is read by {@link Lheh5FlatReader} into the same result; both layouts go through
 * {@link #load}, which turns the events of a {@link Lheh5Layout} into columns and particles.
 */
final class Lheh5Reader implements Lheh5Layout {
    static final int BATCH = 1 << 15;
    private static final String LAYOUT = "an LHEH5 file has the groups event, particle, init and procInfo at its root,"
            + " each holding 1-D datasets";
    /** The particle fields in the order {@link Lheh5Layout#particleRows} gives them: the nine every layout must have, then four optional. */
    static final String[] PARTICLE_FIELDS = {"id", "status", "mother1", "mother2", "px", "py", "pz", "e", "m", "color1", "color2", "lifetime", "spin"};
    static final String[] PARTICLE_MEANING = {"PDG id", "status", "first mother", "second mother", "px", "py", "pz", "energy", "mass"};
    static final int REQUIRED_PARTICLE_FIELDS = 9;

    private final Path file;
    private final HdfFile h5;

    /** Whether an HDF5 file is LHEH5: the groups event, particle and init, or the flat 2.0 layout; false for anything unreadable. */
    static boolean isLheh5(Path file) {
        try (HdfFile h = new HdfFile(file)) {
            Map<String, Node> root = h.getChildren();
            return root.get("event") instanceof Group && root.get("particle") instanceof Group && root.get("init") instanceof Group
                    || Lheh5FlatReader.isFlat(root);
        } catch (RuntimeException e) {
            Cancelled.check("Reading " + file.getFileName()); // a kernel interrupt closes the file channel: not a format question
            return false;
        }
    }

    static LoadedEvents read(Path file, String name, LoadOptions options, Observables observables, Progress progress) {
        return read(file, name, options, observables, progress, BATCH);
    }

    /**
     * As {@link #read(Path, String, LoadOptions, Observables, Progress)}, {@code batch} events at a time. A file whose root
     * has the dataset events or particles and no group event is read in the flat 2.0 layout, any other in the grouped one.
     */
    static LoadedEvents read(Path file, String name, LoadOptions options, Observables observables, Progress progress, int batch) {
        String layout = LAYOUT;
        try (HdfFile h = new HdfFile(file)) {
            Map<String, Node> root = h.getChildren();
            boolean flat = !(root.get("event") instanceof Group) && (root.get("events") instanceof Dataset || root.get("particles") instanceof Dataset);
            if (flat) layout = Lheh5FlatReader.LAYOUT;
            return load(file, flat ? new Lheh5FlatReader(file, h) : new Lheh5Reader(file, h), name, options, observables, progress, batch);
        } catch (HepmlException e) {
            throw e;
        } catch (RuntimeException e) {
            Cancelled.check("Loading " + file.getFileName()); // an interrupt surfaces as a closed file channel
            throw new HepmlException(file + ": cannot read it as LHEH5 (" + e.getMessage() + "); " + layout + ".", e);
        }
    }

    /** The datasets of one group that hepml reads: 1-D (the event weights may be 2-D), all with one row per item. */
    private final class Rows {
        final String path, item;
        final Group group;
        long rows = -1;
        String first;

        /** @param holds what the group holds, for the error when it is missing */
        Rows(String name, String item, String holds) {
            this.path = "/" + name;
            this.item = item;
            Node n = h5.getChildren().get(name);
            if (!(n instanceof Group g)) {
                throw new HepmlException(file + ": " + (n == null ? "no group '" + path + "'" : "'" + path + "' is a dataset, not a group")
                        + "; " + LAYOUT + " ('" + path + "' holds " + holds + "). Is it an LHEH5 file? A plain HDF5 table loads with"
                        + " --format hdf5.");
            }
            this.group = g;
        }

        Dataset required(String name, String meaning) {
            Dataset d = optional(name);
            if (d == null) {
                throw new HepmlException(file + ": no dataset '" + path + "/" + name + "' (" + meaning + ", one row per " + item
                        + "); " + LAYOUT + ".");
            }
            return d;
        }

        Dataset optional(String name) {
            Node n = group.getChildren().get(name);
            if (n == null) return null;
            String at = path + "/" + name;
            if (!(n instanceof Dataset d) || d.isCompound() || d.isVariableLength() || !isNumeric(d)) {
                throw new HepmlException(file + ": '" + at + "' is not a dataset of numbers; " + LAYOUT + ".");
            }
            int[] dims = d.getDimensions();
            boolean weights = name.equals("weight") && path.equals("/event");
            if (d.isScalar() || dims.length == 0 || dims.length > (weights ? 2 : 1)) {
                throw new HepmlException(file + ": dataset '" + at + "' has the shape " + shape(d) + "; expected "
                        + (weights ? "[events] or [events, weights]" : "one row per " + item + " (1-D)") + ".");
            }
            if (rows < 0) {
                rows = dims[0];
                first = at;
            } else if (dims[0] != rows) {
                throw new HepmlException(file + ": dataset '" + at + "' has " + dims[0] + " rows but '" + first + "' has " + rows
                        + "; every dataset of '" + path + "' holds one row per " + item + ".");
            }
            return d;
        }
    }

    // the grouped layout: datasets of the groups event, particle (and index in 0.1.0), checked when the file is opened
    private final boolean indexed;
    private final Rows event, particle;
    private final Dataset start, end, nparticles, weight, pid, scale, aqed, aqcd, trials, rscale, fscale;
    private final Dataset[] p = new Dataset[PARTICLE_FIELDS.length];
    private final RunInfo.Builder run;
    private final int nWeights;
    private final List<String> weightNames;

    private Lheh5Reader(Path file, HdfFile h5) {
        this.file = file;
        this.h5 = h5;
        event = new Rows("event", "event", "one row per event: start, nparticles, pid, weight, scale, aqed, aqcd, ...");
        particle = new Rows("particle", "particle", "one row per particle: id, status, mother1, mother2, color1, color2, px, py, pz, e, m, ...");
        Rows init = new Rows("init", "run", "one value each: beamA, beamB, energyA, energyB, PDFgroupA/B, PDFsetA/B, weightingStrategy, numProcesses");
        Rows procInfo = new Rows("procInfo", "process", "one row per process: procId, xSection, error, unitWeight, ...");
        // version 0.1.0 points into the particles with index/start and index/end; later versions with event/start and event/nparticles
        indexed = h5.getChildren().get("index") instanceof Group;
        Rows index = indexed ? new Rows("index", "event", "start and end, one row per event") : null;

        start = indexed ? index.required("start", "the row of the event's first particle") : event.required("start", "the row of the event's first particle");
        end = indexed ? index.required("end", "one past the row of the event's last particle") : null;
        nparticles = indexed ? event.optional("nparticles") : event.required("nparticles", "the number of particles of the event");
        weight = event.required("weight", "the event weight");
        pid = event.optional("pid");
        scale = event.optional("scale");
        aqed = event.optional("aqed");
        aqcd = event.optional("aqcd");
        trials = event.optional("trials");
        rscale = event.optional("rscale");
        fscale = event.optional("fscale");
        if (indexed && index.rows != event.rows) {
            throw new HepmlException(file + ": '" + index.first + "' has " + index.rows + " rows but '" + event.first + "' has " + event.rows
                    + "; both groups hold one row per event.");
        }

        for (int k = 0; k < REQUIRED_PARTICLE_FIELDS; k++) p[k] = particle.required(PARTICLE_FIELDS[k], "the particle's " + PARTICLE_MEANING[k]);
        for (int k = REQUIRED_PARTICLE_FIELDS; k < p.length; k++) p[k] = particle.optional(PARTICLE_FIELDS[k]);

        run = runInfo(init, procInfo, indexed);
        nWeights = weight.getDimensions().length == 2 ? weight.getDimensions()[1] : 1;
        if (nWeights < 1) throw new HepmlException(file + ": dataset '/event/weight' has the shape " + shape(weight) + "; expected at least one weight per event.");
        weightNames = weightNames(weight, nWeights);
    }

    @Override
    public RunInfo.Builder run() {
        return run;
    }

    @Override
    public long events() {
        return Math.max(0, event.rows);
    }

    @Override
    public long particleRows() {
        return Math.max(0, particle.rows);
    }

    @Override
    public List<String> weightNames() {
        return weightNames;
    }

    @Override
    public String weightsAt() {
        return "'/event/weight'";
    }

    @Override
    public boolean hasTrials() {
        return trials != null;
    }

    @Override
    public boolean hasRenormalisationScale() {
        return rscale != null;
    }

    @Override
    public boolean hasFactorisationScale() {
        return fscale != null;
    }

    @Override
    public Lheh5Layout.EventRows eventRows(long b, int n) {
        double[] starts = slice(start, b, n);
        double[] counts = new double[n];
        if (indexed) {
            double[] ends = slice(end, b, n);
            double[] declared = nparticles == null ? null : slice(nparticles, b, n);
            for (int i = 0; i < n; i++) {
                counts[i] = ends[i] - starts[i];
                if (declared != null && declared[i] != counts[i]) {
                    throw atEvent(file, b + i, "'/event/nparticles' = " + g(declared[i]) + " but '/index/start' = " + g(starts[i])
                            + " and '/index/end' = " + g(ends[i]) + " hold " + g(counts[i]) + " particles; expected nparticles = end - start");
                }
            }
        } else {
            counts = slice(nparticles, b, n);
        }
        return new Lheh5Layout.EventRows(starts, counts, weights(weight, b, n, nWeights), slice(pid, b, n), slice(scale, b, n), slice(aqed, b, n),
                slice(aqcd, b, n), slice(trials, b, n), slice(rscale, b, n), slice(fscale, b, n));
    }

    @Override
    public double[][] particleRows(long from, int n) {
        double[][] pv = new double[p.length][];
        for (int k = 0; k < p.length; k++) pv[k] = p[k] == null ? null : n == 0 ? new double[0] : slice(p[k], from, n);
        return pv;
    }

    @Override
    public String startAt() {
        return indexed ? "'/index/start'" : "'/event/start'";
    }

    @Override
    public String countAt() {
        return indexed ? "'/index/end'" : "'/event/nparticles'";
    }

    @Override
    public String outOfRange(long s, long c, long rows) {
        return (indexed ? "'/index/start' = " + s + " and '/index/end' = " + (s + c) : "'/event/start' = " + s + " and '/event/nparticles' = " + c)
                + " point to the particle rows " + s + ".." + (s + c - 1) + ", but the '/particle' datasets have " + rows + " rows; expected "
                + (indexed ? "0 <= start <= end <= " : "0 <= start and start + nparticles <= ") + rows;
    }

    @Override
    public String particleAt(int field) {
        return "'/particle/" + PARTICLE_FIELDS[field] + "'";
    }

    @Override
    public String mothersAt(long row) {
        return "row " + row + " of '/particle/mother1' and '/particle/mother2'";
    }

    /**
     * The events of a layout as hepml holds them: skip and limit applied, read in batches of {@code batch} events (the
     * particle rows a batch points to read at once), particles with id 0 left out as padding, progress in bytes of the
     * file by the share of events read, and an interrupt checked between batches.
     */
    static LoadedEvents load(Path file, Lheh5Layout layout, String name, LoadOptions options, Observables observables, Progress progress, int batch) {
        RunInfo.Builder run = layout.run();
        List<String> weightNames = layout.weightNames();
        EventSink sink = new EventSink(file, options.skip(0), observables, progress, null); // skipped events are never read
        DoubleGrowable wCol = sink.columns.column("weight"), pidCol = sink.columns.column("process_id"), scaleCol = sink.columns.column("scale"),
                aqedCol = sink.columns.column("alpha_qed"), aqcdCol = sink.columns.column("alpha_s"), nCol = sink.columns.column("n_particles");
        DoubleGrowable[] named = new DoubleGrowable[weightNames.size()];
        for (int k = 0; k < named.length; k++) {
            String original = weightNames.get(k);
            named[k] = sink.columns.column(run.weight(original, problem -> new HepmlException(file + ": " + layout.weightsAt() + ": " + problem + ".")).column());
        }
        DoubleGrowable trialsCol = layout.hasTrials() ? sink.columns.column("trials") : null;
        DoubleGrowable murCol = layout.hasRenormalisationScale() ? sink.columns.column("mu_r") : null;
        DoubleGrowable mufCol = layout.hasFactorisationScale() ? sink.columns.column("mu_f") : null;

        long events = layout.events(), particleRows = layout.particleRows();
        long first = Math.min(events, options.skip());
        long last = first + Math.min(options.limit(), events - first);
        long size = EventFiles.sizeOf(file);
        for (long b = first; b < last; b += batch) {
            Cancelled.check("Loading " + file.getFileName());
            int n = (int) Math.min(batch, last - b);
            Lheh5Layout.EventRows ev = layout.eventRows(b, n);
            // the particle rows this batch needs: events need not be in file order
            long lo = Long.MAX_VALUE, hi = Long.MIN_VALUE;
            for (int i = 0; i < n; i++) {
                long s = integer(file, ev.starts()[i], layout.startAt(), b + i);
                long c = integer(file, ev.counts()[i], layout.countAt(), b + i);
                if (s < 0 || c < 0 || s + c > particleRows) throw atEvent(file, b + i, layout.outOfRange(s, c, particleRows));
                if (c > 0) {
                    lo = Math.min(lo, s);
                    hi = Math.max(hi, s + c);
                }
            }
            if (hi - lo > Integer.MAX_VALUE - 8) throw atEvent(file, b, "the events of one batch span more than 2^31 particle rows; hepml reads at most that many at once");
            int np = hi > lo ? (int) (hi - lo) : 0;
            double[][] pv = layout.particleRows(lo, np);
            double[][] w = ev.weights();

            ParticleArrays.Builder out = sink.particles;
            for (int i = 0; i < n; i++) {
                long s = (long) ev.starts()[i];
                int c = (int) ev.counts()[i];
                int kept = 0;
                for (int j = 0; j < c; j++) {
                    int r = (int) (s - lo) + j;
                    int pdg = intAt(file, layout, pv, 0, r, b + i, j);
                    if (pdg == 0) continue; // padding
                    int mo1 = intAt(file, layout, pv, 2, r, b + i, j), mo2 = intAt(file, layout, pv, 3, r, b + i, j);
                    if (mo1 < 0 || mo1 > c || mo2 < 0 || mo2 > c) {
                        throw atEvent(file, b + i, "particle " + (j + 1) + " (" + layout.mothersAt(s + j) + ") has the mothers " + mo1 + " " + mo2
                                + "; expected 1-based particle numbers within the event, 0.." + c + " (0 = none)");
                    }
                    out.addParticle(pdg, intAt(file, layout, pv, 1, r, b + i, j), mo1, mo2,
                            pv[9] == null ? 0 : intAt(file, layout, pv, 9, r, b + i, j),
                            pv[10] == null ? 0 : intAt(file, layout, pv, 10, r, b + i, j),
                            pv[4][r], pv[5][r], pv[6][r], pv[7][r], pv[8][r],
                            pv[11] == null ? Double.NaN : pv[11][r], pv[12] == null ? Double.NaN : pv[12][r]);
                    kept++;
                }
                sink.columns.set(wCol, w[0][i]);
                for (int k = 0; k < named.length; k++) sink.columns.set(named[k], w[k][i]);
                sink.columns.set(pidCol, ev.pid() == null ? Double.NaN : ev.pid()[i]);
                sink.columns.set(scaleCol, ev.scale() == null ? Double.NaN : ev.scale()[i]);
                sink.columns.set(aqedCol, ev.aqed() == null ? Double.NaN : ev.aqed()[i]);
                sink.columns.set(aqcdCol, ev.aqcd() == null ? Double.NaN : ev.aqcd()[i]);
                sink.columns.set(nCol, kept);
                if (trialsCol != null) sink.columns.set(trialsCol, ev.trials()[i]);
                if (murCol != null) sink.columns.set(murCol, ev.renormalisationScale()[i]);
                if (mufCol != null) sink.columns.set(mufCol, ev.factorisationScale()[i]);
                sink.endEvent();
            }
            if (progress != null) progress.update((long) (size * ((double) (b + n - first) / (last - first))), sink.stored() + " events");
        }
        return sink.finish(name, run.build(), first, layout.notes());
    }

    /** Beams, PDFs and weighting strategy from {@code init}; processes from {@code procInfo}; the layout's version. */
    private RunInfo.Builder runInfo(Rows init, Rows procInfo, boolean indexed) {
        RunInfo.Builder run = new RunInfo.Builder(EventFormat.LHEH5);
        Group g = init.group;
        run.beams.add(new RunInfo.Beam((int) initValue(g, "beamA", true), initValue(g, "energyA", true),
                (int) initValue(g, "PDFgroupA", false), (int) initValue(g, "PDFsetA", false)));
        run.beams.add(new RunInfo.Beam((int) initValue(g, "beamB", true), initValue(g, "energyB", true),
                (int) initValue(g, "PDFgroupB", false), (int) initValue(g, "PDFsetB", false)));
        run.weightingStrategy = (int) initValue(g, "weightingStrategy", false, 0);
        Node version = g.getChildren().get("version");
        if (version instanceof Dataset v && isNumeric(v) && !v.isScalar() && v.getSize() == 3) {
            double[] xyz = toDoubles(v.getDataFlat());
            run.version = (long) xyz[0] + "." + (long) xyz[1] + "." + (long) xyz[2];
        } else if (indexed) {
            run.version = "0.1.0"; // the index group is what marks the first version (as Pythia's reader guesses it)
        }
        String generator = stringAttribute(g, "generatorName");
        if (!generator.isEmpty()) run.generators.add(new RunInfo.Generator(generator, stringAttribute(g, "generatorVersion")));

        Dataset procId = procInfo.required("procId", "the process id (LPRUP)");
        Dataset xSection = procInfo.required("xSection", "the cross section in pb (XSECUP)");
        Dataset error = procInfo.required("error", "the cross-section error in pb (XERRUP)");
        Dataset unitWeight = procInfo.optional("unitWeight");
        int processes = (int) Math.max(0, procInfo.rows);
        double declared = initValue(g, "numProcesses", false, processes);
        if (declared != processes) {
            throw new HepmlException(file + ": '/init/numProcesses' = " + g(declared) + " but the '/procInfo' datasets have " + processes
                    + " rows; expected one procInfo row per process.");
        }
        if (processes > 0) {
            double[] id = toDoubles(procId.getDataFlat()), xs = toDoubles(xSection.getDataFlat()), err = toDoubles(error.getDataFlat());
            double[] max = unitWeight == null ? null : toDoubles(unitWeight.getDataFlat());
            for (int i = 0; i < processes; i++) {
                run.processes.add(new RunInfo.Process(integer(file, id[i], "'/procInfo/procId'", -1), xs[i], err[i], max == null ? Double.NaN : max[i]));
            }
        }
        return run;
    }

    private double initValue(Group init, String name, boolean required) {
        return initValue(init, name, required, -1);
    }

    /** One number of {@code init}: a scalar dataset or a 1-D one of one row (writers do both). */
    private double initValue(Group init, String name, boolean required, double otherwise) {
        Node n = init.getChildren().get(name);
        String at = "/init/" + name;
        if (n == null) {
            if (!required) return otherwise;
            throw new HepmlException(file + ": no dataset '" + at + "'; " + LAYOUT + " ('/init' holds the beams: beamA, beamB,"
                    + " energyA, energyB, PDFgroupA/B, PDFsetA/B, weightingStrategy, numProcesses).");
        }
        if (!(n instanceof Dataset d) || d.isCompound() || d.isVariableLength() || !isNumeric(d) || d.getSize() != 1) {
            throw new HepmlException(file + ": '" + at + "' is " + (n instanceof Dataset d ? "a dataset of the shape " + shape(d) : "not a dataset")
                    + "; expected a single number.");
        }
        Object v = d.getData();
        return v instanceof Number x ? x.doubleValue() : toDoubles(v.getClass().isArray() ? flatten(v) : v)[0];
    }

    /**
     * The names of the weight columns: a string attribute of {@code /event/weight} with one name per column (Pythia's
     * reader takes its first attribute); none when there is a single unnamed weight; w1, w2, ... for several unnamed ones.
     */
    private List<String> weightNames(Dataset weight, int nWeights) {
        List<String> names = new ArrayList<>();
        for (Attribute a : weight.getAttributes().values()) {
            Object v = a.getData();
            if (v instanceof String one) v = new String[]{one};
            if (!(v instanceof String[] s)) continue;
            if (s.length != nWeights) {
                throw new HepmlException(file + ": the attribute '" + a.getName() + "' of '/event/weight' names " + s.length + " weights but the"
                        + " dataset has " + nWeights + " weight column(s) (shape " + shape(weight) + "); expected one name per column.");
            }
            names.addAll(List.of(s));
            return names;
        }
        if (nWeights > 1) for (int k = 0; k < nWeights; k++) names.add("w" + (k + 1));
        return names;
    }

    /** Rows [from, from+n) of the event weights, by weight column: [weights][n]. */
    private double[][] weights(Dataset weight, long from, int n, int nWeights) {
        double[][] w = new double[nWeights][n];
        if (n == 0) return w;
        if (weight.getDimensions().length == 1) {
            w[0] = slice(weight, from, n);
            return w;
        }
        Object rows = weight.getData(new long[]{from, 0}, new int[]{n, nWeights});
        for (int i = 0; i < n; i++) {
            double[] r = toDoubles(Array.get(rows, i));
            for (int k = 0; k < nWeights; k++) w[k][i] = r[k];
        }
        return w;
    }

    /** Rows [from, from+n) of a 1-D dataset as numbers; null for a dataset the file lacks. */
    static double[] slice(Dataset d, long from, int n) {
        if (d == null) return null;
        if (n == 0) return new double[0];
        return toDoubles(d.getData(new long[]{from}, new int[]{n}));
    }

    private static int intAt(Path file, Lheh5Layout layout, double[][] pv, int field, int r, long event, int particle) {
        double v = pv[field][r];
        if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
            throw atEvent(file, event, "particle " + (particle + 1) + " has " + g(v) + " in " + layout.particleAt(field) + "; expected an integer");
        }
        return (int) v;
    }

    /** A count or row number, {@code at} naming where it is written; {@code event} is 0-based, -1 outside events. */
    static int integer(Path file, double v, String at, long event) {
        if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
            String problem = at + " = " + g(v) + "; expected an integer";
            throw event < 0 ? new HepmlException(file + ": " + problem + ".") : atEvent(file, event, problem);
        }
        return (int) v;
    }

    /** An error in event {@code index} (0-based), numbered from 1 as in the file. */
    static HepmlException atEvent(Path file, long index, String problem) {
        return new HepmlException(file + ": event " + (index + 1) + ": " + problem + ".");
    }

    static String g(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.valueOf(v);
    }

    static String shape(Dataset d) {
        int[] dims = d.getDimensions();
        if (d.isScalar() || dims.length == 0) return "[] (a single value)";
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < dims.length; i++) s.append(i == 0 ? "" : ", ").append(dims[i]);
        return s.append(']').toString();
    }

    static boolean isNumeric(Dataset d) {
        Class<?> t = d.getJavaType();
        return t == double.class || t == float.class || t == int.class || t == long.class || t == short.class || t == byte.class
                || Number.class.isAssignableFrom(t); // unsigned 64-bit integers (size_t) come as BigInteger
    }

    private static String stringAttribute(Node n, String name) {
        Attribute a = n.getAttribute(name);
        if (a == null) return "";
        Object v = a.getData();
        if (v instanceof String s) return s.trim();
        if (v instanceof String[] s && s.length == 1) return s[0].trim();
        return "";
    }

    private static Object flatten(Object array) {
        List<Object> out = new ArrayList<>();
        flattenInto(array, out);
        double[] d = new double[out.size()];
        for (int i = 0; i < d.length; i++) d[i] = ((Number) out.get(i)).doubleValue();
        return d;
    }

    private static void flattenInto(Object array, List<Object> out) {
        for (int i = 0; i < Array.getLength(array); i++) {
            Object x = Array.get(array, i);
            if (x != null && x.getClass().isArray()) flattenInto(x, out);
            else out.add(x);
        }
    }

    /** Any 1-D numeric array (primitive, or boxed such as BigInteger) as doubles. */
    static double[] toDoubles(Object array) {
        if (array instanceof double[] a) return a;
        int n = Array.getLength(array);
        double[] out = new double[n];
        if (array instanceof Object[] boxed) {
            for (int i = 0; i < n; i++) out[i] = ((Number) boxed[i]).doubleValue();
        } else {
            for (int i = 0; i < n; i++) out[i] = Array.getDouble(array, i);
        }
        return out;
    }
}
