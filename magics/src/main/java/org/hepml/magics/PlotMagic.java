package org.hepml.magics;

import org.hepml.engine.HepmlException;
import org.hepml.engine.Workspace;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.plot.Figure;
import org.hepml.engine.plot.Histogram;
import org.hepml.engine.plot.HistogramPlot;
import org.hepml.engine.unfold.UnfoldedSpectrum;
import org.hepml.engine.unfold.Unfolding;
import org.hepml.engine.unfold.UnfoldingPlots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code %plot}: HEP-style figures of workspace datasets. */
public final class PlotMagic extends PicocliMagic {

    public PlotMagic(Workspace workspace) {
        super(workspace, Plot.class);
    }

    @Override
    public String name() {
        return "plot";
    }

    @Override
    public String summary() {
        return "draw histograms of dataset columns, with error bars and a ratio panel";
    }

    @Command(name = "plot", mixinStandardHelpOptions = true, description = "Draw HEP-style figures.",
            subcommands = {Hist.class, UnfoldingPlot.class})
    static final class Plot {
    }

    @Command(name = "hist", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Histogram a column of one or more datasets (step lines with sqrt(sum w^2) error bars),",
                    "optionally with a ratio panel to a reference dataset."})
    static final class Hist implements Callable<Figure> {
        private final Workspace workspace;

        @Parameters(paramLabel = "DATASET", arity = "1..*", description = "datasets to draw")
        List<String> datasets;
        @Option(names = "--column", required = true, paramLabel = "C", split = ",",
                description = "the column to histogram, e.g. x.reco; several (comma-separated) give one panel each")
        List<String> columns;
        @Option(names = "--columns-per-row", defaultValue = "3", description = "panels per row with several columns (default ${DEFAULT-VALUE})")
        int perRow;
        @Option(names = "--weights", paramLabel = "W",
                description = "weight column (default: 'weight' where the dataset has one, else unit weights)")
        String weights;
        @Option(names = "--bins", description = "number of bins (default ${DEFAULT-VALUE})", defaultValue = "40")
        int bins;
        @Option(names = "--range", split = ",", paramLabel = "a,b", description = "histogram range (default: the data's)")
        double[] range;
        @Option(names = "--ratio-to", paramLabel = "OTHER", description = "add a ratio panel: every dataset divided by OTHER")
        String ratioTo;
        @Option(names = "--normalize", description = "draw unit-area densities to compare shapes")
        boolean normalize;
        @Option(names = "--title", description = "figure title")
        String title = "";
        @Option(names = "--save", paramLabel = "FILE", description = "also write the figure to FILE (.png or .svg)")
        Path save;
        @Option(names = "--as", paramLabel = "NAME", description = "also store the figure in the workspace")
        String as;

        Hist(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public Figure call() {
            if (bins <= 0 || bins > 10_000) throw new MagicUsageException("--bins must be between 1 and 10000, got " + bins + ".");
            if (range != null && (range.length != 2 || !(range[1] > range[0]))) {
                throw new MagicUsageException("--range takes two numbers a,b with a < b, e.g. --range -3,3.");
            }
            if (as != null) Workspace.checkName(as);
            List<String> names = new ArrayList<>(datasets);
            if (ratioTo != null && !names.contains(ratioTo)) names.add(ratioTo);
            List<Dataset> ds = names.stream().map(workspace::dataset).toList();
            Figure f;
            if (columns.size() == 1) {
                f = panel(ds, names, columns.get(0), 640, 480);
            } else {
                if (perRow < 1) throw new MagicUsageException("--columns-per-row must be at least 1.");
                List<Figure> panels = new ArrayList<>();
                for (String c : columns) panels.add(panel(ds, names, c, 420, 340));
                f = Figure.grid(panels, perRow);
            }
            if (save != null) f.save(save);
            if (as != null) workspace.put(as, f);
            return f;
        }

        private Figure panel(List<Dataset> ds, List<String> names, String column, int width, int height) {
            List<double[]> values = new ArrayList<>();
            for (Dataset d : ds) values.add(d.column(column));
            double lo, hi;
            if (range != null) {
                lo = range[0];
                hi = range[1];
            } else {
                double[] r = finiteRange(values, column);
                lo = r[0];
                hi = r[1];
            }
            HistogramPlot plot = new HistogramPlot().title(title).xLabel(column).normalize(normalize).size(width, height);
            for (int i = 0; i < ds.size(); i++) {
                Dataset d = ds.get(i);
                if (weights == null && d.columnNames().stream().anyMatch(c -> c.startsWith("weight.boot"))) {
                    // an unfolded dataset: its error bars are the bootstrap spread, not sqrt(sum w^2)
                    plot.add(UnfoldedSpectrum.of(d, column, bins, lo, hi, false).histogram());
                    continue;
                }
                double[] w = weightsOf(d);
                plot.add(Histogram.of(d.name(), values.get(i), w, bins, lo, hi));
            }
            if (ratioTo != null) plot.ratioTo(names.indexOf(ratioTo));
            return plot.figure();
        }

        private double[] weightsOf(Dataset d) {
            if (weights != null) return d.column(weights);
            return d.has("weight") ? d.column("weight") : null;
        }

        private static double[] finiteRange(List<double[]> values, String column) {
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (double[] v : values) {
                for (double x : v) {
                    if (Double.isFinite(x)) {
                        lo = Math.min(lo, x);
                        hi = Math.max(hi, x);
                    }
                }
            }
            if (lo == Double.POSITIVE_INFINITY) {
                throw new HepmlException("Column '" + column + "' has no finite values to histogram.");
            }
            if (hi == lo) {
                lo -= 0.5;
                hi += 0.5;
            }
            return new double[]{lo, Math.nextUp(hi)};
        }
    }

    @Command(name = "unfolding", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Figures of an unfolding result (%%unfold): the unfolded spectra against the truth, the",
                    "detector-level data and the prior, with a ratio panel (--show spectra); the distance to the truth",
                    "over the iterations (--show convergence); the weight distribution (--show weights)."})
    static final class UnfoldingPlot implements Callable<Figure> {
        private final Workspace workspace;

        @Parameters(paramLabel = "UNFOLDED", description = "the unfolded dataset")
        String unfolded;
        @Option(names = "--column", paramLabel = "C", description = "generator-level columns or globs (default: every x.gen* column)")
        String columns;
        @Option(names = "--truth", paramLabel = "DATASET", description = "the data's generator-level truth, when known (a toy's)")
        String truth;
        @Option(names = "--data", paramLabel = "DATASET", description = "the measured data, drawn at detector level")
        String data;
        @Option(names = "--show", defaultValue = "spectra", description = "spectra, convergence or weights (default ${DEFAULT-VALUE})")
        String show;
        @Option(names = "--bins", defaultValue = "30", description = "(default ${DEFAULT-VALUE})")
        int bins;
        @Option(names = "--columns-per-row", defaultValue = "3", description = "panels per row (default ${DEFAULT-VALUE})")
        int perRow;
        @Option(names = "--as", paramLabel = "NAME", description = "store the figure")
        String as;

        UnfoldingPlot(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public Figure call() {
            if (as != null) Workspace.checkName(as);
            if (bins < 1 || bins > 10_000) throw new MagicUsageException("--bins must be between 1 and 10000, got " + bins + ".");
            Dataset u = workspace.dataset(unfolded);
            Dataset t = truth != null ? workspace.dataset(truth) : null;
            Dataset d = data != null ? workspace.dataset(data) : null;
            List<String> cols = Unfolding.columns(u, columns != null ? columns : "x.gen*");
            Figure f = switch (show) {
                case "spectra" -> UnfoldingPlots.spectra(u, cols, t, d, c -> c.replace(".gen", ".reco"), bins, perRow);
                case "convergence" -> UnfoldingPlots.convergence(u, cols, t, bins);
                case "weights" -> UnfoldingPlots.weightDistribution(u);
                default -> throw new MagicUsageException("--show: '" + show + "' is not one of: spectra, convergence, weights.");
            };
            if (as != null) workspace.put(as, f);
            return f;
        }
    }
}
