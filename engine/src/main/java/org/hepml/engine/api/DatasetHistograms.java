package org.hepml.engine.api;

import org.hepml.engine.HepmlException;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.plot.AxisLabels;
import org.hepml.engine.plot.Figure;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code %plot hist} from Java: histograms of one or more columns of workspace datasets, with the magic's options
 * and defaults, drawn by {@link #figure()}. Made by {@link Hep#histograms}.
 */
public final class DatasetHistograms {
    private final Hep hep;
    private final List<String> datasets;
    private List<String> columns = List.of();
    private String weights;
    private int bins = 40;
    private double[] range;
    private String ratioTo;
    private boolean normalize;
    private String title = "";
    private int perRow = 3;
    private Path save;
    private String as;

    DatasetHistograms(Hep hep, List<String> datasets) {
        this.hep = hep;
        this.datasets = datasets;
    }

    /** The column(s) to histogram; several give one panel each. */
    public DatasetHistograms column(String... columns) {
        this.columns = List.of(columns);
        return this;
    }

    /** Weight column (default: 'weight' where the dataset has one, else unit weights). */
    public DatasetHistograms weights(String column) {
        this.weights = column;
        return this;
    }

    public DatasetHistograms bins(int bins) {
        if (bins <= 0 || bins > 10_000) throw new HepmlException("--bins must be between 1 and 10000, got " + bins + ".");
        this.bins = bins;
        return this;
    }

    /** Histogram range (default: the data's finite range). */
    public DatasetHistograms range(double lo, double hi) {
        if (!(hi > lo)) throw new HepmlException("--range takes two numbers a,b with a < b, e.g. --range -3,3.");
        this.range = new double[]{lo, hi};
        return this;
    }

    /** Adds a ratio panel: every dataset divided by this one (added to the datasets if it is not one of them). */
    public DatasetHistograms ratioTo(String dataset) {
        this.ratioTo = dataset;
        return this;
    }

    /** Draw unit-area densities to compare shapes. */
    public DatasetHistograms normalize(boolean normalize) {
        this.normalize = normalize;
        return this;
    }

    public DatasetHistograms title(String title) {
        this.title = title;
        return this;
    }

    /** Panels per row with several columns. */
    public DatasetHistograms columnsPerRow(int perRow) {
        if (perRow < 1) throw new HepmlException("--columns-per-row must be at least 1.");
        this.perRow = perRow;
        return this;
    }

    /** Also write the figure to a .png, .svg or .pdf file (by its ending). */
    public DatasetHistograms save(Path file) {
        if (file != null) Figure.checkTarget(file);
        this.save = file;
        return this;
    }

    /** Also store the figure in the workspace. */
    public DatasetHistograms as(String name) {
        Workspace.checkName(name);
        this.as = name;
        return this;
    }

    public Figure figure() {
        if (columns.isEmpty()) throw new HepmlException("Give the column to histogram (--column).");
        List<String> names = new ArrayList<>(datasets);
        if (ratioTo != null && !names.contains(ratioTo)) names.add(ratioTo);
        List<Dataset> ds = names.stream().map(hep::dataset).toList();
        int ratio = ratioTo != null ? names.indexOf(ratioTo) : -1;
        Figure f;
        if (columns.size() == 1) {
            f = hep.histogramPanel(ds, columns.get(0), weights, bins, range, ratio, normalize, title, 640, 480);
        } else {
            List<Figure> panels = new ArrayList<>();
            for (String c : columns) {
                Figure panel = hep.histogramPanel(ds, c, weights, bins, range, ratio, normalize, title, 460, 380);
                // every panel of the grid says which observable it shows
                panels.add(title.isBlank() ? panel.titled(AxisLabels.withoutUnit(AxisLabels.of(c, ds.get(0).metadata()))) : panel);
            }
            f = Figure.grid(panels, perRow);
        }
        if (save != null) f.save(save);
        if (as != null) hep.set(as, f);
        return f;
    }
}
