package org.hepml.engine.sbi;

import org.hepml.engine.HepmlException;
import org.hepml.engine.HtmlRenderable;
import org.hepml.engine.Quantities;
import org.hepml.engine.plot.AxisLabels;
import org.hepml.engine.plot.Figure;
import org.hepml.engine.plot.HepStyle;
import org.hepml.engine.plot.Series;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.util.List;
import java.util.Locale;

/**
 * The Fisher information per event (and the mean score, which must vanish at the reference point). For n
 * expected events, I_n = n I; its inverse is the covariance of the best unbiased estimate (Cramer-Rao): the
 * 68% error ellipse shown for two parameters, the error 1 / sqrt(n I) for one.
 */
public record FisherInformation(List<String> parameters, double[][] perEvent, double[] meanScore, String source)
        implements HtmlRenderable {

    /** The weighted second moment E[t t^T] of per-event scores {@code t[event][parameter]}, with their mean (which should vanish). */
    public static FisherInformation fromScores(List<String> parameters, double[][] t, double[] w, String source) {
        int k = parameters.size();
        double[][] info = new double[k][k];
        double[] mean = new double[k];
        double sw = 0;
        for (int e = 0; e < t.length; e++) {
            sw += w[e];
            for (int i = 0; i < k; i++) {
                mean[i] += w[e] * t[e][i];
                for (int j = 0; j < k; j++) info[i][j] += w[e] * t[e][i] * t[e][j];
            }
        }
        for (int i = 0; i < k; i++) {
            mean[i] /= sw;
            for (int j = 0; j < k; j++) info[i][j] /= sw;
        }
        return new FisherInformation(parameters, info, mean, source);
    }

    /** The Cramer-Rao error on each parameter with {@code events} events (others profiled: sqrt of (n I)^-1 diagonal). */
    public double[] errors(double events) {
        double[][] cov = covariance(events);
        double[] e = new double[cov.length];
        for (int i = 0; i < e.length; i++) e[i] = Math.sqrt(cov[i][i]);
        return e;
    }

    public double[][] covariance(double events) {
        int k = perEvent.length;
        if (k == 1) return new double[][]{{1 / (events * perEvent[0][0])}};
        if (k == 2) {
            double a = events * perEvent[0][0], b = events * perEvent[0][1], d = events * perEvent[1][1], det = a * d - b * b;
            if (!(det > 0)) throw new HepmlException("The Fisher information is singular: the parameters are not separately measurable"
                    + " from these observables (for ee-mumu, sin2w and sqrts both act only through A_FB).");
            return new double[][]{{d / det, -b / det}, {-b / det, a / det}};
        }
        throw new HepmlException("Covariances are computed for one or two parameters.");
    }

    /** The 68% (Delta chi^2 = 2.30) error ellipse around {@code centre} for two parameters and {@code events} events. */
    public Figure ellipse(double[] centre, double events, FisherInformation... others) {
        if (perEvent.length != 2) throw new HepmlException("An error ellipse needs two parameters; this has " + perEvent.length + ".");
        XYChart c = new XYChartBuilder().width(520).height(480).xAxisTitle(AxisLabels.of(parameters.get(0)))
                .yAxisTitle(AxisLabels.of(parameters.get(1))).title("Cram\u00e9r-Rao 68% CL").build();
        HepStyle.apply(c);
        FisherInformation[] all = new FisherInformation[others.length + 1];
        all[0] = this;
        System.arraycopy(others, 0, all, 1, others.length);
        for (int f = 0; f < all.length; f++) {
            double[][] cov = all[f].covariance(events);
            // eigen-decomposition of the 2x2 covariance, scaled to Delta chi^2 = 2.30
            double a = cov[0][0], b = cov[0][1], d = cov[1][1];
            double tr = a + d, det = a * d - b * b, l1 = tr / 2 + Math.sqrt(tr * tr / 4 - det), l2 = tr / 2 - Math.sqrt(tr * tr / 4 - det);
            double angle = 0.5 * Math.atan2(2 * b, a - d), s = Math.sqrt(2.296);
            double[] xs = new double[101], ys = new double[101];
            for (int i = 0; i <= 100; i++) {
                double t = 2 * Math.PI * i / 100, u = s * Math.sqrt(l1) * Math.cos(t), v = s * Math.sqrt(Math.max(l2, 0)) * Math.sin(t);
                xs[i] = centre[0] + u * Math.cos(angle) - v * Math.sin(angle);
                ys[i] = centre[1] + u * Math.sin(angle) + v * Math.cos(angle);
            }
            Series.line(c, all[f].source, xs, ys, HepStyle.color(f + 1), f == 0 ? HepStyle.stroke(2f) : HepStyle.stroke(2f, 7f, 4f));
        }
        Series.points(c, "reference point", new double[]{centre[0]}, new double[]{centre[1]}, java.awt.Color.BLACK, SeriesMarkers.CROSS);
        c.getStyler().setMarkerSize(9);
        return Figure.of(c).info(String.format(Locale.ROOT, "%,.0f events", events));
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Fisher information per event (" + source + ") for " + String.join(", ", parameters) + ":");
        for (int i = 0; i < perEvent.length; i++) {
            b.append("\n  ").append(parameters.get(i)).append(":");
            for (double v : perEvent[i]) b.append(' ').append(Quantities.significant(v, 5));
        }
        return b.append("\nmean score (should be 0): ").append(Quantities.point(meanScore, 3)).toString();
    }

    @Override
    public String toHtml() {
        StringBuilder b = new StringBuilder("<div><b>Fisher information per event</b> (" + HtmlRenderable.escape(source) + ")<table><tr><th></th>");
        for (String p : parameters) b.append("<th>").append(HtmlRenderable.escape(p)).append("</th>");
        b.append("</tr>");
        for (int i = 0; i < perEvent.length; i++) {
            b.append("<tr><th>").append(HtmlRenderable.escape(parameters.get(i))).append("</th>");
            for (double v : perEvent[i]) b.append("<td>").append(Quantities.significant(v, 5)).append("</td>");
            b.append("</tr>");
        }
        b.append("</table>mean score (should be 0): ").append(Quantities.point(meanScore, 3));
        if (perEvent.length == 1 && perEvent[0][0] > 0) {
            b.append("<br>Cram\u00e9r\u2013Rao error from one event: ").append(Quantities.significant(errors(1)[0], 4))
                    .append(" (from N events: divide by \u221aN)");
        }
        return b.append("</div>").toString();
    }
}
