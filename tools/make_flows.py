"""Writes notebooks/06-flows.ipynb (kept as a script so the tutorial's cells are reviewable as text)."""
import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

md, code = new_markdown_cell, new_code_cell
cells = [
    md(r"""# Normalizing flows: learned likelihoods, posteriors and generated events

Notebooks 02 and 03 learned the likelihood *ratio* with classifiers. A normalizing flow learns the density itself:
$\hat p(x\,|\,\theta)$, normalised, with exact log-density and sampling. This notebook:

1. shows the change of variables a flow is built on;
2. trains a conditional flow on the smeared $e^+e^-\to\mu^+\mu^-$ angle $\cos\theta^*$ and draws it beside the
   exact density at several $\sin^2\theta_W$ (NDE), checks its log-density error;
3. compares NDE, SCANDAL (the flow plus the simulator's joint score) and ALICES (a ratio network, notebook 03) on
   the same scan and on the coverage of their intervals;
4. learns a posterior directly (NPE) and checks it with simulation-based calibration;
5. generates events from the flow and tests them against simulation: a $\chi^2$ against the exact density and a
   classifier two-sample test.

Each section checks its result with a stated bound; details of the methods: [docs/FLOWS.md](../docs/FLOWS.md),
[docs/NPE.md](../docs/NPE.md)."""),
    code("%hepml"),
    md("""The tutorials run full size for you and small size in the project's test suite (`HEPML_SIZE=small`)."""),
    code("""boolean small = "small".equals(System.getenv("HEPML_SIZE"));
hep.set("N", 60_000);                          // training events of the flows (the same at both sizes: the checks need it)
hep.set("EPOCHS", 20);
hep.set("ALICES_EPOCHS", small ? 5 : 20);
hep.set("K", small ? 40 : 200);                // pseudo-experiments of the coverage check
hep.set("SIMULATIONS", small ? 10_000 : 20_000);  // NPE training samples
hep.set("SBC_DRAWS", small ? 300 : 1_000);
hep.set("G", 8_000);                           // generated events (the two-sample test's stated bound is for this size)"""),
    md(r"""## The change of variables

Take $z \sim \mathcal N(0, 1)$ and a smooth, increasing map $x = f(z)$. Then $x$ has the density
$$ p_x(x) = p_z\big(f^{-1}(x)\big)\,\left|\frac{d f^{-1}}{dx}\right| = \frac{p_z(z)}{f'(z)}, \qquad z = f^{-1}(x). $$
A flow makes $f$ flexible (here: rational-quadratic splines whose knots a network sets from the context
$\theta$, Durkan et al. 2019), so $\log \hat p(x|\theta) = \log p_z(f^{-1}(x)) + \log|d f^{-1}/dx|$ is exact and
training maximises it; sampling pushes $z$ through $f$. Below: 100,000 normal $z$ (left), a map $f$ (middle),
and the histogram of $f(z)$ against $p_z(z)/f'(z)$ (right)."""),
    code("""import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
java.util.function.DoubleUnaryOperator f = z -> z + 0.9 * Math.tanh(2 * (z - 0.3)), df = z -> 1 + 1.8 / Math.pow(Math.cosh(2 * (z - 0.3)), 2);
java.util.function.DoubleUnaryOperator phi = z -> Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
var rng = new java.util.SplittableRandom(1);
int draws = 100_000, bins = 64;
double lo = -4.5, hi = 4.5, width = (hi - lo) / bins;
double[] centres = new double[bins], hz = new double[bins], hx = new double[bins];
for (int b = 0; b < bins; b++) centres[b] = lo + (b + 0.5) * width;
for (int i = 0; i < draws; i++) {
    double z = Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble()), x = f.applyAsDouble(z);
    if (z >= lo && z < hi) hz[(int) ((z - lo) / width)] += 1.0 / (draws * width);
    if (x >= lo && x < hi) hx[(int) ((x - lo) / width)] += 1.0 / (draws * width);
}
double[] zs = LikelihoodScan.grid(-4, 4, 401), pz = new double[zs.length], fz = new double[zs.length], px = new double[zs.length];
for (int i = 0; i < zs.length; i++) {
    pz[i] = phi.applyAsDouble(zs[i]);
    fz[i] = f.applyAsDouble(zs[i]);
    px[i] = pz[i] / df.applyAsDouble(zs[i]);
}
XYChart base = new XYChartBuilder().width(300).height(280).title("base: z ~ N(0,1)").xAxisTitle("z").yAxisTitle("density").build();
XYChart map = new XYChartBuilder().width(300).height(280).title("the map x = f(z)").xAxisTitle("z").yAxisTitle("x").build();
XYChart pushed = new XYChartBuilder().width(300).height(280).title("x = f(z)").xAxisTitle("x").yAxisTitle("density").build();
for (XYChart c : List.of(base, map, pushed)) HepStyle.apply(c);
base.addSeries("p_z(z)", zs, pz).setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
base.addSeries("histogram of z", centres, hz).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
map.addSeries("f(z)", zs, fz).setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
pushed.addSeries("p_z(z) / f'(z)", fz, px).setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
pushed.addSeries("histogram of f(z)", centres, hx).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
Figure.grid(List.of(Figure.of(base), Figure.of(map), Figure.of(pushed)), 3)"""),
    md(r"""## A flow learns the smeared $\cos\theta^*$ density

Events at their own $\sin^2\theta_W$, drawn uniformly in 0.15-0.27, with the muon angle smeared by 0.1
(`--augment` keeps the joint score $t(x,z)$ that SCANDAL needs). The flow: 2 spline transforms of 6 bins, batch
1,024, learning rate $3\cdot10^{-3}$ falling to $3\cdot10^{-5}$: the settings whose scan covers (docs/FLOWS.md;
the default 3 transforms x 16 bins learns the density as well but its $\theta$-derivative is noisier, and the scan's
intervals come out too narrow)."""),
    code("""%events simulate ee-mumu --smearing 0.1 --theta "uniform(0.15,0.27)" --n {N} --augment --seed 1 --as train"""),
    code("""%train likelihood --data train --method nde --transforms 2 --bins 6 --batch-size 1024 --lr 3e-3 --lr-final 3e-5 --epochs {EPOCHS} --seed 21 --as nde"""),
    md(r"""The learned density (dashed) beside the exact one (solid) at three values of $\sin^2\theta_W$: the
forward-backward asymmetry grows as $\sin^2\theta_W$ falls from 1/4. With 6 bins per spline the flow's density has
visible kinks at the knots; more bins smooth them but make its $\theta$-derivative, which the scan needs, noisier."""),
    code("""var nde = hep.get("nde", LikelihoodEstimator.class);
var ee = Simulators.of(hep.dataset("train"));
double[] xs = LikelihoodScan.grid(-1.4, 1.4, 281);
double[][] column = new double[xs.length][1];
for (int i = 0; i < xs.length; i++) column[i][0] = xs[i];
XYChart densities = new XYChartBuilder().width(640).height(420).title("learned (dashed) and exact (solid) p(cos | sin2w)")
        .xAxisTitle("cos \u03b8* (smeared)").yAxisTitle("density").build();
HepStyle.apply(densities);
double[] points = {0.17, 0.21, 0.25};
java.awt.Color[] colours = {new java.awt.Color(0x1f77b4), new java.awt.Color(0x2ca02c), new java.awt.Color(0xd62728)};
for (int k = 0; k < points.length; k++) {
    double s = points[k];
    double[] learned = nde.logLikelihood(column, new double[]{s}), pl = new double[xs.length], pe = new double[xs.length];
    for (int i = 0; i < xs.length; i++) {
        pl[i] = Math.exp(learned[i]);
        pe[i] = Math.exp(ee.logLikelihood(xs[i], new double[]{s}));
    }
    densities.addSeries("exact " + s, xs, pe).setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE).setLineColor(colours[k]);
    densities.addSeries("flow " + s, xs, pl).setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE).setLineColor(colours[k])
            .setLineStyle(org.knowm.xchart.style.lines.SeriesLines.DASH_DASH);
}
Figure.of(densities)"""),
    md(r"""The check: $\mathbb E[(\log\hat p - \log p)^2]$ over 4,000 held-out events, $\theta$ uniform in 0.17-0.25 (inside
the training range) and $x \sim p(x|\theta)$, must be below 0.02, the engine test's bound for this simulator
(`LikelihoodEstimatorTest`; runs give 0.004-0.009). The mean squared error of 4,000 events has a relative error of
a few percent, so the bound is about the flow, not the sample."""),
    code("""var heldOut = new AugmentedSimulation(ee).theta("uniform(0.17,0.25)").seed(2).generate("held_out", 4_000);
double[] hx = heldOut.column("x.cos"), ht = heldOut.column("theta.sin2w");
double[][] hxs = new double[hx.length][1], hcs = new double[hx.length][1];
for (int i = 0; i < hx.length; i++) { hxs[i][0] = hx[i]; hcs[i][0] = ht[i]; }
double[] lp = nde.flow().logDensity(hxs, hcs);
double mse = 0;
for (int i = 0; i < hx.length; i++) mse += Math.pow(lp[i] - ee.logLikelihood(hx[i], new double[]{ht[i]}), 2) / hx.length;
if (!(mse < 0.02)) throw new AssertionError(String.format("E[(log p_hat - log p)^2] = %.4f, above 0.02", mse));
String.format("E[(log p_hat - log p)^2] on %d held-out events: %.4f (bound 0.02)", hx.length, mse)"""),
    md(r"""## NDE, SCANDAL and ALICES on the same data

SCANDAL (Brehmer et al., "Mining gold") adds $\alpha\,|\nabla_\theta\log\hat p(x|\theta) - t(x,z)|^2$ to the
flow's loss: the simulator's joint score tells it how each event's density moves with $\theta$. ALICES is the
ratio network of notebook 03, trained on the same kind of events against a reference sample at $\sin^2\theta_W = 0.23$.
All three give $\log\hat p(x|\theta) - \log\hat p(x|\theta_\mathrm{ref})$, which is all a scan needs."""),
    code("""%train likelihood --data train --method scandal --alpha 0.01 --transforms 2 --bins 6 --batch-size 1024 --lr 3e-3 --lr-final 3e-5 --epochs {EPOCHS} --seed 21 --as scandal"""),
    code("""%events simulate ee-mumu --smearing 0.1 --theta "uniform(0.15,0.27)" --reference 0.23 --n {N} --augment --seed 3 --as ratio_train"""),
    code("""%train ratio --data ratio_train --method alices --epochs {ALICES_EPOCHS} --as alices"""),
    md(r"""One "measurement": 1,000 events at $\sin^2\theta_W = 0.20$, scanned by each model with the exact likelihood beside it."""),
    code("""%events simulate ee-mumu --smearing 0.1 --theta 0.20 --n 1000 --seed 7 --as observed"""),
    code("""%infer scan --observed observed --theta "grid(0.15,0.27,61)" --model nde --exact --as scan_nde"""),
    code("""%infer scan --observed observed --theta "grid(0.15,0.27,61)" --model scandal --exact --as scan_scandal"""),
    code("""%infer scan --observed observed --theta "grid(0.15,0.27,61)" --model alices --exact --as scan_alices"""),
    md(r"""One scan says little about its interval; coverage says it all: $K$ pseudo-experiments of 1,000 events at
0.20, each scanned by every model and by the exact likelihood, and the fraction whose 68.3% and 95% intervals
contain the truth."""),
    code("""%infer coverage --simulator train --truth 0.20 --model nde,scandal,alices --exact --experiments {K} --events 1000 --theta "grid(0.15,0.27,61)" --levels 0.682689492137086,0.95 --seed 800 --as coverage"""),
    md(r"""A learned likelihood can be off in two ways: its curve in $\theta$ can be too sharp or too flat (intervals
too narrow or too wide), or shifted. The shift is measured without pseudo-experiments: the asymptotic MLE, the
maximum of $\mathbb E_{x\sim p(x|0.20)}[\log\hat p(x|\theta)]$ (the exact density at the truth, trapezoid over
$x$), is where an infinitely large experiment would land; its distance from 0.20 in units of
$\sigma = 1/\sqrt{1000\, I}$ is the bias $b$. A scan of the right width with bias $b$ covers
$\Phi(h - b) - \Phi(-h - b)$ ($h$ = 1 or 1.96).

The check, for every model and the exact likelihood ($b = 0$): the number of experiments covered lies in the central
99.9% of the binomial for that expected coverage, i.e. the intervals' width is right once the bias is accounted for.
The biases themselves are printed, not bounded: a single flow's varies from training to training by about 0.2$\sigma$
whatever its training size (docs/FLOWS.md). Only a model with $|b|$ well below 1 covers at the nominal rate.
`LikelihoodEstimatorTest.ndeScanCoversTheTruth` asks for the nominal rate itself, with what it takes: 240 training
events per observed event, a training range wider than the scanned grid (so that intervals do not run into its
edge), and an ensemble of three flows (`--ensemble 3`). The scans above print a caution for the same reason: this
notebook trains on 60 events per observed event, fewer than the 100 that `%infer scan` asks for."""),
    code("""/** The theta maximising E_{x ~ p(x | truth)}[log r_hat(x | theta)] on the grid, refined by a parabola as a scan refines its MLE. */
double asymptoticMle(LogRatio model, TractableSimulator sim, double truth, double[] grid) {
    int n = 2000;
    double lo = -1.8, hi = 1.8, h = (hi - lo) / n;
    double[][] x = new double[n + 1][1];
    double[] w = new double[n + 1];
    for (int i = 0; i <= n; i++) {
        x[i][0] = lo + i * h;
        w[i] = Math.exp(sim.logLikelihood(x[i][0], new double[]{truth})) * h * (i == 0 || i == n ? 0.5 : 1);
    }
    double[] el = new double[grid.length];
    for (int g = 0; g < grid.length; g++) {
        double[] lr = model.logRatio(x, new double[]{grid[g]});
        for (int i = 0; i <= n; i++) el[g] += w[i] * lr[i];
    }
    int best = 0;
    for (int g = 1; g < grid.length; g++) if (el[g] > el[best]) best = g;
    if (best == 0 || best == grid.length - 1) return grid[best];
    double curvature = el[best - 1] - 2 * el[best] + el[best + 1];   // the parabola through the top and its neighbours
    return grid[best] + 0.5 * (grid[1] - grid[0]) * (el[best - 1] - el[best + 1]) / curvature;
}
var coverage = hep.get("coverage", CoverageResult.class);
var normal = new org.apache.commons.math3.distribution.NormalDistribution();
double sigma = 1 / Math.sqrt(1000 * ee.fisherInformation(new double[]{0.20})[0][0]);
double[] scanGrid = LikelihoodScan.grid(0.15, 0.27, 61);
var lines = new java.util.ArrayList<String>();
var failures = new java.util.ArrayList<String>();
for (String label : List.of("exact", "nde", "scandal", "alices")) {
    double bias = label.equals("exact") ? 0 : (asymptoticMle(hep.get(label, LogRatio.class), ee, 0.20, scanGrid) - 0.20) / sigma;
    for (double level : new double[]{ScanResult.ONE_SIGMA, 0.95}) {
        double h = normal.inverseCumulativeProbability(0.5 + level / 2);
        double expected = normal.cumulativeProbability(h - bias) - normal.cumulativeProbability(-h - bias);
        int k = coverage.experiments(), covered = coverage.covered(label, level);
        int[] band = CoverageResult.binomialRange(k, expected, 0.001);
        boolean ok = covered >= band[0] && covered <= band[1];
        String line = String.format("%-8s bias %+.2f sigma  %5.1f%%: %3d of %d covered (expected %.3f, band %d-%d%s)", label, bias, 100 * level,
                covered, k, expected, band[0], band[1], coverage.open(label, level) > 0 ? ", " + coverage.open(label, level) + " open" : "");
        lines.add(line);
        if (!ok) failures.add(line);
    }
}
if (!failures.isEmpty()) throw new AssertionError("coverage outside the band of its bias:\\n" + String.join("\\n", failures));
String.join("\\n", lines)"""),
    md(r"""## Neural posterior estimation

NPE learns $q(\theta\,|\,s)$ directly: a flow over the parameter conditioned on a summary $s$ of $N$ events,
trained on pairs $\theta_i \sim$ prior, $s_i = s(x_i)$, $x_i \sim p(x|\theta_i)$. Here the Gaussian toy
($x \sim \mathcal N(\mu, \sqrt{1.25})$, $N = 20$ events, prior $\mathcal N(0, 0.5)$), whose posterior is known:
a normal around the sample mean. Summaries: mean, standard deviation and fraction above 0."""),
    code("""%train posterior --simulator gaussian --events 20 --simulations {SIMULATIONS} --prior "normal(0,0.5)" --as npe"""),
    code("""%events simulate gaussian --n 20 --mu 0.3 --seed 2 --as obs"""),
    code("""%infer posterior --model npe --observed obs --exact --as post"""),
    md(r"""The check, as in `PosteriorEstimatorTest`: the flow's posterior mean within 0.15 exact standard deviations
plus 3 Monte Carlo errors of the exact mean, its width within 8% plus $3/\sqrt{2L}$ of the exact width."""),
    code("""var post = hep.get("post", PosteriorSamples.class);
double dMean = Math.abs(post.mean() - post.exact().mean()), dWidth = Math.abs(post.sd() / post.exact().sd() - 1);
double meanBound = 0.15 * post.exact().sd() + 3 * post.meanError(), widthBound = 0.08 + 3 / Math.sqrt(2.0 * post.samples().length);
if (!(dMean < meanBound && dWidth < widthBound))
    throw new AssertionError(String.format("posterior mean %.4f vs exact %.4f, sd %.4f vs %.4f", post.mean(), post.exact().mean(), post.sd(), post.exact().sd()));
String.format("posterior mean %.4f (exact %.4f, bound %.4f), sd %.4f (exact %.4f: %+.1f%%, bound %.1f%%)",
        post.mean(), post.exact().mean(), meanBound, post.sd(), post.exact().sd(), 100 * (post.sd() / post.exact().sd() - 1), 100 * widthBound)"""),
    md(r"""Simulation-based calibration (Talts et al. 2018): for draws $\theta_i$ from the prior and data from them, the
rank of $\theta_i$ among posterior samples is uniform if the posterior is right; too narrow piles ranks at both
ends, biased at one. The check: the rank histogram's $\chi^2$ p-value above 0.001."""),
    code("""%infer sbc --model npe --draws {SBC_DRAWS} --as sbc"""),
    code("""var sbc = hep.get("sbc", SimulationBasedCalibration.class);
if (!(sbc.pValue() > 0.001)) throw new AssertionError("SBC ranks not uniform: " + sbc);
String.format("SBC: chi2 %.1f for %d dof, p = %.3f (%d draws)", sbc.chi2(), sbc.bins() - 1, sbc.pValue(), sbc.draws())"""),
    md(r"""## Generating events

The flow samples: $z \sim \mathcal N(0,1)$ pushed through the splines at $\sin^2\theta_W = 0.23$. Beside it, as many
simulated events at the same point."""),
    code("""%events generate --model nde --n {G} --theta 0.23 --seed 5 --as generated"""),
    code("""%events simulate ee-mumu --smearing 0.1 --theta 0.23 --n {G} --seed 9 --as simulated"""),
    code("""%plot hist generated simulated --column x.cos --bins 40 --range -1.5,1.5 --normalize --ratio-to simulated"""),
    md(r"""Two checks of the generated events.

**Against the exact density**: 20 bins of equal exact probability, Pearson $\chi^2$ on 19 degrees of freedom below
43.8, its 0.1% tail.

**Against simulation, with a classifier**: can a network tell generated from simulated events? Each sample is
halved, a classifier learns one half, and its AUC on the other halves is 1/2 when the two are alike (null sd
$\sqrt{(n_A+n_B+1)/(12\,n_A n_B)}$ = 0.0065 here). The bound, 0.5 + 0.015 + 3.1 null sd = 0.535, is the one
`TwoSampleTestTest` states; there a generator shifted by 0.1 in $\cos\theta^*$ (best possible AUC 0.566) fails
it, and the AUC's error is checked against its spread over repetitions."""),
    code("""double[] gen = hep.dataset("generated").column("x.cos");
int chiBins = 20, fine = 20_001;
double a = -1.6, b = 1.6, step = (b - a) / (fine - 1);
double[] cdf = new double[fine];
for (int i = 1; i < fine; i++)
    cdf[i] = cdf[i - 1] + 0.5 * step * (Math.exp(ee.logLikelihood(a + (i - 1) * step, new double[]{0.23})) + Math.exp(ee.logLikelihood(a + i * step, new double[]{0.23})));
int[] counts = new int[chiBins];
for (double v : gen) {
    double pos = Math.min(Math.max((v - a) / step, 0), fine - 1.000001);
    int cell = (int) pos;
    double u = (cdf[cell] + (pos - cell) * (cdf[cell + 1] - cdf[cell])) / cdf[fine - 1];
    counts[Math.min(chiBins - 1, (int) (u * chiBins))]++;
}
double expected = (double) gen.length / chiBins, chi2 = 0;
for (int c : counts) chi2 += (c - expected) * (c - expected) / expected;
if (!(chi2 < 43.8)) throw new AssertionError(String.format("generated vs exact: chi2 %.1f for 19 dof", chi2));
String.format("generated vs exact density: chi2 %.1f for 19 dof (bound 43.8)", chi2)"""),
    code("""%events compare generated simulated --as c2st"""),
    code("""var c2st = hep.get("c2st", TwoSampleTest.class);
double aucBound = 0.5 + 0.015 + 3.1 * c2st.nullSd();
if (!(c2st.auc() < aucBound)) throw new AssertionError(c2st + "; bound " + aucBound);
String.format("generated vs simulated: AUC %.4f +- %.4f, bound %.4f", c2st.auc(), c2st.standardError(), aucBound)"""),
    md("""## What next

* `%%train likelihood` on your own events with several observables: the flow then uses coupling layers.
* `notebooks/03-mining-gold.ipynb`: the ratio methods of the mining-gold family, and their error against training size.
* `bench/flows`: the same flow trained with hepml and with zuko (PyTorch), speed and loss side by side."""),
]

nb = new_notebook(cells=cells, metadata={
    "kernelspec": {"name": "hepml", "display_name": "Java (hepml)", "language": "java"},
    "language_info": {"name": "java"},
})
nbformat.write(nb, "notebooks/06-flows.ipynb")
