"""Writes notebooks/00-quickstart.ipynb (kept as a script so the tutorial's cells are reviewable as text)."""
import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

cells = [
    new_markdown_cell("""# hepml quickstart

**hepml** brings collider-physics machine learning to Java notebooks: magics (`%events`, `%plot`, and
soon `%%train`, `%infer`, `%%unfold`, `%%bnn`) that simulate or load events, train estimators and
unfold detector effects, all on one in-process engine that plain Java cells can use too.

This notebook shows the basics on the Gaussian toy of the OmniFold paper: simulate, describe, plot with a
ratio panel, then reach the same data from Java. Every magic answers `--help`."""),
    new_code_cell("%hepml"),
    new_markdown_cell("""The tutorials run full size for you and small size in the project's test suite (the environment
variable `HEPML_SIZE=small`). A number stored with `hep.set` can be used in any magic as `{name}`."""),
    new_code_cell("""boolean small = "small".equals(System.getenv("HEPML_SIZE"));
hep.set("N", small ? 20_000 : 200_000);"""),
    new_markdown_cell("""## Simulate

The toy: a generator-level observable `x.gen ~ N(mu, sigma)` and its detector-level partner
`x.reco = x.gen + N(0, 0.5)`. The "simulation" has N(0, 1); the "data" N(0.2, 0.8), as in the paper."""),
    new_code_cell("%events simulate gaussian --help"),
    new_code_cell("%events simulate gaussian --n {N} --mu 0 --sigma 1 --seed 1 --as sim"),
    new_code_cell("%events simulate gaussian --n {N} --mu 0.2 --sigma 0.8 --seed 2 --as data"),
    new_code_cell("%events describe data"),
    new_markdown_cell("""## Plot

In the style of the field: the data as black points with their Poisson (Garwood 68%) intervals, the simulation as a
filled histogram, and a ratio panel "data / sim" with the simulation's statistical uncertainty as a grey band around 1.
Weighted events get sqrt(sum w²) error bars instead. Axis titles are physics labels (`x.reco` is drawn as
"x (detector level)"), and the header counts the data's events."""),
    new_code_cell("%plot hist data sim --column x.reco --bins 40 --range -4,4 --ratio-to sim"),
    new_markdown_cell("""The cell form takes more options, one or more per line, with `#` comments:"""),
    new_code_cell("""%%plot hist data sim
--column x.gen           # generator level this time
--bins 40 --range -4,4
--normalize              # compare shapes
--ratio-to sim"""),
    new_markdown_cell("""## The same data from Java

The magics and Java cells share one workspace: `hep.dataset(name)` is a `Dataset`, whose `table()` is a
[Tablesaw](https://jtablesaw.github.io/tablesaw/) table to slice, filter and summarise."""),
    new_code_cell("""var data = hep.dataset("data");
var reco = data.table().numberColumn("x.reco");
String.format("x.reco: mean %.4f, std %.4f over %d events", reco.mean(), reco.standardDeviation(), data.size())"""),
    new_markdown_cell("""The detector-level data must follow N(0.2, sqrt(0.8² + 0.5²)) = N(0.2, 0.943) exactly. The check
allows five standard errors of the mean and of the standard deviation, so it holds at any size."""),
    new_code_cell("""double expectedStd = Math.hypot(0.8, 0.5);
double n = data.size();
double meanTolerance = 5 * expectedStd / Math.sqrt(n);
double stdTolerance = 5 * expectedStd / Math.sqrt(2 * n);
if (Math.abs(reco.mean() - 0.2) > meanTolerance || Math.abs(reco.standardDeviation() - expectedStd) > stdTolerance)
    throw new AssertionError("x.reco does not follow N(0.2, 0.943)");
String.format("x.reco follows N(0.2, %.3f) within five standard errors", expectedStd)"""),
    new_code_cell("""var t = data.table();
var tail = t.where(t.numberColumn("x.gen").isGreaterThan(1.0));
String.format("%d of %d events have x.gen > 1 (%.1f%%)", tail.rowCount(), t.rowCount(), 100.0 * tail.rowCount() / t.rowCount())"""),
    new_markdown_cell("""Figures are Java objects too: build one from histograms and it renders inline."""),
    new_code_cell("""var hData = hep.hist("data", "x.gen", 40, -4, 4);
var hSim = hep.hist("sim", "x.gen", 40, -4, 4);
hep.plotWithRatio("x.gen", hData, hSim)"""),
    new_markdown_cell("""Every figure magic takes `--save FILE` and writes PNG, SVG or PDF (vector, for a paper) by the file's ending,
as `save` does from Java:"""),
    new_code_cell("""var pdf = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "quickstart-x-reco.pdf");
hep.histograms("data", "sim").column("x.reco").bins(40).range(-4, 4).ratioTo("sim").save(pdf).figure();
String.format("wrote %s, %d bytes", pdf.getFileName(), java.nio.file.Files.size(pdf))"""),
    new_code_cell("%events list"),
]

nb = new_notebook(cells=cells, metadata={
    "kernelspec": {"name": "hepml", "display_name": "Java (hepml)", "language": "java"},
    "language_info": {"name": "java"},
})
nbformat.write(nb, "notebooks/00-quickstart.ipynb")
