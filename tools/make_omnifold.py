"""Writes notebooks/04-omnifold.ipynb (kept as a script so the tutorial's cells are reviewable as text)."""
import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

md, code = new_markdown_cell, new_code_cell
cells = [
    md(r"""# Unfolding with OmniFold

A detector blurs, shifts and loses what nature made. *Unfolding* estimates the generator-level distribution
from the measured one, using a simulation that has both levels event by event. OmniFold (Andreassen,
Komiske, Metodiev, Nachman, Thaler, PRL 124 (2020) 182001) does it without bins and in many observables at
once, by learning weights for the simulated events with two classifiers per iteration:

![The two steps of OmniFold](figures/omnifold-steps.svg)

* **Step 1** (detector level): a classifier tells simulation from data; its output $f$ gives the likelihood
  ratio $f/(1-f)$ (the trick of notebook 02), and the simulated events take it as a weight:
  $\omega_n = \nu_{n-1}\, \frac{p_\mathrm{data}(m)}{p_{\mathrm{sim},\nu_{n-1}}(m)}$.
* **Step 2** (generator level): the weights $\omega_n$ depend on detector effects too; a second classifier
  turns them into a proper function of the generator-level event, $\nu_n(t)$.

With binned "classifiers" (histogram ratios) the iterations are exactly iterative Bayesian unfolding (IBU,
D'Agostini), which hepml checks in its tests; with networks nothing is binned, so any observable of the
unfolded events can be drawn afterwards."""),
    code("%hepml"),
    code("""boolean small = "small".equals(System.getenv("HEPML_SIZE"));
hep.set("N", small ? 20_000 : 100_000);   // every fit trains all its epochs on all events: full size ~7 min on 2 quiet cores
hep.set("EPOCHS", 20);
hep.set("JET_EPOCHS", small ? 10 : 20);
hep.set("BOOT", small ? 4 : 10);"""),
    md(r"""## The Gaussian toy

The paper's first example: the simulation has $t \sim N(0, 1)$, nature $t \sim N(0.2, 0.8)$, and the detector
adds $N(0, 0.5)$. We know nature's truth, so we can check the answer."""),
    code("%events simulate gaussian --n {N} --mu 0 --sigma 1 --seed 1 --as sim"),
    code("%events simulate gaussian --n {N} --mu 0.2 --sigma 0.8 --seed 2 --as data"),
    md("""`--bootstrap B` reruns the unfolding on B Poisson-bootstrap replicas of the data, each with classifiers of
its own seed; their spread is the uncertainty of every histogram drawn from the result later, in any observable
and binning. It is validated: over 20 independent pseudo-data sets of this toy, the bootstrap error of the unfolded
mean, width and bins agrees with their actual spread within the comparison's precision
(`bench/unfolding-uncertainty`, results in `bench/results/unfolding-uncertainty.json`). That needs every
classifier fit to end at the same place: each trains all its epochs on all events with a learning rate falling to
1/20 (no early stopping), so that the spread over classifier seeds at fixed data (`--seeds K`) is a few percent of
the statistical error instead of as large as it."""),
    code("""%%unfold omnifold
--sim sim --data data
--gen x.gen --reco x.reco
--iterations 5 --bootstrap {BOOT}
--hidden 32,32 --epochs {EPOCHS} --batch-size 1000 --lr 5e-3   # a small, well-converged classifier
--as unfolded"""),
    code("%plot unfolding unfolded --truth data --data data --column x.gen --bins 40"),
    md("""The unfolded mean and width against nature's, with their bootstrap uncertainties. With B replicas,
(unfolded - truth) / bootstrap error follows at most a Student t with B - 1 degrees of freedom, so this cell
fails the notebook beyond its two-sided 99% quantile (plus, for the width, the 0.004 that exact iterative
unfolding of these Gaussians still lacks after 5 iterations):"""),
    code("""var moments = UnfoldedSpectrum.moments(hep.dataset("unfolded"), "x.gen");
var t = hep.dataset("data").table().numberColumn("x.gen");
int replicas = moments.length - 1;
double[] means = new double[replicas], widths = new double[replicas];
for (int b = 0; b < replicas; b++) { means[b] = moments[b + 1][0]; widths[b] = moments[b + 1][1]; }
var sm = new org.apache.commons.math3.stat.descriptive.DescriptiveStatistics(means).getStandardDeviation();
var sw = new org.apache.commons.math3.stat.descriptive.DescriptiveStatistics(widths).getStandardDeviation();
var q = new org.apache.commons.math3.distribution.TDistribution(replicas - 1).inverseCumulativeProbability(0.995);
// exact iterative unfolding of these Gaussians still has its width 0.004 high after 5 iterations
if (Math.abs(moments[0][0] - t.mean()) > q * sm || Math.abs(moments[0][1] - t.standardDeviation()) > q * sw + 0.004)
    throw new AssertionError(String.format("unfolded mean %.4f +- %.4f, width %.4f +- %.4f; truth %.4f, %.4f",
            moments[0][0], sm, moments[0][1], sw, t.mean(), t.standardDeviation()));
String.format("mean %.4f +- %.4f (truth %.4f);  width %.4f +- %.4f (truth %.4f)",
        moments[0][0], sm, t.mean(), moments[0][1], sw, t.standardDeviation())"""),
    md("""How the distance to the truth falls over the iterations (iteration 0 is the prior), and how far the
weights move from the prior:"""),
    code("%plot unfolding unfolded --truth data --show convergence"),
    code("%plot unfolding unfolded --show weights"),
    md(r"""## Six jet observables at once

A jet-substructure toy after the paper's Z+jets study: jet mass $m$, constituent multiplicity $n$, width $w$,
N-subjettiness ratio $\tau_{21}$, groomed momentum fraction $z_g$ and $\ln\rho = \ln(m^2/p_T^2)$. Two
generator tunes ("simulation" and "nature") differ in the gluon fraction and the shapes; the detector smears
and shifts every observable, loses 10% of the jets and adds 5% fakes."""),
    code("%events simulate jets --n {N} --tune simulation --efficiency 0.9 --fake-rate 0.05 --seed 3 --as jets_sim"),
    code("%events simulate jets --n {N} --tune nature --efficiency 0.9 --fake-rate 0.05 --seed 4 --as jets_data"),
    md(r"""Five observables go into the classifiers; $\ln\rho$ is left out on purpose: it never takes part in the
unfolding, yet the per-event weights carry it along."""),
    code("""%%unfold omnifold
--sim jets_sim --data jets_data
--gen x.gen.m,x.gen.n,x.gen.w,x.gen.tau21,x.gen.zg
--reco x.reco.m,x.reco.n,x.reco.w,x.reco.tau21,x.reco.zg
--iterations 4 --epochs {JET_EPOCHS} --batch-size 1000 --lr 2e-3
--as jets_unfolded"""),
    md("""The unfolded dataset is the simulation's jets (those with a generator-level partner) with all their
columns and the new weights: `x.gen.lnrho` is there although no classifier saw it."""),
    code("""%plot unfolding jets_unfolded --truth jets_data --data jets_data --bins 30"""),
    code("""var u = hep.dataset("jets_unfolded");
var truth = hep.dataset("jets_data");
UnfoldingPlots.summary(u, Unfolding.columns(u, "x.gen.*"), truth, 30)"""),
    md(r"""## Beside iterative Bayesian unfolding

IBU unfolds one binned observable at a time, with the response matrix from the same simulation and the same
number of iterations. On the jet mass: the triangular discriminator against the truth ($\times 10^3$, lower is
better) for the prior, IBU and OmniFold, all in IBU's bins:"""),
    code("""%%unfold ibu
--sim jets_sim --data jets_data --gen x.gen.m --reco x.reco.m
--iterations 4 --bins 30 --range 0,75 --truth jets_data"""),
    code("""var sim = hep.dataset("jets_sim");
double[] simW = new double[sim.size()];
java.util.Arrays.fill(simW, 1);
double[] dataReco = truth.column("x.reco.m");
double[] dataW = new double[dataReco.length];
java.util.Arrays.fill(dataW, 1);
var ibu = IterativeBayesianUnfolding.unfold(sim.column("x.gen.m"), sim.column("x.reco.m"), simW, dataReco, dataW, 30, 0, 75, 4)[3];
double[] t = Histogram.of("t", truth.column("x.gen.m"), null, 30, 0, 75).counts();
double dIbu = UnfoldingMetrics.triangularDiscriminator(ibu, t);
double dOmni = UnfoldingMetrics.triangularDiscriminator(Histogram.of("u", u.column("x.gen.m"), u.column("weight"), 30, 0, 75).counts(), t);
double dPrior = UnfoldingMetrics.triangularDiscriminator(Histogram.of("p", u.column("x.gen.m"), u.column("weight.prior"), 30, 0, 75).counts(), t);
double dRho = UnfoldingMetrics.triangularDiscriminator(
        Histogram.of("u", u.column("x.gen.lnrho"), u.column("weight"), 30, -14, -2).counts(),
        Histogram.of("t", truth.column("x.gen.lnrho"), null, 30, -14, -2).counts());
double dRhoPrior = UnfoldingMetrics.triangularDiscriminator(
        Histogram.of("p", u.column("x.gen.lnrho"), u.column("weight.prior"), 30, -14, -2).counts(),
        Histogram.of("t", truth.column("x.gen.lnrho"), null, 30, -14, -2).counts());
// OmniFold may not be worse than IBU beyond the statistical noise of the metric (a few 0.1 x 10^-3 here),
// and ln rho, never seen by the classifiers, must come closer to the truth than the prior
if (dOmni > dIbu + 1e-3 || !(dRho < 0.5 * dRhoPrior))
    throw new AssertionError(String.format("prior %.2f, IBU %.2f, OmniFold %.2f; ln rho %.2f vs prior %.2f", 1e3 * dPrior, 1e3 * dIbu, 1e3 * dOmni, 1e3 * dRho, 1e3 * dRhoPrior));
String.format("jet mass: prior %.2f, IBU %.2f, OmniFold %.2f;   ln rho (never used): prior %.2f, OmniFold %.2f   (x 10^-3)",
        1e3 * dPrior, 1e3 * dIbu, 1e3 * dOmni, 1e3 * dRhoPrior, 1e3 * dRho)"""),
    md("""## What next

* Uncertainties on any histogram: `UnfoldedSpectrum.of(dataset, column, bins, lo, hi, normalise)` gives the
  bootstrap and classifier-seed spreads per bin (`--bootstrap`, `--seeds`).
* Java twin of the magic: `hep.omnifold("sim", "data", "x.gen", "x.reco", options, "unfolded")` with an
  `OmniFoldOptions` (its `training` is a `TrainingSettings`); the README lists every magic's Java call.
* `notebooks/05-bayesian-networks.ipynb`: how far to trust a network's output."""),
]

nb = new_notebook(cells=cells, metadata={
    "kernelspec": {"name": "hepml", "display_name": "Java (hepml)", "language": "java"},
    "language_info": {"name": "java"},
})
nbformat.write(nb, "notebooks/04-omnifold.ipynb")
