"""Writes notebooks/03-mining-gold.ipynb (kept as a script so the tutorial's cells are reviewable as text)."""
import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

md, code = new_markdown_cell, new_code_cell
cells = [
    md(r"""# Mining gold from the simulator

A classifier learns the likelihood ratio from labels alone (notebook 02). But a simulator knows more about each
event it makes: it followed a latent path $z$ (which way the ball bounced, which parton showered), and along
that path the **joint** likelihood ratio and the **joint** score are computable:

$$ r(x,z\,|\,\theta_0,\theta_1) = \frac{p(x,z|\theta_0)}{p(x,z|\theta_1)}, \qquad
   t(x,z\,|\,\theta_0) = \nabla_\theta \log p(x,z|\theta)\,\Big|_{\theta_0}. $$

They are noisy versions of what we want: the mean squared error
$\mathbb{E}\,[\,|g(x) - r(x,z)|^2\,]$ is minimised by $g(x) = r(x|\theta_0,\theta_1)$, and likewise for the score
(Brehmer, Louppe, Pavez, Cranmer, arXiv:1805.12244, "mining gold"). Regressing on them gives every event a
precise target instead of a 0/1 label. The methods, each one loss in hepml's table (`Method`):

| method | trains on | loss |
|---|---|---|
| CARL | labels $y$ | cross-entropy |
| ROLR | $r(x,z)$ | squared error on $r$ and $1/r$ |
| RASCAL | $r(x,z)$, $t(x,z)$ | ROLR + $\alpha$ · squared error on the score |
| ALICE | $r(x,z)$ | cross-entropy with the soft label $s(x,z) = 1/(1+r(x,z))$ |
| ALICES | $r(x,z)$, $t(x,z)$ | ALICE + $\alpha$ · squared error on the score |
| CASCAL | $y$, $t(x,z)$ | CARL + $\alpha$ · squared error on the score |
| SALLY | $t(x,z)$ at $\theta_\mathrm{ref}$ | squared error on the score: a locally optimal observable |

The score of a parametrized estimator, $\nabla_{\theta}\log\hat r(x|\theta)$, is differentiated through the network
with forward-mode tangents, so it enters the loss as an ordinary, differentiable quantity."""),
    code("%hepml"),
    code("""boolean small = "small".equals(System.getenv("HEPML_SIZE"));
hep.set("N", small ? 5_000 : 20_000);
hep.set("EPOCHS", small ? 10 : 30);"""),
    md(r"""## The Galton board

Balls fall through 20 rows of nails; at each nail the bounce probability depends on $\theta$ and on where the
ball is, so $p(x|\theta)$ of the landing position is a sum over $\sim 10^6$ paths — intractable in the spirit,
exact here by dynamic programming for validation. Each simulated ball knows its own path, hence
$r(x,z)$ and $t(x,z)$: `--augment` stores them as `r_xz` and `t_xz.theta`."""),
    code("""%events simulate galton --n {N} --theta "uniform(-1,-0.4)" --reference -0.6 --augment --seed 1 --as board"""),
    code("%events describe board"),
    md(r"""The joint ratio scatters widely around the true one: different paths to the same $x$ have very different
probabilities. A regression averages that noise out."""),
    code("%plot hist board --column r_xz --bins 50 --range 0,4"),
    md("""## Three estimators on the same events"""),
    code("""%train ratio --data board --method carl --epochs {EPOCHS} --hidden 64,64 --as carl"""),
    code("""%train ratio --data board --method rascal --epochs {EPOCHS} --hidden 64,64 --as rascal"""),
    code("""%train ratio --data board --method alices --epochs {EPOCHS} --hidden 64,64 --as alices"""),
    md(r"""Learned (dashed) against exact (solid) $\log r(x|\theta_0, \theta_1=-0.6)$ at $\theta_0 = -0.8$; the board's
positions are the integers 0–30."""),
    code("""var sim = Simulators.of(hep.dataset("board"));
double[] theta1 = {-0.6};
double[] xs = LikelihoodScan.grid(0, 30, 31);
var figures = new java.util.ArrayList<Figure>();
for (String m : java.util.List.of("carl", "rascal", "alices"))
    figures.add(RatioDiagnostics.curves(hep.get(m, RatioEstimator.class), sim, theta1, xs, new double[]{-0.8}));
Figure.grid(figures, 3)"""),
    code("""var test = RatioDiagnostics.sample(sim, theta1, 20_000, 77);
var errors = new java.util.LinkedHashMap<String, String>();
for (String m : java.util.List.of("carl", "rascal", "alices"))
    errors.put(m, String.format("%.2e", RatioDiagnostics.meanSquaredError(hep.get(m, RatioEstimator.class), sim, theta1, test, new double[]{-0.8})));
errors.put("log r = 0", String.format("%.2e", RatioDiagnostics.constantGuessError(sim, theta1, test, new double[]{-0.8})));
errors"""),
    md(r"""## Error against training-set size

The paper's figure of merit, $\mathbb{E}_{x\sim p(x|\theta_1)}[(\log\hat r - \log r)^2]$ averaged over
$\theta_0 \in \{-0.9, -0.8, -0.5\}$, for independent training sets of each size (one seed per set; the error bars
are the spread over seeds). `MethodComparison` trains them all behind one progress display."""),
    code("""var options = new EstimatorOptions();
options.epochs = small ? 10 : 30;
options.hidden = new int[]{64, 64};
var methods = small ? java.util.List.of(Method.CARL, Method.RASCAL, Method.ALICES)
                    : java.util.List.of(Method.values());
int[] sizes = small ? new int[]{1_000, 4_000} : new int[]{500, 1_000, 2_000, 5_000, 10_000, 20_000};
var comparison = MethodComparison.run(sim, "uniform(-1,-0.4)", theta1,
        new double[][]{{-0.9}, {-0.8}, {-0.5}}, methods, sizes, small ? 1 : 3, options);
hep.set("comparison", comparison);
comparison"""),
    md("""The mining-gold result: at the same number of simulated events, the methods that use the joint ratio and
score reach a lower error than the classifier. This cell checks it at the largest size (and fails the notebook
if not)."""),
    code("""int last = sizes.length - 1;
int carlRow = methods.indexOf(Method.CARL), rascalRow = methods.indexOf(Method.RASCAL), alicesRow = methods.indexOf(Method.ALICES);
if (!(comparison.mean(rascalRow, last) < comparison.mean(carlRow, last)) || !(comparison.mean(alicesRow, last) < comparison.mean(carlRow, last)))
    throw new AssertionError("the augmented methods should beat CARL at " + sizes[last] + " events:\\n" + comparison);
String.format("at %d events: carl %.2e, rascal %.2e, alices %.2e", sizes[last],
        comparison.mean(carlRow, last), comparison.mean(rascalRow, last), comparison.mean(alicesRow, last))"""),
    md(r"""## SALLY and the Fisher information on $e^+e^-\to\mu^+\mu^-$

Near a reference point the score is all there is to know: $\log r(x|\theta,\theta_\mathrm{ref}) \approx
t(x|\theta_\mathrm{ref})\cdot(\theta-\theta_\mathrm{ref})$, so the learned score is the optimal observable
there (SALLY). Its second moment is the Fisher information
$I_{ij} = \mathbb{E}[t_i t_j]$, and by Cramér–Rao $1/\sqrt{N\, I}$ is the best error $N$ events can give.

Training needs events at the reference point $\sin^2\theta_W = 0.23$ only, with their joint score.

(Why one parameter? The muon angle is shaped by $\sin^2\theta_W$ and $\sqrt{s}$ only through the one
asymmetry $A_{FB}$, so with both as parameters the per-event information matrix has rank one: the error
ellipse degenerates into a band along which the two trade off. Try `--parameters sin2w,sqrts` to see it;
the total cross section would break the degeneracy.)"""),
    code("""%events simulate ee-mumu --n {N} --theta 0.23 --augment --smearing 0.1 --seed 5 --as eeref"""),
    code("""%train score --data eeref --epochs {EPOCHS} --hidden 64,64 --as sally"""),
    code("""%infer fisher --model sally --data eeref --events 10000 --exact --as fisher"""),
    md("""SALLY's information must match the simulator's exact one; this cell checks it within 10%."""),
    code("""var fisher = hep.get("fisher", org.hepml.magics.InferMagic.FisherReport.class);
double[][] a = fisher.learned().perEvent(), b = fisher.exact().perEvent();
if (Math.abs(a[0][0] / b[0][0] - 1) > 0.10)
    throw new AssertionError("Fisher information: learned " + a[0][0] + ", exact " + b[0][0]);
String.format("I(sin2w) per event: learned %.4g, exact %.4g; Cramer-Rao error with 10,000 events %.4f",
        a[0][0], b[0][0], 1 / Math.sqrt(1e4 * b[0][0]))"""),
    md("""## What next

* The same estimators on your own events: `%events load` an LHE file with MadGraph reweighting weights, and
  its `r_xz` columns come from the ratio of two weight columns (notebook 01).
* `notebooks/04-omnifold.ipynb`: unfolding detector effects without bins."""),
]

nb = new_notebook(cells=cells, metadata={
    "kernelspec": {"name": "hepml", "display_name": "Java (hepml)", "language": "java"},
    "language_info": {"name": "java"},
})
nbformat.write(nb, "notebooks/03-mining-gold.ipynb")
