package org.hepml.magics;

import org.hepml.engine.HepmlException;
import org.hepml.engine.anomaly.Abcd;
import org.hepml.engine.anomaly.AnomalyPlots;
import org.hepml.engine.anomaly.Autoencoder;
import org.hepml.engine.anomaly.Cathode;
import org.hepml.engine.anomaly.Classifiers;
import org.hepml.engine.anomaly.CwolaHunt;
import org.hepml.engine.anomaly.DisCo;
import org.hepml.engine.anomaly.MassDecorrelation;
import org.hepml.engine.anomaly.Roc;
import org.hepml.engine.api.Workspace;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.DijetResonance;
import org.hepml.engine.flows.FlowShape;
import org.hepml.engine.plot.Figure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code %anomaly}: resonance searches without a signal model. Each verb is one engine call: {@code cwola} is
 * {@link CwolaHunt#run}, {@code autoencoder} {@link Autoencoder#train}, {@code disco} {@link DisCo#train},
 * {@code score} a model's {@code score(dataset)}, {@code roc} {@link Roc#of} and {@link AnomalyPlots#roc}, {@code abcd}
 * {@link Abcd#count}; {@code cathode} and {@code anode} are {@link Cathode#run}; {@code simulate} is
 * {@link DijetResonance#generate}.
 */
public final class AnomalyMagic extends PicocliMagic {

    public AnomalyMagic(Workspace workspace) {
        super(workspace, Anomaly.class);
    }

    @Override
    public String name() {
        return "anomaly";
    }

    @Override
    public String summary() {
        return "anomaly detection: the dijet resonance toy, CWoLa hunting, CATHODE and ANODE, autoencoders, DisCo and ABCD, ROC curves";
    }

    @Command(name = "anomaly", mixinStandardHelpOptions = true, description = "Anomaly detection for resonance searches.",
            subcommands = {Simulate.class, Cwola.class, CathodeVerb.class, AnodeVerb.class, AutoencoderVerb.class, DisCoVerb.class, Score.class, RocVerb.class, AbcdVerb.class})
    static final class Anomaly {
    }

    static final class ForWeakSupervision extends TrainingOptions.Defaults {
        ForWeakSupervision() {
            super(Classifiers.WEAK_SUPERVISION);
        }
    }

    static final class ForDisCo extends TrainingOptions.Defaults {
        ForDisCo() {
            super(DisCo.DEFAULT);
        }
    }

    static final class ForAutoencoders extends TrainingOptions.Defaults {
        ForAutoencoders() {
            super(Autoencoder.DEFAULT);
        }
    }

    @Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"The dijet resonance toy: m_jj from the dijet function, jet masses and tau21 (x.mj1, x.mj2, x.tau21_j1, x.tau21_j2)",
                    "correlated mildly with m_jj for the background, an optional narrow X -> Y Z signal; truth label y."})
    static final class Simulate implements Callable<Dataset> {
        private final Workspace workspace;
        @Option(names = "--n", defaultValue = "200000", description = "events (default ${DEFAULT-VALUE})")
        int n;
        @Option(names = "--signal-fraction", defaultValue = "0", description = "fraction of all events that are signal (default ${DEFAULT-VALUE})")
        double fraction;
        @Option(names = "--signal-mass", defaultValue = "3500", description = "m_X in GeV (default ${DEFAULT-VALUE})")
        double mass;
        @Option(names = "--signal-width", defaultValue = "80", description = "Gaussian width of the resonance in GeV (default ${DEFAULT-VALUE})")
        double width;
        @Option(names = "--range", split = ",", paramLabel = "LOW,HIGH", defaultValue = "2800,5000", description = "m_jj range in GeV (default ${DEFAULT-VALUE})")
        double[] range;
        @Option(names = "--mjj-dependence", defaultValue = "1", description = "scale of the background features' drift with m_jj, 0 = none (default ${DEFAULT-VALUE})")
        double mjjDependence;
        @Option(names = "--seed", defaultValue = "1", description = "random seed (default ${DEFAULT-VALUE})")
        long seed;
        @Option(names = "--as", paramLabel = "NAME", defaultValue = "dijets", description = "workspace name (default ${DEFAULT-VALUE})")
        String as;

        Simulate(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public Dataset call() {
            Workspace.checkName(as);
            double[] r = pair("--range", range);
            return workspace.put(as, new DijetResonance().range(r[0], r[1]).signal(mass, width, fraction).mjjDependence(mjjDependence).seed(seed).generate(as, n));
        }
    }

    @Command(name = "cwola", mixinStandardHelpOptions = true, sortOptions = false, defaultValueProvider = ForWeakSupervision.class,
            description = {"CWoLa hunting: k-fold classifiers of signal region vs sidebands, a scan of the fraction of events kept,",
                    "and at each cut the bump hunt (dijet function fitted to the sidebands, significance in the signal region)."})
    static final class Cwola implements Callable<CwolaHunt.Result> {
        private final Workspace workspace;
        @Option(names = "--data", required = true, paramLabel = "NAME", description = "the events")
        String data;
        @Option(names = "--features", split = ",", paramLabel = "COLUMN,COLUMN", description = "classifier inputs (default x.mj1,x.mj2,x.tau21_j1,x.tau21_j2)")
        List<String> features;
        @Option(names = "--mass", defaultValue = "x.mjj", paramLabel = "COLUMN", description = "the resonance mass (default ${DEFAULT-VALUE})")
        String mass;
        @Option(names = "--signal-region", split = ",", paramLabel = "LOW,HIGH", defaultValue = "3300,3700", description = "(default ${DEFAULT-VALUE})")
        double[] signalRegion;
        @Option(names = "--range", split = ",", paramLabel = "LOW,HIGH", defaultValue = "2800,5000", description = "outer edges of the sidebands (default ${DEFAULT-VALUE})")
        double[] range;
        @Option(names = "--folds", defaultValue = "5", description = "k of the k-fold scoring (default ${DEFAULT-VALUE})")
        int folds;
        @Option(names = "--bins", defaultValue = "22", description = "bins of the bump-hunt fit (default ${DEFAULT-VALUE})")
        int bins;
        @Option(names = "--efficiencies", split = ",", paramLabel = "E,E", defaultValue = "1,0.5,0.2,0.1,0.05,0.02,0.01",
                description = "fractions of events kept by the cuts of the scan (default ${DEFAULT-VALUE})")
        double[] efficiencies;
        @Option(names = "--no-decorrelate", description = "feed the raw features (by default each is standardised in ln m_jj on the sidebands first)")
        boolean raw;
        @Mixin
        TrainingOptions training;
        @Mixin
        FigureFile file = new FigureFile();
        @Option(names = "--as", paramLabel = "NAME", description = "store the result (its events with score.cwola as NAME.events)")
        String as;

        Cwola(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public CwolaHunt.Result call() {
            file.check();
            if (as != null) Workspace.checkName(as);
            double[] sr = pair("--signal-region", signalRegion), r = pair("--range", range);
            CwolaHunt hunt = new CwolaHunt().mass(mass).signalRegion(sr[0], sr[1]).range(r[0], r[1]).folds(folds).bins(bins)
                    .efficiencies(efficiencies).decorrelate(!raw).training(training.settings(Classifiers.WEAK_SUPERVISION));
            if (features != null) hunt.features(features);
            CwolaHunt.Result result = hunt.run(workspace.dataset(data));
            file.write(result.figure());
            if (as != null) {
                workspace.put(as + ".events", result.scored().named(as + ".events"));
                workspace.put(as, result);
            }
            return result;
        }
    }

    /** The options CATHODE and ANODE share: the events, the regions, the folds and the flows. */
    abstract static class DensityOptions {
        @Option(names = "--data", required = true, paramLabel = "NAME", description = "the events")
        String data;
        @Option(names = "--features", split = ",", paramLabel = "COLUMN,COLUMN", description = "the features (default x.mj1,x.mj2,x.tau21_j1,x.tau21_j2)")
        List<String> features;
        @Option(names = "--mass", defaultValue = "x.mjj", paramLabel = "COLUMN", description = "the resonance mass, the flow's condition (default ${DEFAULT-VALUE})")
        String mass;
        @Option(names = "--signal-region", split = ",", paramLabel = "LOW,HIGH", defaultValue = "3300,3700", description = "(default ${DEFAULT-VALUE})")
        double[] signalRegion;
        @Option(names = "--range", split = ",", paramLabel = "LOW,HIGH", defaultValue = "2800,5000", description = "outer edges of the sidebands (default ${DEFAULT-VALUE})")
        double[] range;
        @Option(names = "--folds", defaultValue = "5", description = "k of the k-fold scoring of the SR events (default ${DEFAULT-VALUE})")
        int folds;
        @Option(names = "--flow-epochs", defaultValue = "40", description = "epochs of the flows (default ${DEFAULT-VALUE})")
        int flowEpochs;
        @Option(names = "--transforms", defaultValue = "3", description = "spline transforms of the flows (default ${DEFAULT-VALUE})")
        int transforms;
        @Option(names = "--bins", defaultValue = "16", description = "spline bins of the flows (default ${DEFAULT-VALUE})")
        int bins;
        @Option(names = "--training-seeds", defaultValue = "0", paramLabel = "N",
                description = "N more runs with other seeds on the same events: their AUC spread joins the AUC's error (default ${DEFAULT-VALUE})")
        int trainingSeeds;
        @Option(names = "--background", paramLabel = "NAME",
                description = {"reuse the sideband flow p_bg of the stored CATHODE or ANODE result NAME instead of training it again",
                        "(it must have been trained on these events with the same features, regions, flow options and seed)"})
        String background;
        @Option(names = "--as", paramLabel = "NAME", description = "store the result, and the scored SR events as NAME.events")
        String as;

        Cathode configure(Workspace workspace, long seed) {
            if (as != null) Workspace.checkName(as);
            if (flowEpochs < 1) throw new MagicUsageException("--flow-epochs must be at least 1, got " + flowEpochs + ".");
            double[] sr = pair("--signal-region", signalRegion), r = pair("--range", range);
            Cathode c = new Cathode().mass(mass).signalRegion(sr[0], sr[1]).range(r[0], r[1]).folds(folds)
                    .flowShape(FlowShape.DEFAULT.withTransforms(transforms).withBins(bins)).flowTraining(Cathode.FLOW.withEpochs(flowEpochs).withSeed(seed))
                    .trainingSeeds(trainingSeeds);
            if (features != null) c.features(features);
            if (background != null) c.background(workspace.get(background, Cathode.Result.class, "CATHODE or ANODE result").background());
            return c;
        }

        Cathode.Result store(Workspace workspace, Cathode.Result result) {
            if (as == null) {
                result.close(); // the flow is only needed by a stored result (its samples)
                return result;
            }
            workspace.put(as + ".events", result.scored().named(as + ".events"));
            workspace.put(as, result);
            return result;
        }
    }

    @Command(name = "cathode", mixinStandardHelpOptions = true, sortOptions = false, defaultValueProvider = ForWeakSupervision.class,
            description = {"CATHODE: a flow p_bg(x | m_jj) trained on the sidebands, sampled in the signal region (m_jj from a KDE of the SR),",
                    "and k-fold classifiers of SR data vs those samples; the score column score.cathode of the SR events.",
                    "The training options are the classifiers'; the flows have --flow-epochs, --transforms, --bins."})
    static final class CathodeVerb extends DensityOptions implements Callable<Cathode.Result> {
        private final Workspace workspace;
        @Option(names = "--oversampling", defaultValue = "4", description = "background samples per SR event (default ${DEFAULT-VALUE})")
        int oversampling;
        @Mixin
        TrainingOptions training;

        CathodeVerb(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public Cathode.Result call() {
            var settings = training.settings(Classifiers.WEAK_SUPERVISION);
            Cathode c = configure(workspace, settings.seed()).oversampling(oversampling).classifier(settings);
            return store(workspace, c.run(workspace.dataset(data), Cathode.Method.CATHODE));
        }
    }

    @Command(name = "anode", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"ANODE: flows p_bg(x | m_jj) on the sidebands and p_data(x | m_jj) on the signal region (k-fold);",
                    "score.anode = log p_data - log p_bg of the SR events."})
    static final class AnodeVerb extends DensityOptions implements Callable<Cathode.Result> {
        private final Workspace workspace;
        @Option(names = "--seed", defaultValue = "1", description = "seed of the flows (default ${DEFAULT-VALUE})")
        long seed;

        AnodeVerb(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public Cathode.Result call() {
            return store(workspace, configure(workspace, seed).run(workspace.dataset(data), Cathode.Method.ANODE));
        }
    }

    @Command(name = "autoencoder", mixinStandardHelpOptions = true, sortOptions = false, defaultValueProvider = ForAutoencoders.class,
            description = {"An autoencoder (or with --variational a VAE) trained on background events; its reconstruction error",
                    "is the anomaly score (%%anomaly score). --hidden gives the layers between input and latent layer."})
    static final class AutoencoderVerb implements Callable<String> {
        private final Workspace workspace;
        @Option(names = "--data", required = true, paramLabel = "NAME", description = "background events to learn")
        String data;
        @Option(names = "--features", split = ",", required = true, paramLabel = "COLUMN,COLUMN", description = "the columns to reconstruct")
        List<String> features;
        @Option(names = "--variational", description = "a variational autoencoder")
        boolean variational;
        @Option(names = "--latent", defaultValue = "2", description = "latent dimensions (default ${DEFAULT-VALUE})")
        int latent;
        @Option(names = "--beta", defaultValue = "1", description = "weight of the KL term of a VAE (default ${DEFAULT-VALUE})")
        double beta;
        @Mixin
        TrainingOptions training;
        @Option(names = "--as", required = true, paramLabel = "NAME", description = "name of the model")
        String as;

        AutoencoderVerb(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public String call() {
            Workspace.checkName(as);
            Autoencoder ae = Autoencoder.train(workspace.dataset(data), features, variational ? Autoencoder.Kind.VARIATIONAL : Autoencoder.Kind.PLAIN,
                    latent, variational ? beta : 0, training.settings(Autoencoder.DEFAULT));
            workspace.put(as, ae);
            return ae + ", stored as '" + as + "'";
        }
    }

    @Command(name = "disco", mixinStandardHelpOptions = true, sortOptions = false, defaultValueProvider = ForDisCo.class,
            description = {"A signal-vs-background classifier with the DisCo penalty lambda dCor^2(output, mass) on background events,",
                    "so that a cut on it does not sculpt the mass and the ABCD method closes (%%anomaly abcd)."})
    static final class DisCoVerb implements Callable<String> {
        private final Workspace workspace;
        @Option(names = "--data", required = true, paramLabel = "NAME", description = "labelled training events")
        String data;
        @Option(names = "--features", split = ",", required = true, paramLabel = "COLUMN,COLUMN", description = "classifier inputs")
        List<String> features;
        @Option(names = "--label", defaultValue = "y", paramLabel = "COLUMN", description = "1 signal, 0 background (default ${DEFAULT-VALUE})")
        String label;
        @Option(names = "--mass", defaultValue = "x.mjj", paramLabel = "COLUMN", description = "the variable to decorrelate from (default ${DEFAULT-VALUE})")
        String mass;
        @Option(names = "--lambda", defaultValue = "50", description = "weight of the distance-correlation penalty, 0 = none (default ${DEFAULT-VALUE})")
        double lambda;
        @Option(names = "--decorrelate-on", paramLabel = "NAME", description = {"first decorrelate the features from the mass (each shifted and scaled by lines in ln mass),",
                "fitted on this background sample (its --label 0 events if it has the column); a large simulated sample",
                "makes the ABCD method close within its statistical error (docs/ANOMALY.md)"})
        String decorrelateOn;
        @Mixin
        TrainingOptions training;
        @Option(names = "--as", required = true, paramLabel = "NAME", description = "name of the model")
        String as;

        DisCoVerb(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public String call() {
            Workspace.checkName(as);
            MassDecorrelation decorrelation = null;
            if (decorrelateOn != null) {
                Dataset background = workspace.dataset(decorrelateOn);
                if (background.has(label)) {
                    double[] y = background.column(label);
                    boolean[] keep = new boolean[y.length];
                    for (int i = 0; i < y.length; i++) keep[i] = y[i] == 0;
                    background = background.select(keep);
                    if (background.size() == 0) throw new HepmlException("--decorrelate-on '" + decorrelateOn + "' has no background events (" + label + " = 0).");
                }
                decorrelation = DisCo.decorrelation(background, features, mass);
            }
            DisCo d = DisCo.train(workspace.dataset(data), features, label, mass, lambda, training.settings(DisCo.DEFAULT), 1, decorrelation);
            workspace.put(as, d);
            return d + ", stored as '" + as + "'";
        }
    }

    @Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Adds the anomaly score of a model (from %%anomaly autoencoder or disco) to a dataset as the column score.<MODEL>.")
    static final class Score implements Callable<Dataset> {
        private final Workspace workspace;
        @Option(names = "--model", required = true, paramLabel = "NAME", description = "an autoencoder or DisCo classifier")
        String model;
        @Option(names = "--data", required = true, paramLabel = "NAME", description = "the events to score")
        String data;
        @Option(names = "--as", paramLabel = "NAME", description = "store the scored events as NAME (default: replace DATA)")
        String as;

        Score(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public Dataset call() {
            String name = as != null ? as : data;
            Workspace.checkName(name);
            Object m = workspace.get(model);
            Dataset d = workspace.dataset(data);
            double[] s;
            if (m instanceof Autoencoder ae) s = ae.score(d);
            else if (m instanceof DisCo dc) s = dc.score(d);
            else throw new HepmlException("'" + model + "' is not an anomaly model (from %anomaly autoencoder or %anomaly disco).");
            return workspace.put(name, d.withColumn("score." + model, s).named(name));
        }
    }

    @Command(name = "roc", mixinStandardHelpOptions = true, sortOptions = false,
            description = "ROC curves and AUCs of score columns against the truth label.")
    static final class RocVerb implements Callable<Figure> {
        private final Workspace workspace;
        @Option(names = "--data", required = true, paramLabel = "NAME", description = "scored events with a truth label")
        String data;
        @Option(names = "--scores", split = ",", required = true, paramLabel = "COLUMN,COLUMN", description = "score columns (larger = more anomalous)")
        List<String> scores;
        @Option(names = "--truth", defaultValue = "y", paramLabel = "COLUMN", description = "1 signal, 0 background (default ${DEFAULT-VALUE})")
        String truth;
        @Mixin
        FigureFile file = new FigureFile();

        RocVerb(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public Figure call() {
            file.check();
            Dataset d = workspace.dataset(data);
            double[] y = d.column(truth);
            List<Roc> rocs = new ArrayList<>();
            for (String s : scores) rocs.add(Roc.of(d.column(s), y));
            return file.write(AnomalyPlots.roc(scores, rocs));
        }
    }

    @Command(name = "abcd", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"The ABCD prediction N_A = N_B N_C / N_D from a score column and the mass, with its error; with a truth",
                    "label, A counts background only, so the closure can be checked."})
    static final class AbcdVerb implements Callable<Abcd> {
        private final Workspace workspace;
        @Option(names = "--data", required = true, paramLabel = "NAME", description = "scored events")
        String data;
        @Option(names = "--score", required = true, paramLabel = "COLUMN", description = "the score column")
        String score;
        @Option(names = "--efficiency", defaultValue = "0.1", description = "fraction of events above the score cut (default ${DEFAULT-VALUE})")
        double efficiency;
        @Option(names = "--mass", defaultValue = "x.mjj", paramLabel = "COLUMN", description = "(default ${DEFAULT-VALUE})")
        String mass;
        @Option(names = "--mass-cut", defaultValue = "3300", description = "regions A and C lie above it (default ${DEFAULT-VALUE})")
        double massCut;
        @Option(names = "--truth", paramLabel = "COLUMN", description = "count only events with truth 0 (background) in every region")
        String truth;
        @Option(names = "--cut-from", paramLabel = "NAME", description = {"events with the same score column on which the cut keeping --efficiency is chosen",
                "(default: --data itself; a separate sample leaves the four counts free to fluctuate)"})
        String cutFrom;

        AbcdVerb(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public Abcd call() {
            Dataset d = workspace.dataset(data);
            double[] s = d.column(score), m = d.column(mass);
            double cut = Abcd.cutKeeping(cutFrom == null ? s : workspace.dataset(cutFrom).column(score), efficiency);
            double[] w = null;
            if (truth != null) {
                double[] y = d.column(truth);
                w = new double[y.length];
                for (int i = 0; i < y.length; i++) w[i] = y[i] < 0.5 ? 1 : 0;
            }
            return Abcd.count(s, m, w, cut, massCut);
        }
    }

    static double[] pair(String option, double[] v) {
        if (v == null || v.length != 2 || !(v[0] < v[1])) throw new MagicUsageException(option + " takes two numbers LOW,HIGH with LOW < HIGH.");
        return v;
    }
}
