"""Writes notebooks/07-jets.ipynb (kept as a script so the tutorial's cells are reviewable as text)."""
import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

md, code = new_markdown_cell, new_code_cell
cells = [
    md(r"""# Jets as sets of particles: clustering, substructure, top tagging, the energy mover's distance

A boosted top quark decays to three quarks ($t \to bW$, $W \to q\bar q'$) that land in one wide jet; a QCD jet
comes from a single quark or gluon. Telling them apart, *top tagging*, is the "hello world" of machine learning
at the LHC. This notebook:

1. simulates top and QCD jets as lists of particles and clusters them with anti-$k_T$, $R = 0.8$ (identical to
   FastJet: `bench/results/clustering.json`);
2. draws the substructure observables that separate them: the jet mass, the N-subjettiness ratios
   $\tau_{32}$ and $\tau_{21}$, the energy-correlation ratio $D_2$ and the soft-drop mass;
3. trains a small network on those five numbers: the *observables baseline* of the top-tagging comparisons,
   with its ROC curve, AUC and background rejection $1/\varepsilon_B$ at $\varepsilon_S = 0.3$;
4. trains networks that read the particles themselves, Energy and Particle Flow Networks (Komiske, Metodiev,
   Thaler, JHEP 01 (2019) 121), against that baseline, and a Bayesian PFN whose per-jet uncertainty is drawn
   against its tag and against the jet $p_T$;
5. measures jets against each other with the energy mover's distance (Komiske, Metodiev, Thaler,
   PRL 123 (2019) 041801), draws the transport between a top and a QCD jet, and tags with its nearest neighbours.

The networks and `%%train tagger`: [docs/TAGGING.md](../docs/TAGGING.md). The simulator and the observables' definitions:
[docs/JETS.md](../docs/JETS.md); the EMD: [docs/EMD.md](../docs/EMD.md)."""),
    code("%hepml"),
    code("""boolean small = "small".equals(System.getenv("HEPML_SIZE"));
hep.set("N", small ? 4_000 : 30_000);          // jets per sample (training and test), half top, half QCD
hep.set("EPOCHS", small ? 10 : 30);
hep.set("SEEDS", small ? 2 : 3);               // trainings per particle-network tagger: their spread gives the errors
hep.set("TAG_EPOCHS", small ? 6 : 20);        // full size: the notebook in about 8 minutes on 2 cores (batch 64 dominates)
hep.set("NB", small ? 1_000 : 10_000);         // jets of the wide-pT sample the Bayesian tagger is scored on
int knnTraining = small ? 200 : 1_000, knnTest = small ? 150 : 500;   // the EMD tagger's jets: it costs training x test transports"""),
    md(r"""## Top and QCD jets

`%jets simulate` makes one jet per event with label `y` (1 top, 0 QCD): tops with $p_T$ in 550-650 GeV decayed
with the top and W masses (the W with the Standard Model's helicity fractions, its quarks radiating as one
colour-singlet dipole), QCD quarks and gluons, both showered, spread into pion-like particles (a b quark into a
B hadron that decays, sometimes with a neutrino that escapes) and passed through a detector with thresholds
(docs/JETS.md). Two independent samples: one to train on, one to test."""),
    code("%jets simulate --n {N} --top-fraction 0.5 --seed 1 --as train"),
    code("%jets simulate --n {N} --top-fraction 0.5 --seed 2 --as test"),
    md(r"""Clustering every event's particles with anti-$k_T$, $R = 0.8$, gives the leading jet's observables as
columns `x.m`, `x.tau32`, `x.tau21`, `x.d2`, `x.m_sd`, ... (soft drop with $z_\mathrm{cut} = 0.1$, $\beta = 0$)
and all jets with their constituents under `NAME.jets`."""),
    code("%jets cluster train --algorithm antikt -R 0.8 --pt-min 200 --as train_jets"),
    code("%jets cluster test --algorithm antikt -R 0.8 --pt-min 200 --as test_jets"),
    md(r"""A jet of two particles has $\tau_2 = 0$, so no $\tau_{32}$ (NaN); the tagger needs every input, so those few
jets (if any) are left out. The test sample is split by its label for the plots."""),
    code("""import tech.tablesaw.selection.Selection;
List<String> observables = List.of("x.m", "x.tau32", "x.tau21", "x.d2", "x.m_sd");

/** The rows of a dataset where all the given columns are finite (label >= 0: only that label), stored as {@code as}. */
Dataset rowsWhere(String name, List<String> columns, int label, String as) {
    Dataset d = hep.dataset(name);
    double[] y = d.column("y");
    List<double[]> cols = columns.stream().map(d::column).toList();
    var keep = new java.util.ArrayList<Integer>();
    for (int i = 0; i < d.size(); i++) {
        boolean ok = label < 0 || y[i] == label;
        for (double[] c : cols) ok &= Double.isFinite(c[i]);
        if (ok) keep.add(i);
    }
    Dataset kept = new Dataset(as, d.table().where(Selection.with(keep.stream().mapToInt(Integer::intValue).toArray())), d.metadata());
    // each row's event in the clustered sample, where its particles are
    if (!d.has("event")) kept = kept.withColumn("event", keep.stream().mapToDouble(Integer::doubleValue).toArray());
    return hep.store(kept);
}
var trainSet = rowsWhere("train_jets", observables, -1, "train_tagger");
var testSet = rowsWhere("test_jets", observables, -1, "test_tagger");
rowsWhere("test_tagger", observables, 1, "top");
rowsWhere("test_tagger", observables, 0, "qcd");
String.format("kept %d of %d training and %d of %d test jets", trainSet.size(), hep.dataset("train_jets").size(),
        testSet.size(), hep.dataset("test_jets").size())"""),
    code("%plot hist top qcd --column x.m,x.m_sd --bins 50 --range 0,300 --normalize"),
    code("%plot hist top qcd --column x.tau32,x.tau21 --bins 40 --range 0,1.2 --normalize"),
    code("%plot hist top qcd --column x.d2 --bins 40 --range 0,8 --normalize"),
    md(r"""The top jets' mass peaks near $m_t = 172.5$ GeV (the three quarks inside the jet), a QCD jet's mass is a
radiation tail; the soft-drop mass grooms the soft wide-angle particles away, which sends most QCD jets towards
zero and keeps the top (and, where the b was groomed off, the W) peak. $\tau_{32}$ is small when a jet looks like
three prongs rather than two; $\tau_{21}$ and $D_2$ tell two prongs (the W inside the top) from one.

The checks: the top peak is estimated as the mean jet mass of the top jets within $m_t \pm 25$ GeV, whose standard
error is $s/\sqrt{n}$; it may sit below $m_t$ by what the detector and the jet radius lose (particles under threshold,
radiation outside $R$) and above it by what the detector's smearing and the particles' masses add: shifts of a few
GeV in this simulator, allowed here as 6 GeV, plus 3.3 standard errors (two-sided 0.1%). And the mean $\tau_{32}$
of top jets must be below the QCD one by more than 5 standard errors of the difference."""),
    code("""double[] mTop = hep.dataset("top").column("x.m");
var peak = new org.apache.commons.math3.stat.descriptive.SummaryStatistics();
for (double m : mTop) if (Math.abs(m - 172.5) < 25) peak.addValue(m);
double peakSe = peak.getStandardDeviation() / Math.sqrt(peak.getN());
var tauTop = new org.apache.commons.math3.stat.descriptive.SummaryStatistics();
var tauQcd = new org.apache.commons.math3.stat.descriptive.SummaryStatistics();
for (double t : hep.dataset("top").column("x.tau32")) tauTop.addValue(t);
for (double t : hep.dataset("qcd").column("x.tau32")) tauQcd.addValue(t);
double tauZ = (tauQcd.getMean() - tauTop.getMean())
        / Math.hypot(tauTop.getStandardDeviation() / Math.sqrt(tauTop.getN()), tauQcd.getStandardDeviation() / Math.sqrt(tauQcd.getN()));
if (Math.abs(peak.getMean() - 172.5) > 6 + 3.3 * peakSe)
    throw new AssertionError(String.format("top mass peak at %.1f +- %.1f GeV, not near m_t = 172.5 GeV", peak.getMean(), peakSe));
if (!(tauZ > 5))
    throw new AssertionError(String.format("tau32: top %.3f, QCD %.3f, only %.1f standard errors apart", tauTop.getMean(), tauQcd.getMean(), tauZ));
String.format("top mass peak %.1f +- %.1f GeV (%d of %d top jets within m_t +- 25 GeV);  mean tau32: top %.3f, QCD %.3f (%.0f standard errors apart)",
        peak.getMean(), peakSe, peak.getN(), mTop.length, tauTop.getMean(), tauQcd.getMean(), tauZ)"""),
    md(r"""## A tagger on the observables

A plain classifier, two hidden layers of 64 with early stopping on 20% of the training jets, trained on the five
observables: the anomaly toolkit's DisCo classifier with its decorrelation penalty off (`--lambda 0`; `--mass` names
the column the penalty would use, unused at 0). It is the baseline that the particle-level networks will have to
beat."""),
    code("%anomaly disco --data train_tagger --features x.m,x.tau32,x.tau21,x.d2,x.m_sd --label y --mass x.pt --lambda 0 --epochs {EPOCHS} --as mlp"),
    md("""Scored on the independent test jets, beside the single observables as taggers of their own (a smaller
$\\tau_{32}$ is more top-like, hence its sign):"""),
    code("""%anomaly score --model mlp --data test_tagger"""),
    code("""var t = hep.dataset("test_tagger");
double[] mass = t.column("x.m"), tau32 = t.column("x.tau32");
double[] window = new double[mass.length], minusTau32 = new double[mass.length];
for (int i = 0; i < mass.length; i++) {
    window[i] = -Math.abs(mass[i] - 172.5);   // closeness to the top mass
    minusTau32[i] = -tau32[i];
}
hep.store(t.withColumn("score.mass_window", window).withColumn("score.minus_tau32", minusTau32));
"scored" """),
    code("%anomaly roc --data test_tagger --scores score.mlp,score.mass_window,score.minus_tau32"),
    md(r"""The figures of the top-tagging comparisons: the AUC, the accuracy at a cut of 0.5, and the background
rejection $1/\varepsilon_B$ at signal efficiency $\varepsilon_S = 0.3$, its error binomial in the background jets
that pass. The check: the AUC is the Mann-Whitney probability that a top jet scores above a QCD jet; for a
tagger that knew nothing its standard deviation would be $\sqrt{(n_S + n_B + 1)/(12\, n_S n_B)}$, and the
network's AUC must exceed 1/2 by more than 10 of those."""),
    code("""double[] score = t.column("score.mlp"), truth = t.column("y");
var roc = Roc.of(score, truth);
int nS = 0, nB = 0, right = 0;
for (int i = 0; i < truth.length; i++) {
    if (truth[i] == 1) nS++; else nB++;
    if ((score[i] > 0.5) == (truth[i] == 1)) right++;
}
double[] top = java.util.stream.IntStream.range(0, truth.length).filter(i -> truth[i] == 1).mapToDouble(i -> score[i]).sorted().toArray();
double cut = top[(int) Math.floor(0.7 * top.length)];                  // 30% of the top jets score at or above it
double passB = 0;
for (int i = 0; i < truth.length; i++) if (truth[i] == 0 && score[i] >= cut) passB++;
double epsB = passB / nB, rejection = 1 / epsB, rejectionSe = rejection * Math.sqrt((1 - epsB) / passB);
double aucNullSd = Math.sqrt((nS + nB + 1.0) / (12.0 * nS * nB));
double mlpAccuracy = (double) right / truth.length, mlpAccuracySe = Math.sqrt(mlpAccuracy * (1 - mlpAccuracy) / truth.length);
if (!((roc.auc() - 0.5) / aucNullSd > 10))
    throw new AssertionError(String.format("AUC %.3f is not above 1/2 by 10 x %.4f", roc.auc(), aucNullSd));
String.format("observables MLP: AUC %.3f (1/2 + %.0f null sd),  accuracy %.3f +- %.3f,  1/eps_B at eps_S = 0.3: %.1f +- %.1f   (%d top, %d QCD jets)",
        roc.auc(), (roc.auc() - 0.5) / aucNullSd, mlpAccuracy, mlpAccuracySe, rejection, rejectionSe, nS, nB)"""),
    md(r"""The figure of the top-tagging comparisons: background rejection $1/\varepsilon_B$ (log scale) against the
signal efficiency, drawn where at least 5 QCD jets pass (fewer make single-jet steps):"""),
    code("""import org.knowm.xchart.XYChartBuilder;
var rejectionChart = new XYChartBuilder().width(560).height(440).xAxisTitle("\u03b5_{S}").yAxisTitle("1 / \u03b5_{B}")
        .title("background rejection").build();
HepStyle.apply(rejectionChart);
rejectionChart.getStyler().setYAxisLogarithmic(true);
var scored = hep.dataset("test_tagger");
String[] taggers = {"score.mlp", "score.mass_window", "score.minus_tau32"};
for (int s = 0; s < taggers.length; s++) {
    var r = Roc.of(scored.column(taggers[s]), truth);
    var xs = new java.util.ArrayList<Double>();
    var ys = new java.util.ArrayList<Double>();
    for (int k = 0; k < r.signalEfficiency().length; k++) {
        if (r.backgroundEfficiency()[k] * nB >= 5) {
            xs.add(r.signalEfficiency()[k]);
            ys.add(1 / r.backgroundEfficiency()[k]);
        }
    }
    Series.line(rejectionChart, taggers[s], xs.stream().mapToDouble(Double::doubleValue).toArray(),
            ys.stream().mapToDouble(Double::doubleValue).toArray(), HepStyle.color(s), HepStyle.stroke(1.6f));
}
Figure.of(rejectionChart)"""),
    md(r"""## Energy and Particle Flow Networks

A jet is a *set* of particles: no order, any number. Deep Sets (Komiske, Metodiev, Thaler, arXiv:1810.05165) sum a
learned per-particle function $\Phi$ over the particles and feed the sum to a second network $F$:

* **PFN**: $F\big(\sum_i \Phi(z_i, y_i, \phi_i)\big)$, all features of every particle;
* **EFN**: $F\big(\sum_i z_i\, \Phi(y_i, \phi_i)\big)$, the energy fractions $z_i = p_{T,i} / \sum_j p_{T,j}$ only as
  weights, so that a soft particle adds nothing and a collinear split changes nothing: infrared and collinear safe
  (a unit test checks both to float precision).

`%%train tagger` feeds each leading jet's 40 hardest constituents, measured from the jet axis and rotated to their
principal axis, to the networks (the EFN as $(z, y, \phi)$; the PFN also with $\ln z$, $\Delta R$ and $\ln p_T$, the
per-particle inputs of ParticleNet), and the same five observables as above to an MLP, each trained with two (small
size) or three seeds; the errors are the standard errors over those trainings on these jets (the test jets' binomial
error is printed beside them; a statement about the method needs both). The particle networks learn the jet mass and
prong structure from the constituents, which takes many more jets than learning from the observables that already
encode them, so at this notebook's sizes the MLP can still lead at $\varepsilon_S = 0.3$. With 200,000 training jets
(bench/tagging, independent samples; docs/TAGGING.md) a wider PFN (`--phi 100,100 --latent 128 --f 100,100`) rejects
690 +- 28 background jets per one passing against the MLP's 530 +- 22, a margin of +160 +- 36 over 8 independent
samples (AUC +0.0120 +- 0.0001); the
landscape paper's particle networks trained on 1.2 million."""),
    code("""%%train tagger --data train --test test --model efn
--seeds {SEEDS} --particles 40 --phi 64,64 --latent 32 --f 64,64
--epochs {TAG_EPOCHS} --batch-size 64 --lr 2e-3 --lr-final 1e-4 --patience 0
--as efn"""),
    code("""%%train tagger --data train --test test --model pfn
--seeds {SEEDS} --particles 40 --phi 64,64 --latent 32 --f 64,64
--epochs {TAG_EPOCHS} --batch-size 64 --lr 2e-3 --lr-final 1e-4 --patience 0
--as pfn"""),
    code("""%%train tagger --data train --test test --model mlp
--seeds {SEEDS} --particles 40
--epochs {TAG_EPOCHS} --batch-size 64 --lr 2e-3 --lr-final 1e-4 --patience 0
--as observables"""),
    md(r"""The ROC curves on the landscape paper's axes, and the comparison at $\varepsilon_S = 0.3$ with its error over
seeds. The check: every tagger's mean AUC exceeds 1/2 by more than 10 null standard deviations."""),
    code("""import org.hepml.engine.tagging.*;
var efn = hep.get("efn", TaggerResult.class);
var pfn = hep.get("pfn", TaggerResult.class);
var observablesTagger = hep.get("observables", TaggerResult.class);
var lines = new StringBuilder();
for (var r : List.of(efn, pfn, observablesTagger)) {
    var m = r.perSeed().get(0);
    double nullSd = Math.sqrt((m.signal() + m.background() + 1.0) / (12.0 * m.signal() * m.background()));
    if (!(r.auc()[0] - 0.5 > 10 * nullSd)) throw new AssertionError(r.model() + ": AUC " + r.auc()[0] + " not above 1/2 by 10 x " + nullSd);
    double[] d = {r.rejection()[0] - observablesTagger.rejection()[0], Math.hypot(r.rejection()[1], observablesTagger.rejection()[1])};
    lines.append(String.format("%s: AUC %.4f +- %.4f, 1/eps_B(0.3) %.1f +- %.1f, minus the observables MLP: %+.1f +- %.1f%n",
            r.model(), r.auc()[0], r.auc()[1], r.rejection()[0], r.rejection()[1], d[0], d[1]));
}
lines.toString()"""),
    code("TaggerResult.roc(List.of(efn, pfn, observablesTagger))"),
    md(r"""## A Bayesian tagger and how sure it is

A Bayesian PFN has a Gaussian posterior for every weight; each jet's tag is the mean $\mu$ of the sigmoid over
weight draws, and $\sigma$ their spread (Bollweg et al., SciPost Phys. 8, 006 (2020)). A spread of numbers in
$[0, 1]$ with mean $\mu$ can be at most $\sqrt{\mu(1-\mu)}$: $\sigma$ is largest for undecided jets. The tagger
is trained on the jets above ($p_T$ 550-650 GeV) and scored on jets from 400 to 1000 GeV: jets outside the
training range above it get a larger mean $\sigma$ (over 4 independent trainings, +0.013 +- 0.003 at 1000-1200 GeV
on 0.126 inside), and that growth comes with less confident tags: $\sigma / \sqrt{\mu(1-\mu)}$ does not grow
there (+0.009 +- 0.010), nor at 1600-2000 GeV, and the spread of the logit shrinks. Below the training range
$\sigma$ falls: the spread of this tagger tracks its envelope $\mu(1-\mu)$ more than the distance from the
training data (docs/TAGGING.md)."""),
    code("%jets simulate --n {NB} --pt-min 400 --pt-max 1000 --seed 3 --as wide"),
    code("""%%train tagger --data train --test wide --model bnn-pfn
--seeds 1 --particles 40 --phi 32,32 --latent 16 --f 32
--epochs {TAG_EPOCHS} --batch-size 64 --lr 2e-3 --lr-final 2e-4 --patience 0 --samples 30
--as bnn"""),
    md(r"""## The energy mover's distance between jets

The EMD is the least work to move one jet's $p_T$ onto the other's in the $(y, \phi)$ plane, distances in units
of $R$, plus the $p_T$ that has to be created or destroyed: a true metric on the space of jets. To compare
*shapes*, each jet's constituents are measured from its own axis (the jets were made at random $y$ and $\phi$).
The Java API: `ParticleSets` holds jets as jagged arrays of ($p_T$, $y$, $\phi$)."""),
    code("""import org.hepml.engine.jets.emd.*;

/** The leading jets of the given events of clustered jets: constituent pT at (y, phi) measured from the jet axis. */
ParticleSets leadingJets(String name, int[] events) {
    var jets = hep.jets(name);
    var p = jets.particles();
    double[][][] sets = new double[events.length][][];
    for (int e = 0; e < events.length; e++) {
        int i = events[e];
        int j = jets.jet(i, 0);
        if (j < 0) throw new IllegalStateException("event " + i + " of " + name + " has no jet");
        int[] c = jets.constituentsOf(j);
        double[] w = new double[c.length], y = new double[c.length], phi = new double[c.length];
        for (int k = 0; k < c.length; k++) {
            int q = p.first(i) + c[k];
            w[k] = Math.hypot(p.px()[q], p.py()[q]);
            y[k] = 0.5 * Math.log((p.e()[q] + p.pz()[q]) / (p.e()[q] - p.pz()[q])) - jets.rap(j);
            phi[k] = Math.IEEEremainder(Math.atan2(p.py()[q], p.px()[q]) - jets.phi(j), 2 * Math.PI);   // wrapped into [-pi, pi]
        }
        sets[e] = new double[][]{w, y, phi};
    }
    return ParticleSets.of(sets);
}

/** The first n values of a column, as whole numbers (event numbers, labels). */
int[] firstOf(String name, String column, int n) {
    return java.util.Arrays.stream(hep.dataset(name).column(column)).limit(n).mapToInt(v -> (int) v).toArray();
}

var emd = new EnergyMoversDistance(0.8, 1);   // R = 0.8 (the jets' radius), beta = 1
// the first test jets of the tagger's sample: the network scored them too
var testJets = leadingJets("test_jets", firstOf("test_tagger", "event", knnTest));
int[] testLabels = firstOf("test_tagger", "y", knnTest);
int firstTop = java.util.stream.IntStream.range(0, knnTest).filter(i -> testLabels[i] == 1).findFirst().getAsInt();
int firstQcd = java.util.stream.IntStream.range(0, knnTest).filter(i -> testLabels[i] == 0).findFirst().getAsInt();
TransportPicture.of(emd, testJets, firstTop, "top jet", testJets, firstQcd, "QCD jet")"""),
    md(r"""Each disc is a particle (area $\propto p_T$), each line a flow of $p_T$ (width $\propto$ flow); the EMD in
GeV is in the title: the $p_T$ spread over the top jet's prongs has to be carried to where the QCD jet has it,
mostly its one hard core; the jets' $p_T$ differ, and the difference is paid in full.

### A tagger from distances alone

A $k$-nearest-neighbour classifier in EMD space: a test jet is called top when most of its $k = 5$ nearest
training jets (in EMD) are tops. It knows nothing of masses or prongs. Its accuracy beside the network's on the
same test jets, each with its binomial error, and their difference with the error of a paired comparison (from the
jets that only one of the two gets right, as in McNemar's test):"""),
    code("""int[] trainingEvents = java.util.stream.IntStream.range(0, knnTraining).toArray();
var knn = new EmdNearestNeighbours(emd, 5, leadingJets("train_jets", trainingEvents), firstOf("train_jets", "y", knnTraining));
var prediction = knn.predict(testJets);
var knnAccuracy = knn.accuracy(prediction, testLabels);
double[] mlpScore = hep.dataset("test_tagger").column("score.mlp");
int onlyKnn = 0, onlyMlp = 0, mlpRight = 0;
for (int i = 0; i < knnTest; i++) {
    boolean k = prediction.predicted()[i] == testLabels[i], m = (mlpScore[i] > 0.5) == (testLabels[i] == 1);
    if (m) mlpRight++;
    if (k && !m) onlyKnn++;
    if (m && !k) onlyMlp++;
}
double mlpSame = (double) mlpRight / knnTest, mlpSameSe = Math.sqrt(mlpSame * (1 - mlpSame) / knnTest);
double difference = (double) (onlyKnn - onlyMlp) / knnTest;
double differenceSe = Math.sqrt(onlyKnn + onlyMlp - Math.pow(onlyKnn - onlyMlp, 2) / knnTest) / knnTest;
// a tagger that knew nothing would be right in half of the test jets, with a binomial sd of 1/(2 sqrt(n))
if (!(knnAccuracy.accuracy() - 0.5 > 3 * 0.5 / Math.sqrt(knnTest)))
    throw new AssertionError("the EMD nearest-neighbour tagger is no better than a coin: " + knnAccuracy);
String.format("%s, trained on %d jets;   observables MLP on the same jets: %.3f +- %.3f;   EMD k-NN - MLP: %+.3f +- %.3f (paired)",
        knnAccuracy, knnTraining, mlpSame, mlpSameSe, difference, differenceSe)"""),
    md("""## What next

* `%%train tagger --model efn|pfn|mlp|bnn-pfn` at full size (`HEPML_SIZE` unset), or with more jets and the wider
  PFN: the particle networks need many more training jets than the observables MLP to overtake it (at 200,000 the
  PFN does, docs/TAGGING.md).
* Clustering of loaded LHE/HepMC events: `%events load FILE --as ev` then `%jets cluster ev`.
* The EMD between events of a loaded file, as a picture or as a column: `%events emd ev --between 0 1`,
  `%events emd ev --to 0`.
* Java twins: `hep.simulate("NAME", n, hep.topQcdJets()...)`, `hep.clusterJets(...)`, `hep.jets("NAME")`,
  `new EnergyMoversDistance(R, beta).pairwise(jets)`; every magic answers `--help`."""),
]


