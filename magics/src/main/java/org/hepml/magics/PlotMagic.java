package org.hepml.magics;

import org.hepml.engine.api.DatasetHistograms;
import org.hepml.engine.api.Hep;
import org.hepml.engine.api.Workspace;
import org.hepml.engine.plot.Figure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
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
        return "draw histograms of dataset columns, with error bars and a ratio panel; --save FILE writes PNG, SVG or PDF";
    }

    @Command(name = "plot", mixinStandardHelpOptions = true, description = "Draw HEP-style figures.",
            subcommands = {Hist.class, UnfoldingPlot.class})
    static final class Plot {
    }

    @Command(name = "hist", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Histogram a column of one or more datasets, optionally with a ratio panel to a reference dataset:",
                    "the reference drawn filled, the first other dataset as data points (Poisson intervals for unweighted",
                    "events, sqrt(sum w^2) for weighted ones), any more as lines."})
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
        @Option(names = "--save", paramLabel = "FILE", description = "also write the figure to FILE: .png, .svg or .pdf (vector)")
        Path save;
        @Option(names = "--as", paramLabel = "NAME", description = "also store the figure in the workspace")
        String as;

        Hist(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public Figure call() {
            if (range != null && range.length != 2) throw new MagicUsageException("--range takes two numbers a,b with a < b, e.g. --range -3,3.");
            DatasetHistograms h = new Hep(workspace).histograms(datasets.toArray(String[]::new)).column(columns.toArray(String[]::new))
                    .weights(weights).bins(bins).ratioTo(ratioTo).normalize(normalize).title(title).save(save);
            if (range != null) h.range(range[0], range[1]);
            if (columns.size() > 1) h.columnsPerRow(perRow);
            if (as != null) h.as(as);
            return h.figure();
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
        @picocli.CommandLine.Mixin
        FigureFile file = new FigureFile();

        UnfoldingPlot(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public Figure call() {
            file.check();
            return file.write(new Hep(workspace).plotUnfolding(unfolded, columns, truth, data, show, bins, perRow, as));
        }
    }
}
