package org.hepml.engine.sbi;

import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.AugmentedSimulation;
import org.hepml.engine.flows.FlowShape;
import org.hepml.engine.nn.TrainingSettings;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

/**
 * Not a test (surefire does not pick the name up): the NDE scan's asymptotic bias against the number of training
 * events, at a fixed number of optimizer steps (docs/FLOWS.md, "NDE scan: bias against the training size"). For every
 * data seed it simulates {@code probe.n} events (sin2w ~ {@code probe.prior}), trains one flow (2 x 6 bins, batch
 * 1,024, lr 3e-3 -> 3e-5, epochs so that the optimizer takes ~{@code probe.steps} steps) and prints the asymptotic MLE
 * of the expected log-likelihood under the exact density at several truths, in sigma of 1,000 events.
 * Run: {@code mvn -B -ntp -o -pl engine test -Dtest=NdeTrainingSizeProbe -Dprobe.n=60000 -Dprobe.data=1,2,3
 * -Dprobe.out=/tmp/nde.tsv} (also probe.transforms, probe.bins, probe.steps, probe.val, probe.hidden=32,32, probe.seed, probe.prior, probe.truths).
 */
class NdeTrainingSizeProbe {
    /** Runs the probe outside surefire (several at once, each its own JVM): java -cp test-classes:classes:deps ... */
    public static void main(String[] args) throws IOException {
        new NdeTrainingSizeProbe().probe();
    }

    @Test
    void probe() throws IOException {
        var ee = LikelihoodEstimatorTest.EE;
        int n = Integer.getInteger("probe.n", 60_000), steps = Integer.getInteger("probe.steps", 2640), batch = 1024;
        double val = Double.parseDouble(System.getProperty("probe.val", "0.25"));
        int[] hidden = java.util.Arrays.stream(System.getProperty("probe.hidden", "32,32").split(",")).mapToInt(Integer::parseInt).toArray();
        long seed = Long.getLong("probe.seed", 1);
        String prior = System.getProperty("probe.prior", "uniform(0.15,0.27)");
        double[] truths = java.util.Arrays.stream(System.getProperty("probe.truths", "0.18,0.20,0.21,0.23").split(",")).mapToDouble(Double::parseDouble).toArray();
        int epochs = Math.max(1, (int) Math.round((double) steps * batch / (n * (1 - val))));
        double[] grid = LikelihoodScan.grid(0.14, 0.28, 71);
        Path out = Path.of(System.getProperty("probe.out", "target/nde-probe.tsv"));
        LogRatio exact = new LogRatio() {
            public List<String> parameters() { return List.of("sin2w"); }
            public List<String> observables() { return List.of("x.cos"); }
            public double[] logRatio(double[][] x, double[] theta) {
                double[] lr = new double[x.length];
                for (int i = 0; i < x.length; i++) lr[i] = ee.logLikelihood(x[i][0], theta) - ee.logLikelihood(x[i][0], new double[]{0.21});
                return lr;
            }
        };
        for (String d : System.getProperty("probe.data", "1").split(",")) {
            long t0 = System.nanoTime();
            Dataset train = new AugmentedSimulation(ee).theta(prior).seed(Long.parseLong(d)).generate("train", n);
            TrainingSettings ts = LikelihoodEstimatorTest.SETTINGS.withEpochs(epochs).withBatchSize(batch).withLearningRate(3e-3, 3e-5)
                    .withValidationFraction(val).withHidden(hidden).withSeed(seed);
            try (LikelihoodEstimator e = LikelihoodEstimator.train(train, LikelihoodMethod.NDE, 0, ts, new FlowShape(Integer.getInteger("probe.transforms", 2), Integer.getInteger("probe.bins", 6), 3))) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "shape=%s\tn=%d\tepochs=%d\tval=%.2f\thidden=%s\tprior=%s\tdata=%s\tseed=%d",
                        e.flow().shape(), n, epochs, val, System.getProperty("probe.hidden", "32,32"), prior, d, seed));
                for (double truth : truths) {
                    double sigma = 1 / Math.sqrt(1000 * ee.fisherInformation(new double[]{truth})[0][0]);
                    double b = RatioEstimatorTest.asymptoticMle(e, ee, truth, grid) - truth;
                    double b0 = RatioEstimatorTest.asymptoticMle(exact, ee, truth, grid) - truth;
                    line.append(String.format(Locale.ROOT, "\tb%.2f=%+.3f\t(exact %+.3f)", truth, b / sigma, b0 / sigma));
                }
                line.append(String.format(Locale.ROOT, "\tbest=%d\tsec=%.0f%n", e.history().bestEpoch(), (System.nanoTime() - t0) / 1e9));
                System.err.print("PROBE " + line);
                Files.writeString(out, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        }
    }
}
