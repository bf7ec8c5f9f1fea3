"""Writes notebooks/02-likelihood-ratio-trick.ipynb (kept as a script so the tutorial's cells are reviewable as text)."""
import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

md, code = new_markdown_cell, new_code_cell
cells = [
    md(r"""# The likelihood-ratio trick

The likelihood ratio $r(x\,|\,\theta_0,\theta_1) = p(x\,|\,\theta_0)/p(x\,|\,\theta_1)$ is the most powerful
test statistic between two hypotheses (Neyman–Pearson) and the heart of every likelihood fit. In collider
physics we cannot evaluate $p(x\,|\,\theta)$ — the simulator only *samples* from it — but a classifier can
learn the ratio from samples.

**The trick as a variational problem.** Label events from $\theta_1$ with $y=1$ and events from $\theta_0$
with $y=0$, and minimise the cross-entropy over all functions $s(x)$:

$$ L[s] = -\int dx\, \Big[ p(x|\theta_1) \log s(x) + p(x|\theta_0) \log\big(1-s(x)\big) \Big]. $$

The integrand can be minimised point by point; setting its derivative in $s$ to zero gives

$$ s^*(x) = \frac{p(x|\theta_1)}{p(x|\theta_0) + p(x|\theta_1)} \quad\Longrightarrow\quad
   r(x|\theta_0,\theta_1) = \frac{1 - s^*(x)}{s^*(x)}. $$

A network trained long enough on enough events approaches $s^*$, so its output *is* a likelihood-ratio
estimate. Feeding $\theta_0$ as an extra input and drawing it from a prior gives one **parametrized**
classifier for every $\theta_0$ at once (CARL, Cranmer, Pavez and Louppe, arXiv:1506.02169).

This notebook does it on a physics process with an exact likelihood to compare with: $e^+e^- \to \mu^+\mu^-$ at
the Z pole, where $\sin^2\theta_W$ shapes the muon's angular distribution."""),
    code("%hepml"),
    md("""The tutorials run full size for you and small size in the project's test suite (`HEPML_SIZE=small`)."""),
    code("""boolean small = "small".equals(System.getenv("HEPML_SIZE"));
hep.set("N", small ? 50_000 : 200_000);       // ratio-training events
hep.set("EPOCHS", small ? 10 : 50);
hep.set("N_OBS", small ? 2_000 : 5_000);    // the "measured" events
hep.set("K", small ? 60 : 300);              // pseudo-experiments of the coverage check"""),
    md(r"""## The process

$d\sigma/d\cos\theta^* \propto (1+\cos^2\theta^*)\,(1 + \dots) + \tfrac{8}{3} A_{FB} \cos\theta^*$: the
forward–backward asymmetry $A_{FB}$ of the $\mu^-$ carries the weak mixing angle through the vector couplings
$g_V = -\tfrac12 + 2\sin^2\theta_W$. The detector measures $\cos\theta^*$ with a resolution of 0.1. Two
hypotheses side by side:"""),
    code("%events simulate ee-mumu --n {N} --theta 0.19 --smearing 0.1 --seed 11 --as sw019"),
    code("%events simulate ee-mumu --n {N} --theta 0.25 --smearing 0.1 --seed 12 --as sw025"),
    code("%plot hist sw019 sw025 --column x.cos --bins 40 --range -1.3,1.3 --ratio-to sw025"),
    md(r"""## The training sample

`--reference 0.23` makes a ratio-training sample: half the events come from the reference $\theta_1 = 0.23$
(label `y = 1`), half from $\theta_0$ drawn from the prior $U(0.15, 0.27)$ (`y = 0`). Every event carries its
$\theta_0$ in `theta.sin2w`, the network's second input."""),
    code("""%events simulate ee-mumu --n {N} --theta "uniform(0.15,0.27)" --reference 0.23 --smearing 0.1 --seed 1 --as train"""),
    code("%events describe train"),
    md("""## Train the classifier

`%%train ratio` trains a parametrized estimator; `--method carl` is the plain cross-entropy classifier of this
notebook (the methods that use more of the simulator come in the next notebook). The live display shows epoch,
losses and speed; the loss curve follows at the end. An interrupt stops it after the current batch and keeps
the best state."""),
    code("""%%train ratio
--data train --method carl
--epochs {EPOCHS} --seed 1
--as carl"""),
    md(r"""## Learned against exact

The simulator knows $p(x|\theta)$ exactly (the smeared angular distribution integrates in closed form), so the
learned $\log \hat r$ can be checked directly: solid lines are exact, dashed are learned, for three values of
$\theta_0$."""),
    code("""var sim = Simulators.of(hep.dataset("train"));
var carl = hep.get("carl", RatioEstimator.class);
double[] theta1 = {0.23};
RatioDiagnostics.curves(carl, sim, theta1, LikelihoodScan.grid(-1.2, 1.2, 97),
        new double[]{0.17}, new double[]{0.20}, new double[]{0.26})"""),
    code("""RatioDiagnostics.scatter(carl, sim, theta1, RatioDiagnostics.sample(sim, theta1, 400, 5),
        new double[]{0.17}, new double[]{0.26})"""),
    md(r"""## Calibration

Is $\hat r$ the ratio it claims to be? Simulate fresh events at $\theta_0$ and $\theta_1$, bin them in the
learned $\log\hat r$, and count: in a bin, $\log(n_{\theta_0}/n_{\theta_1})$ is the ratio the output really
carries. Points on the diagonal mean calibrated. A classifier that is monotonic in the true ratio but off the
diagonal still separates the hypotheses optimally; the histogram of its output recalibrates it (the
"calibrated" in CARL)."""),
    code("""RatioDiagnostics.calibration(carl, sim, new double[]{0.19}, theta1, small ? 20_000 : 100_000, 20, 7)"""),
    md(r"""## A measurement

"Data": events at $\sin^2\theta_W = 0.19$. The scan sums $\log \hat r$ over the events at every grid point;
$-2\Delta\log L$ and Wilks' theorem give the 68% and 95% intervals, and `--exact` draws the true likelihood
beside it.

At the Z pole the asymmetry depends on $(1 - 4\sin^2\theta_W)$ squared, to first approximation, so values
mirrored around 0.25 look alike; the scan stays below 0.25, where other measurements put the angle."""),
    code("%events simulate ee-mumu --n {N_OBS} --theta 0.19 --smearing 0.1 --seed 99 --as observed"),
    code("""%infer scan --observed observed --theta "grid(0.15,0.25,101)" --model carl --exact --as scan"""),
    md("""The learned maximum must lie inside the exact 95% interval; this cell checks it (and fails the notebook
if not). Summed over many events, a small bias of $\\log\\hat r$ per event moves the whole curve: with ten
times more observed events the exact interval shrinks by $\\sqrt{10}$ and a plain classifier trained on
this many events is no longer precise enough — one reason for the methods of the next notebook."""),
    code("""var scan = hep.get("scan", ScanReport.class);
var learned = scan.scans().get(0);
var exact = scan.scans().get(1);
double[] ci = exact.interval95();
// an interval that runs off the grid has NaN as that end
if (!(learned.mle()[0] >= ci[0] && learned.mle()[0] <= ci[1]))
    throw new AssertionError("learned MLE " + learned.mle()[0] + " is outside the exact 95% interval " + java.util.Arrays.toString(ci));
String.format("MLE: learned %.4f, exact %.4f in [%.4f, %.4f] at 95%% CL (truth 0.19)", learned.mle()[0], exact.mle()[0], ci[0], ci[1])"""),
    md(r"""## The sum rule

The true ratio obeys $\int dx\, p(x|\theta_1)\, r(x|\theta_0) = 1$ for every $\theta_0$. A trained network
misses it by a little: its error has a part that depends on $\theta_0$ alone, an offset $c(\theta_0)$ in
$\log\hat r$. Per event the offset is tiny, but the scan adds it up $N$ times, so $\log L$ picks up
$N\,c(\theta_0)$ and the maximum moves. hepml therefore divides $\hat r$ by its mean over the training events
from $\theta_1$ (the estimator's summary says on how many; `--no-normalize` turns it off). Below, the same
scan with the network's raw output beside it. In one experiment the two may differ by less than the error;
over many the difference is systematic. In the project's tests, the raw classifier's maximum on the Galton
board sat 4 standard deviations from the truth, and on this process the `rolr` and `alice` estimators ran to
the edge of the grid; normalised, every method's asymptotic maximum lies within half a standard deviation of
the truth. A right maximum does not make a right interval, though: that needs the curve's width to be right
too, which the next section measures."""),
    code("""var raw = LikelihoodScan.scan(carl.unnormalised(), hep.dataset("observed"), java.util.List.of(LikelihoodScan.grid(0.15, 0.25, 101)),
        "carl, raw network output");
new ScanReport(java.util.List.of(learned, raw, exact), new double[]{0.19})"""),
    md(r"""## Do the intervals cover?

One scan says little about its interval. The claim behind "68% CL" is a frequency: over many repetitions of
the experiment, the interval contains the true value 68% of the time. `%infer coverage` checks exactly that:
it draws `--experiments` pseudo-experiments of `--events` events from the simulator that made `train`
(same smearing) at `--truth`, scans each with the learned and the exact likelihood, and at every confidence
level counts the experiments whose Wilks interval contains the truth. Wilks' theorem is asymptotic, so even
the exact likelihood is only expected to cover at the nominal rate; the grey band is where a calibrated
likelihood's points fall 95% of the time for this many experiments (binomial), and each point carries its
Clopper–Pearson 68% error. An interval that runs off the grid is *open*: it is counted separately and never
as covering (a flat, uninformative curve would otherwise "cover" every time). Points below the band mean
intervals too narrow (or biased), above it too wide; the table marks levels outside the band in red."""),
    code("""%infer coverage --model carl --simulator train --truth 0.19 --experiments {K} --events {N_OBS} --theta "grid(0.15,0.25,101)" --exact --as coverage"""),
    md(r"""The cell below checks the exact likelihood's 68% coverage against the binomial distribution: its count
must lie in the central 99.9% of Binomial(K, 0.683), so a correct scan fails it once in a thousand runs. The
learned estimator is not asserted here: its table row and points are the result to read (the project's tests
check the learned methods' two-sided coverage with bounds that account for their measured bias)."""),
    code("""var coverage = hep.get("coverage", CoverageResult.class);
int k = coverage.experiments();
int[] band = CoverageResult.binomialRange(k, ScanResult.ONE_SIGMA, 0.001);
int exactCovered = coverage.covered("exact", ScanResult.ONE_SIGMA);
if (exactCovered < band[0] || exactCovered > band[1])
    throw new AssertionError("exact 68% coverage " + exactCovered + " of " + k + " is outside the binomial range " + java.util.Arrays.toString(band));
String.format("68%% coverage: exact %d of %d, carl %d of %d (%d open); a calibrated likelihood gives %d-%d (99.9%%)", exactCovered, k,
        coverage.covered("carl", ScanResult.ONE_SIGMA), k, coverage.open("carl", ScanResult.ONE_SIGMA), band[0], band[1])"""),
    md("""## What next

* `notebooks/03-mining-gold.ipynb`: the methods that also use the joint likelihood ratio and score the
  simulator knows (RASCAL, ALICES, SALLY), and how much less data they need.
* Java twin of everything above: `RatioEstimator.train(dataset, Method.CARL, 1.0, options)`,
  `LikelihoodScan.scan(model, observed, axes, label)`, `RatioDiagnostics`, and
  `hep.coverage(simulator, truth).model("carl", carl).exact(true).experiments(K).events(N).run()`."""),
]

nb = new_notebook(cells=cells, metadata={
    "kernelspec": {"name": "hepml", "display_name": "Java (hepml)", "language": "java"},
    "language_info": {"name": "java"},
})
nbformat.write(nb, "notebooks/02-likelihood-ratio-trick.ipynb")
