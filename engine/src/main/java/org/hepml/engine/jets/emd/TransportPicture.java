package org.hepml.engine.jets.emd;

import org.hepml.engine.plot.Figure;
import org.hepml.engine.plot.HepStyle;
import org.hepml.engine.plot.Series;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.Marker;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;

/**
 * The picture of an EMD (as in Fig. 1 of Komiske, Metodiev, Thaler, PRL 123 (2019) 041801): the particles of both
 * jets in the (y, phi) plane, each a disc of area proportional to its weight, and a line for every flow between them,
 * as wide as the weight it moves. Azimuths are drawn around the first jet's axis, and a flow across phi = +-pi takes
 * the short way, so that the picture shows the distances the EMD uses.
 */
public final class TransportPicture {
    /** Flows drawn at most (the largest); smaller ones would be hairlines. */
    static final int MAX_FLOWS = 400;

    private TransportPicture() {
    }

    public static Figure of(EnergyMoversDistance emd, ParticleSets first, int a, ParticleSets second, int b) {
        return of(emd, first, a, "jet " + (a + 1), second, b, "jet " + (b + 1) + (first == second ? "" : "'"));
    }

    public static Figure of(EnergyMoversDistance emd, ParticleSets first, int a, String firstName, ParticleSets second, int b,
                            String secondName) {
        EnergyMoversDistance.Transport t = emd.transport(first, a, second, b);
        int n0 = t.n0(), n1 = t.n1(), o0 = first.offsets()[a], o1 = second.offsets()[b];
        double axis = weightedAzimuth(first, a);
        double[] y0 = Arrays.copyOfRange(first.y(), o0, o0 + n0), y1 = Arrays.copyOfRange(second.y(), o1, o1 + n1);
        double[] phi0 = new double[n0], phi1 = new double[n1];
        for (int i = 0; i < n0; i++) phi0[i] = axis + EnergyMoversDistance.wrappedAzimuth(first.phi()[o0 + i] - axis);
        for (int j = 0; j < n1; j++) phi1[j] = axis + EnergyMoversDistance.wrappedAzimuth(second.phi()[o1 + j] - axis);
        double wMax = 0;
        for (int i = 0; i < n0; i++) wMax = Math.max(wMax, first.weight()[o0 + i]);
        for (int j = 0; j < n1; j++) wMax = Math.max(wMax, second.weight()[o1 + j]);

        XYChart c = new XYChartBuilder().width(560).height(520).xAxisTitle("rapidity y").yAxisTitle("azimuth \u03c6")
                .title(String.format(Locale.ROOT, "EMD = %.4g (R = %s, \u03b2 = %s%s)", t.distance(), num(emd.radius()),
                        num(emd.beta()), emd.normalized() ? ", normalised" : "")).build();
        HepStyle.apply(c);
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        c.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Horizontal);

        // flows first, so the particles sit on top; widest last
        Integer[] order = new Integer[n0 * n1];
        for (int k = 0; k < order.length; k++) order[k] = k;
        Arrays.sort(order, Comparator.comparingDouble(k -> t.flow()[k]));
        double fMax = order.length == 0 ? 0 : t.flow()[order[order.length - 1]];
        Color flowColour = HepStyle.alpha(Color.DARK_GRAY, 140);
        int drawn = 0;
        for (int r = Math.max(0, order.length - MAX_FLOWS); r < order.length; r++) {
            int k = order[r];
            double f = t.flow()[k];
            if (!(f > 1e-3 * fMax)) continue;
            int i = k / n1, j = k % n1;
            // the short way round: the end point at the wrapped azimuth difference from the start
            double end = phi0[i] + EnergyMoversDistance.wrappedAzimuth(phi1[j] - phi0[i]);
            XYSeries s = Series.line(c, "flow " + drawn, new double[]{y0[i], y1[j]}, new double[]{phi0[i], end}, flowColour,
                    new BasicStroke((float) (0.4 + 5.0 * f / fMax), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            s.setShowInLegend(drawn == 0);
            if (drawn == 0) s.setLabel("flow");
            drawn++;
        }
        particles(c, firstName, y0, phi0, first.weight(), o0, wMax, HepStyle.color(1));
        particles(c, secondName, y1, phi1, second.weight(), o1, wMax, HepStyle.color(2));
        return Figure.of(c).info(String.format(Locale.ROOT, "%d + %d particles", n0, n1));
    }

    /** One series per particle (a disc whose area is its weight); the first one stands for the jet in the legend. */
    private static void particles(XYChart c, String name, double[] y, double[] phi, double[] weight, int offset, double wMax,
                                  Color colour) {
        Color fill = HepStyle.alpha(colour, 170);
        for (int p = 0; p < y.length; p++) {
            double size = 3 + 16 * Math.sqrt(weight[offset + p] / wMax);
            XYSeries s = Series.points(c, p == 0 ? name : name + " #" + p, new double[]{y[p]}, new double[]{phi[p]}, fill,
                    new Disc(p == 0 ? 9 : size));
            if (p > 0) s.setShowInLegend(false);
            else if (y.length > 1) {
                // the legend's disc is a fixed size; the first particle is drawn again at its own size
                XYSeries own = Series.points(c, name + " #0", new double[]{y[0]}, new double[]{phi[0]}, fill, new Disc(size));
                own.setShowInLegend(false);
            }
        }
    }

    /** The pT-weighted mean azimuth of a set, taken on the circle. */
    static double weightedAzimuth(ParticleSets sets, int k) {
        double cx = 0, cy = 0;
        for (int p = sets.offsets()[k]; p < sets.offsets()[k + 1]; p++) {
            cx += sets.weight()[p] * Math.cos(sets.phi()[p]);
            cy += sets.weight()[p] * Math.sin(sets.phi()[p]);
        }
        return cx == 0 && cy == 0 ? 0 : Math.atan2(cy, cx);
    }

    private static String num(double x) {
        return x == Math.rint(x) ? String.format(Locale.ROOT, "%.0f", x) : String.format(Locale.ROOT, "%s", x);
    }

    /** A filled disc of a fixed diameter in pixels (XChart's markers share one size per chart). */
    static final class Disc extends Marker {
        private final double diameter;

        Disc(double diameter) {
            this.diameter = diameter;
        }

        @Override
        public void paint(Graphics2D g, double x, double y, int markerSize) {
            g.fill(new Ellipse2D.Double(x - diameter / 2, y - diameter / 2, diameter, diameter));
        }
    }
}
