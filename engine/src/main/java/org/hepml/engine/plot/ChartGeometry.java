package org.hepml.engine.plot;

import org.knowm.xchart.internal.chartpart.Axis;
import org.knowm.xchart.internal.chartpart.AxisPair;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.internal.chartpart.ChartPart;
import org.knowm.xchart.internal.chartpart.Legend_;

import java.awt.geom.Rectangle2D;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * Where XChart put things in its last paint of a chart: the frame of the plot, the tick positions and labels of
 * both axes, the legend box. Figure needs them to draw inward minor ticks, axis titles at the axes' ends and the
 * header over XChart's picture. XChart (3.8.8, pinned in the parent pom) keeps these in protected fields and
 * package-private methods, read here by reflection in one place; every figure test fails if an XChart upgrade
 * moves them.
 */
final class ChartGeometry {
    private static final Field PLOT = field("plot");
    private static final Field AXIS_PAIR = field("axisPair");
    private static final Field LEGEND = field("legend");
    private static final Method Y_AXIS;
    private static final Field LEGEND_X;
    private static final Field LEGEND_Y;

    static {
        try {
            Y_AXIS = AxisPair.class.getDeclaredMethod("getYAxis");
            Y_AXIS.setAccessible(true);
            LEGEND_X = Legend_.class.getDeclaredField("xOffset");
            LEGEND_X.setAccessible(true);
            LEGEND_Y = Legend_.class.getDeclaredField("yOffset");
            LEGEND_Y.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("This XChart version lays its axes out differently; hepml needs XChart 3.8.8", e);
        }
    }

    /** The ticks of one axis: positions in pixels from the plot's left (x) or bottom (y) edge, and labels (null: none). */
    record Ticks(List<Double> positions, List<String> labels) {
    }

    private ChartGeometry() {
    }

    private static Field field(String name) {
        try {
            Field f = Chart.class.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("This XChart version has no Chart." + name + "; hepml needs XChart 3.8.8", e);
        }
    }

    private static Object get(Field f, Chart<?, ?> chart) {
        try {
            return f.get(chart);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The plot frame, in the chart's coordinates. */
    static Rectangle2D plot(Chart<?, ?> chart) {
        return ((ChartPart) get(PLOT, chart)).getBounds();
    }

    /** The legend box, in the chart's coordinates (XChart keeps its size in the bounds and its corner apart). */
    static Rectangle2D legend(Chart<?, ?> chart) {
        Object legend = get(LEGEND, chart);
        Rectangle2D r = ((ChartPart) legend).getBounds();
        if (r == null) return new Rectangle2D.Double();
        try {
            return new Rectangle2D.Double(LEGEND_X.getDouble(legend), LEGEND_Y.getDouble(legend), r.getWidth(), r.getHeight());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    static Axis<?, ?> xAxis(Chart<?, ?> chart) {
        return ((AxisPair<?, ?>) get(AXIS_PAIR, chart)).getXAxis();
    }

    static Axis<?, ?> yAxis(Chart<?, ?> chart) {
        try {
            return (Axis<?, ?>) Y_AXIS.invoke(get(AXIS_PAIR, chart));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    static Ticks ticks(Axis<?, ?> axis) {
        if (axis == null || axis.getAxisTickCalculator() == null) return new Ticks(List.of(), List.of());
        return new Ticks(new ArrayList<>(axis.getAxisTickCalculator().getTickLocations()),
                new ArrayList<>(axis.getAxisTickCalculator().getTickLabels()));
    }
}
