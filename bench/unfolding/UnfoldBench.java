import ai.djl.pytorch.jni.JniUtils;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.GaussianToy;
import org.hepml.engine.nn.TrainingSettings;
import org.hepml.engine.unfold.ClassifierReweighter;
import org.hepml.engine.unfold.MeasuredData;
import org.hepml.engine.unfold.OmniFold;
import org.hepml.engine.unfold.PairedSimulation;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * hepml's side of the OmniFold comparison with the {@code omnifold} PyPI package.
 * <pre>
 *   make DIR N                                     the paper's Gaussian toy with hepml's GaussianToy: DIR/sim.csv
 *                                                  (gen,reco; N(0,1) smeared by N(0,0.5)) and DIR/data.csv (N(0.2,0.8))
 *   run DIR ITERATIONS EPOCHS BATCH SEED OUT       unfolds; writes the final generator-level weights to OUT, one a
 *                                                  line, and prints "time SECONDS"
 * </pre>
 * Settings chosen to match the package run by omnifold_bench.py: MLP 50-50-50 relu, Adam 1e-3, no early stopping
 * (the same number of epochs on both sides), 25% validation, step-2 reference = prior weights (the package's choice).
 */
public class UnfoldBench {
    public static void main(String[] args) throws Exception {
        if (args[0].equals("make")) {
            Path dir = Path.of(args[1]);
            int n = Integer.parseInt(args[2]);
            Files.createDirectories(dir);
            write(dir.resolve("sim.csv"), new GaussianToy().mu(0).sigma(1).smearing(0.5).seed(1).generate("sim", n));
            write(dir.resolve("data.csv"), new GaussianToy().mu(0.2).sigma(0.8).smearing(0.5).seed(2).generate("data", n));
            return;
        }
        Path dir = Path.of(args[1]);
        int iterations = Integer.parseInt(args[2]), epochs = Integer.parseInt(args[3]), batch = Integer.parseInt(args[4]);
        long seed = Long.parseLong(args[5]);
        double[][] sim = read(dir.resolve("sim.csv")), data = read(dir.resolve("data.csv"));
        int n = sim.length;
        double[][] gen = new double[n][1], reco = new double[n][1], dataReco = new double[data.length][1];
        for (int i = 0; i < n; i++) {
            gen[i][0] = sim[i][0];
            reco[i][0] = sim[i][1];
        }
        for (int i = 0; i < data.length; i++) dataReco[i][0] = data[i][1];
        boolean[] all = new boolean[n];
        java.util.Arrays.fill(all, true);
        double[] prior = new double[n], dataW = new double[data.length];
        java.util.Arrays.fill(prior, 1);
        java.util.Arrays.fill(dataW, 1);
        ai.djl.engine.Engine.getInstance(); // load the natives outside the timing, as the peer imports TensorFlow outside it
        OmniFold of = new OmniFold().iterations(iterations).reference(OmniFold.Reference.PRIOR).reweighters(
                reweighter(epochs, batch, seed), reweighter(epochs, batch, seed + 1));
        long t0 = System.nanoTime();
        double[] w = of.run(new PairedSimulation(gen, all, reco, all, prior), new MeasuredData(dataReco, dataW)).finalWeights();
        double secs = (System.nanoTime() - t0) / 1e9;
        try (BufferedWriter out = Files.newBufferedWriter(Path.of(args[6]))) {
            for (double v : w) out.write(String.format(Locale.ROOT, "%.8g%n", v));
        }
        System.out.printf(Locale.ROOT, "info java %s intra-op %d events %d/%d%n", System.getProperty("java.version"), JniUtils.getNumThreads(), n, data.length);
        System.out.printf(Locale.ROOT, "time %.3f%n", secs);
    }

    static ClassifierReweighter reweighter(int epochs, int batch, long seed) {
        // as the peer: a quarter held out, constant rate
        return new ClassifierReweighter(TrainingSettings.UNFOLDING.withHidden(50, 50, 50).withEpochs(epochs).withBatchSize(batch)
                .withLearningRate(1e-3).withPatience(0).withValidationFraction(0.25).withDecay(TrainingSettings.Decay.cosineTo(1e-3)).withSeed(seed));
    }

    static void write(Path file, Dataset d) throws Exception {
        double[] g = d.column("x.gen"), r = d.column("x.reco");
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("gen,reco\n");
            for (int i = 0; i < g.length; i++) out.write(String.format(Locale.ROOT, "%.9g,%.9g%n", g[i], r[i]));
        }
    }

    static double[][] read(Path file) throws Exception {
        List<double[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("gen")) continue;
            int c = line.indexOf(',');
            rows.add(new double[]{Double.parseDouble(line.substring(0, c)), Double.parseDouble(line.substring(c + 1))});
        }
        return rows.toArray(new double[0][]);
    }
}
