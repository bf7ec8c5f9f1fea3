package org.hepml.engine.events;

import org.hepml.engine.HtmlRenderable;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.columns.Column;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a physicist checks first about a dataset: size, sum of weights, negative-weight fraction, and per
 * numeric column its role, weighted mean and standard deviation, range and the number of missing values; per jagged
 * column (a particle list) the multiplicity per event (smallest, mean, largest) and the unweighted moments of its values.
 */
public record DatasetSummary(String name, int events, double sumWeights, double negativeWeightFraction,
                             List<ColumnStats> columns, Dataset dataset, List<JaggedStats> jagged) implements HtmlRenderable {

    public record ColumnStats(String column, ColumnRole role, long missing, double mean, double std,
                              double min, double max) {
    }

    /** A jagged column: entries per event (min, mean, max), all entries, and the moments of the values over all entries. */
    public record JaggedStats(String column, long entries, int minCount, double meanCount, int maxCount, long missing,
                              double mean, double std, double min, double max) {
        static JaggedStats of(JaggedColumn j) {
            int n = j.events(), minC = n == 0 ? 0 : Integer.MAX_VALUE, maxC = 0;
            for (int i = 0; i < n; i++) {
                minC = Math.min(minC, j.count(i));
                maxC = Math.max(maxC, j.count(i));
            }
            double mean = 0, m2 = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
            long k = 0, missing = 0;
            for (double x : j.values()) {
                if (Double.isNaN(x)) {
                    missing++;
                    continue;
                }
                k++;
                double d = x - mean;
                mean += d / k;
                m2 += d * (x - mean);
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
            return new JaggedStats(j.name(), j.values().length, minC, n == 0 ? 0 : j.values().length / (double) n, maxC, missing,
                    k == 0 ? Double.NaN : mean, k == 0 ? Double.NaN : Math.sqrt(m2 / k), k == 0 ? Double.NaN : min, k == 0 ? Double.NaN : max);
        }
    }

    public static DatasetSummary of(Dataset d) {
        double[] w = d.weights();
        double sumW = 0;
        long negative = 0;
        for (double wi : w) {
            sumW += wi;
            if (wi < 0) negative++;
        }
        List<ColumnStats> stats = new ArrayList<>();
        for (Column<?> c : d.table().columns()) {
            if (!(c instanceof NumericColumn<?>)) continue;
            double[] v = d.column(c.name());
            // Weighted moments; Welford-style accumulation keeps the variance stable for large means.
            double sw = 0, mean = 0, m2 = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
            long missing = 0;
            for (int i = 0; i < v.length; i++) {
                double x = v[i];
                if (Double.isNaN(x)) {
                    missing++;
                    continue;
                }
                min = Math.min(min, x);
                max = Math.max(max, x);
                double wi = w[i];
                if (wi == 0) continue;
                double swNew = sw + wi;
                double delta = x - mean;
                mean += delta * wi / swNew;
                m2 += wi * delta * (x - mean);
                sw = swNew;
            }
            double std = sw > 0 ? Math.sqrt(Math.max(m2 / sw, 0)) : Double.NaN;
            if (sw == 0) mean = Double.NaN;
            stats.add(new ColumnStats(c.name(), ColumnRole.of(c.name()), missing, mean, std,
                    missing == v.length ? Double.NaN : min, missing == v.length ? Double.NaN : max));
        }
        List<JaggedStats> jagged = new ArrayList<>();
        for (JaggedColumn j : d.jagged().values()) jagged.add(JaggedStats.of(j));
        return new DatasetSummary(d.name(), d.size(), sumW, d.size() == 0 ? 0 : (double) negative / d.size(), stats, d, jagged);
    }

    /** The summary statistics of one column. */
    public ColumnStats column(String name) {
        return columns.stream().filter(c -> c.column().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no numeric column " + name));
    }

    /** The summary of one jagged column. */
    public JaggedStats jaggedColumn(String name) {
        return jagged.stream().filter(c -> c.column().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no jagged column " + name));
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Dataset '%s': %d events, sum of weights %.6g%n", name, events, sumWeights));
        if (negativeWeightFraction > 0) {
            b.append(String.format(Locale.ROOT, "WARNING: %.2f%% of the events have negative weights%n",
                    100 * negativeWeightFraction));
        }
        b.append(String.format(Locale.ROOT, "%-20s %-12s %12s %12s %12s %12s %9s%n",
                "column", "role", "mean", "std", "min", "max", "missing"));
        for (ColumnStats c : columns) {
            b.append(String.format(Locale.ROOT, "%-20s %-12s %12.5g %12.5g %12.5g %12.5g %9d%n", c.column(),
                    c.role().name().toLowerCase(Locale.ROOT), c.mean(), c.std(), c.min(), c.max(), c.missing()));
        }
        if (!jagged.isEmpty()) {
            b.append(String.format(Locale.ROOT, "%-20s %9s %9s %9s %12s %12s %12s %12s%n",
                    "jagged column", "min n", "mean n", "max n", "mean", "std", "min", "max"));
            for (JaggedStats j : jagged) {
                b.append(String.format(Locale.ROOT, "%-20s %9d %9.2f %9d %12.5g %12.5g %12.5g %12.5g%n", j.column(), j.minCount(),
                        j.meanCount(), j.maxCount(), j.mean(), j.std(), j.min(), j.max()));
            }
        }
        return b.toString();
    }

    @Override
    public String toHtml() {
        StringBuilder b = new StringBuilder();
        b.append("<div class='hepml-summary'><b>").append(HtmlRenderable.escape(name)).append("</b>: ")
                .append(String.format(Locale.ROOT, "%,d events, sum of weights %.6g", events, sumWeights));
        if (negativeWeightFraction > 0) {
            b.append(String.format(Locale.ROOT,
                    "<br><span style='color:#b00'>&#9888; %.2f%% of the events have negative weights</span>",
                    100 * negativeWeightFraction));
        }
        b.append("<table><tr><th>column</th><th>role</th><th>mean</th><th>std</th><th>min</th><th>max</th>"
                + "<th>missing</th></tr>");
        for (ColumnStats c : columns) {
            b.append("<tr><td><code>").append(HtmlRenderable.escape(c.column())).append("</code></td><td>")
                    .append(c.role().name().toLowerCase(Locale.ROOT)).append("</td>")
                    .append(String.format(Locale.ROOT, "<td>%.5g</td><td>%.5g</td><td>%.5g</td><td>%.5g</td><td>%d</td>",
                            c.mean(), c.std(), c.min(), c.max(), c.missing()))
                    .append("</tr>");
        }
        b.append("</table>");
        if (!jagged.isEmpty()) {
            b.append("<table><tr><th>jagged column</th><th>entries per event: min</th><th>mean</th><th>max</th><th>mean</th><th>std</th>"
                    + "<th>min</th><th>max</th><th>missing</th></tr>");
            for (JaggedStats j : jagged) {
                b.append("<tr><td><code>").append(HtmlRenderable.escape(j.column())).append("</code></td>")
                        .append(String.format(Locale.ROOT, "<td>%d</td><td>%.2f</td><td>%d</td><td>%.5g</td><td>%.5g</td><td>%.5g</td><td>%.5g</td><td>%d</td>",
                                j.minCount(), j.meanCount(), j.maxCount(), j.mean(), j.std(), j.min(), j.max(), j.missing()))
                        .append("</tr>");
            }
            b.append("</table>");
        }
        String meta = DatasetHtml.metadataHtml(dataset);
        b.append(meta).append("</div>");
        return b.toString();
    }
}