def particle_unfolding_cells():
    """Particle-level OmniFold (issue 18, item 7): its own cells at the end, so other sections merge around it."""
    return [
        md(r"""## Particle-level unfolding: an observable no classifier saw

OmniFold (Andreassen et al., PRL 124 (2020) 182001) reweights a simulation until its detector-level events look like
the data (step 1), then makes the weights a function of the generator-level event (step 2), and iterates. Here both
classifiers are Particle Flow Networks that read every particle of the jet (its $p_T$ fraction, rapidity and azimuth
relative to the jet axis), not a few observables: the unfolded weights belong to the whole generator-level particle
set, so **any** observable computed afterwards from the particles is unfolded, including ones that no classifier saw.

The toy (`%jets pairs`, docs/JETS.md): QCD jets at generator level in two *tunes* of the jet simulator, and the same
jets through a particle detector (90% efficiency, $p_T$ smearing $0.3/\sqrt{p_T} \oplus 3\%$, angles by 0.02,
$p_T > 1$ GeV). The simulation tune has $\alpha_s = 0.10$; nature has $\alpha_s = 0.13$, more hadrons and more gluons.
Nature's detector-level particles are the data, its generator-level particles the truth we pretend not to know."""),
        code("""int nUnfold = small ? 2_000 : 10_000;
hep.set("NU", nUnfold);
hep.set("UBOOT", small ? 2 : 8);               // bootstrap replicas of the data: the error bars
hep.set("UITER", small ? 2 : 3);
hep.set("UEPOCHS", small ? 4 : 10);"""),
        code("%jets pairs --tune simulation --n {NU} --seed 11 --as sim"),
        code("%jets pairs --tune nature --n {NU} --seed 12 --as nature"),
        md(r"""`--gen gen.particles --reco particles` name the particle lists stored with the datasets (`sim.gen.particles`,
`sim.particles`, and for the data `nature.particles`): both steps then use a PFN on the 32 hardest particles of
each event (`--reweighter efn` would use an Energy Flow Network). `--hidden` sets the per-particle network $\Phi$
and the network $F$ after the sum."""),
        code("""%%unfold omnifold
--sim sim --data nature --gen gen.particles --reco particles
--particles 32 --latent 32 --hidden 32,32 --epochs {UEPOCHS} --batch-size 256 --lr 2e-3
--iterations {UITER} --bootstrap {UBOOT} --as unfolded_jets"""),
        md(r"""The result is the simulated jets with the unfolded weights (`weight`, one `weight.boot<k>` per replica) and,
under `unfolded_jets.particles`, their generator-level particles. Clustering them computes observables that did
not exist when the networks trained; the weight columns come along. The simulation's own generator level and
nature's truth are clustered the same way."""),
        code("%jets cluster unfolded_jets --algorithm antikt -R 0.8 --pt-min 50 --no-ecf --as unfolded_j"),
        code("%jets cluster sim.gen --algorithm antikt -R 0.8 --pt-min 50 --no-ecf --as sim_j"),
        code("%jets cluster nature.gen --algorithm antikt -R 0.8 --pt-min 50 --no-ecf --as truth_j"),
        md(r"""The jet mass and $\tau_{21}$: the simulation (before), the truth, and the unfolded simulation with its
bootstrap error bars."""),
        code("%plot hist sim_j truth_j unfolded_j --column x.m,x.tau21 --bins 24 --normalize"),
        md(r"""How close to the truth, before and after, by the triangular discriminator
$\Delta(p, q) = \frac12 \sum_i (p_i - q_i)^2/(p_i + q_i)$ of unit-normalised histograms ($\times 10^3$). The error
of the unfolded value is its spread over the bootstrap replicas (the engine's acceptance test, `ParticleOmniFoldTest`,
also resamples the truth and requires the improvement in the jet mass to exceed three such errors). Two samples drawn
from one distribution are not at $\Delta = 0$: for $B$ filled bins and $N_1$, $N_2$ events (the unfolded sample counted
by its effective size $(\sum w)^2/\sum w^2$) they sit near $\Delta_0 \approx B (1/N_1 + 1/N_2)/4$, the *floor* column;
an observable whose tunes differ by little more than that (at the small test size: $\tau_{21}$, $z_g$) cannot show an
improvement, the mass and the multiplicity can."""),
        code("""import org.hepml.engine.unfold.UnfoldingMetrics;
Dataset unf = hep.dataset("unfolded_j"), truthJets = hep.dataset("truth_j");
int replicas = (int) unf.columnNames().stream().filter(c -> c.startsWith("weight.boot")).count();
double[] w = unf.column("weight");
double sw = 0, sw2 = 0;
for (double v : w) { sw += v; sw2 += v * v; }
double nEffective = sw * sw / sw2, nTruth = truthJets.size();
StringBuilder table = new StringBuilder("observable   before   after (bootstrap sd)   floor\\n");
for (String c : List.of("x.m", "x.tau21", "x.n", "x.zg")) {
    double[] r = Histogram.finiteRange(c, unf.column(c), truthJets.column(c));
    double[] truthH = Histogram.of(c, truthJets.column(c), null, 24, r[0], r[1]).counts();
    double before = UnfoldingMetrics.triangularDiscriminator(Histogram.of(c, unf.column(c), unf.column("weight.prior"), 24, r[0], r[1]).counts(), truthH);
    double after = UnfoldingMetrics.triangularDiscriminator(Histogram.of(c, unf.column(c), w, 24, r[0], r[1]).counts(), truthH);
    double s = 0, s2 = 0;
    for (int k = 1; k <= replicas; k++) {
        double d = UnfoldingMetrics.triangularDiscriminator(Histogram.of(c, unf.column(c), unf.column("weight.boot" + k), 24, r[0], r[1]).counts(), truthH);
        s += d;
        s2 += d * d;
    }
    double sd = replicas > 1 ? Math.sqrt(Math.max(0, (s2 - s * s / replicas) / (replicas - 1))) : Double.NaN;
    long filled = java.util.Arrays.stream(truthH).filter(v -> v > 0).count();
    double floor = filled * (1 / nEffective + 1 / nTruth) / 4;
    table.append(String.format("%-10s %8.2f %8.2f (%.2f) %17.2f%n", c, 1e3 * before, 1e3 * after, 1e3 * sd, 1e3 * floor));
    if (c.equals("x.m") && !(after < before)) throw new AssertionError("the unfolded jet mass is no closer to the truth: " + table);
}
table.toString()"""),
        md(r"""The jet mass and $\tau_{21}$ were never inputs: the networks saw particles, and the observables were computed
after the fact. Java twins: `hep.simulatePairs("sim", n, hep.twoTuneJets().tune(TwoTuneJets.Tune.SIMULATION).seed(11))`,
`hep.omnifold("sim", "nature", "gen.particles", "particles", options, "unfolded_jets")` with
`OmniFoldOptions.particles`/`latent`/`reweighter`; engine: `new ClassifierReweighter(settings, new
ParticleReweighting.Network(false, 32, 32))` in `OmniFold.reweighters(...)`."""),
    ]


# before the closing "What next" cell when there is one
_next = [i for i, c in enumerate(cells) if c.source.startswith("## What next")]
_at = _next[0] if _next else len(cells)
cells[_at:_at] = particle_unfolding_cells()

nb = new_notebook(cells=cells, metadata={
    "kernelspec": {"name": "hepml", "display_name": "Java (hepml)", "language": "java"},
    "language_info": {"name": "java"},
})
nbformat.write(nb, "notebooks/07-jets.ipynb")
