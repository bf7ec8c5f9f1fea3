package org.hepml.engine.nn;

import org.hepml.engine.HepmlException;
import org.hepml.engine.HtmlRenderable;
import org.hepml.engine.Quantities;
import org.hepml.engine.plot.Figure;
import org.hepml.engine.plot.HepStyle;
import org.hepml.engine.plot.Series;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What happened during training: per-epoch losses (the total that was optimised, and each of its named terms),
 * the best epoch kept, speed, and whether it was interrupted. Per epoch, the total is sum_k weight_k term_k
 * for the training and for the validation events alike.
 */
public record TrainingHistory(List<Double> trainLoss, List<Double> validationLoss, int bestEpoch, double seconds,
                              long samples, boolean interrupted, List<TermCurve> terms, int threads) implements HtmlRenderable, java.io.Serializable {

    /** One term of the loss over the epochs: its unweighted weighted-mean value on the training and validation events. */
    public record TermCurve(String name, double weight, List<Double> train, List<Double> validation) implements java.io.Serializable {
        /** The term as it enters the total, e.g. "cross-entropy" or "2 x score MSE". */
        public String label() {
            return weight == 1 ? name : weightText() + " x " + name;
        }

        /** The weight to three significant digits, without trailing zeros ("2", "0.7"). */
        public String weightText() {
            return new BigDecimal(weight).round(new MathContext(3)).stripTrailingZeros().toPlainString();
        }
    }

    public TrainingHistory {
        terms = List.copyOf(terms);
    }

    /** A history whose intra-op thread count was not recorded (0). */
    public TrainingHistory(List<Double> trainLoss, List<Double> validationLoss, int bestEpoch, double seconds,
                           long samples, boolean interrupted, List<TermCurve> terms) {
        this(trainLoss, validationLoss, bestEpoch, seconds, samples, interrupted, terms, 0);
    }

    /** This history with the intra-op threads libtorch used while it trained. */
    public TrainingHistory withThreads(int n) {
        return new TrainingHistory(trainLoss, validationLoss, bestEpoch, seconds, samples, interrupted, terms, n);
    }

    /** A history whose loss is one unnamed term, the total. */
    public TrainingHistory(List<Double> trainLoss, List<Double> validationLoss, int bestEpoch, double seconds,
                           long samples, boolean interrupted) {
        this(trainLoss, validationLoss, bestEpoch, seconds, samples, interrupted,
                List.of(new TermCurve("loss", 1, trainLoss, validationLoss)));
    }

    public double bestValidationLoss() {
        return bestEpoch > 0 ? validationLoss.get(bestEpoch - 1) : Double.NaN;
    }

    /**
     * What a training stopped early kept, as a phrase: "the network after epoch 4, the best of the 6 epochs that
     * finished (validation loss 1.024)".
     */
    public String keptPhrase() {
        double v = bestValidationLoss();
        boolean validated = !Double.isNaN(v);
        double loss = validated ? v : bestEpoch > 0 ? trainLoss.get(bestEpoch - 1) : Double.NaN;
        return "the network after epoch " + bestEpoch + ", the best of the " + epochs() + " epoch" + (epochs() == 1 ? "" : "s")
                + " that finished (" + (validated ? "validation" : "training") + " loss " + Quantities.significant(loss, 4) + ")";
    }

    public double samplesPerSecond() {
        return seconds > 0 ? samples / seconds : 0;
    }

    public int epochs() {
        return trainLoss.size();
    }

    /** The names of the loss terms, in the order they are summed. */
    public List<String> termNames() {
        return terms.stream().map(TermCurve::name).toList();
    }

    /** The curves of the term called {@code name}. */
    public TermCurve term(String name) {
        return terms.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow(() -> new HepmlException(
                "The loss has no term '" + name + "'; its terms are " + termNames() + "."));
    }

    /**
     * Train and validation loss against the epoch, with the kept (best) epoch marked; when the loss has several
     * terms, a panel for each below it, named as in the loss, so that e.g. the cross-entropy and the score term
     * of ALICES can be followed apart (they differ in scale, hence one axis each).
     */
    public Figure lossCurve() {
        boolean several = terms.size() > 1;
        String yTitle = several ? "total = " + terms.stream().map(TermCurve::label).collect(Collectors.joining(" + "))
                : terms.isEmpty() ? "loss" : terms.get(0).label();
        XYChart c = new XYChartBuilder().width(560).height(380).xAxisTitle("epoch").yAxisTitle(yTitle)
                .title(interrupted ? "training (interrupted)" : "training").build();
        HepStyle.apply(c);
        HepStyle.integerX(c);
        double[] epochs = new double[trainLoss.size()];
        for (int i = 0; i < epochs.length; i++) epochs[i] = i + 1;
        if (epochs.length == 0) return Figure.of(c);
        boolean validated = validationLoss.stream().anyMatch(v -> !v.isNaN());
        addCurves(c, "", epochs, trainLoss, validated ? validationLoss : null);
        if (validated && bestEpoch > 0) {
            XYSeries b = Series.points(c, "kept (epoch " + bestEpoch + ")", new double[]{bestEpoch}, new double[]{bestValidationLoss()},
                    Color.BLACK, SeriesMarkers.DIAMOND);
            b.setShowInLegend(true);
            c.getStyler().setMarkerSize(9);
        }
        Figure figure = Figure.of(c);
        if (!several) return figure;
        for (TermCurve t : terms) {
            XYChart p = new XYChartBuilder().width(560).height(240).xAxisTitle("epoch")
                    .yAxisTitle(t.weight() == 1 ? t.name() : t.name() + " (weight " + t.weightText() + ")").title(t.name()).build();
            HepStyle.apply(p);
            HepStyle.integerX(p);
            addCurves(p, " " + t.name(), epochs, t.train(), validated ? t.validation() : null);
            figure = figure.above(Figure.of(p));
        }
        return figure;
    }

    private static void addCurves(XYChart c, String suffix, double[] epochs, List<Double> train, List<Double> validation) {
        Series.line(c, "train" + suffix, epochs, train.stream().mapToDouble(Double::doubleValue).toArray(), HepStyle.color(1), HepStyle.stroke(1.8f));
        if (validation == null) return;
        Series.line(c, "validation" + suffix, epochs, validation.stream().mapToDouble(Double::doubleValue).toArray(), HepStyle.color(2),
                HepStyle.stroke(1.8f, 7f, 4f));
    }

    @Override
    public String toString() {
        String parts = "";
        if (terms.size() > 1 && !Double.isNaN(bestValidationLoss())) {
            parts = terms.stream().map(t -> (t.weight() == 1 ? "" : t.weightText() + " x ")
                            + String.format(Locale.ROOT, "%s %.5g", t.name(), t.validation().get(bestEpoch - 1)))
                    .collect(Collectors.joining(" + ", " = ", ""));
        }
        String rate = Quantities.rate(samplesPerSecond(), "samples");
        return String.format(Locale.ROOT, "%d epoch(s)%s, best validation loss %.5g%s at epoch %d, %s%s%s",
                epochs(), interrupted ? " (interrupted)" : "", bestValidationLoss(), parts, bestEpoch, Quantities.duration(seconds),
                rate.isEmpty() ? "" : ", " + rate, threads > 0 ? ", " + threads + (threads == 1 ? " thread" : " threads") : "");
    }

    @Override
    public String toHtml() {
        return "<div>" + HtmlRenderable.escape(toString()) + "<br>" + lossCurve().toHtmlImage() + "</div>";
    }
}
