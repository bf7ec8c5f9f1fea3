package org.hepml.engine.bayes;

import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.RegressionToy;
import org.junit.jupiter.api.Test;

class BnnExploreTest {
    @Test
    void explore() {
        String[] cfg = System.getProperty("cfg", "4000,60,0.01,event,0").split(",");
        int n = Integer.parseInt(cfg[0]);
        int epochs = Integer.parseInt(cfg[1]);
        double init = Double.parseDouble(cfg[2]);
        boolean het = cfg[4].equals("1");
        RegressionToy toy = new RegressionToy().noise(0.1).heteroscedastic(het).seed(1);
        Dataset train = toy.generate("train", n);
        Dataset test = new RegressionToy().noise(0.1).heteroscedastic(het).seed(2).generate("test", 20000);
        long t0 = System.nanoTime();
        BnnOptions o = new BnnOptions().epochs(epochs).initialSigma(init)
                .sampling(cfg[3].equals("event") ? WeightSampling.PER_EVENT : WeightSampling.PER_BATCH)
                .batchSize(Integer.getInteger("batch", 256)).learningRate(Double.parseDouble(System.getProperty("lr", "1e-2")), Double.parseDouble(System.getProperty("lr", "1e-2")) / 10)
                .hidden(java.util.Arrays.stream(System.getProperty("hidden", "32,32").split(",")).mapToInt(Integer::parseInt).toArray());
        try (BnnRegressor r = BnnRegressor.train(train, "y", o)) {
            double secs = (System.nanoTime() - t0) / 1e9;
            RegressionPrediction p = r.predict(test);
            double[] x = p.input(0);
            float[] sig = r.network().weightSigmas();
            double ms = 0; for (float s : sig) ms += s / sig.length;
            System.out.printf("n=%d epochs=%d init=%.3f %s het=%s: %.1fs %s%n  alea centre %.4f (true %.4f), epi centre %.4f, epi |x|in[1.5,2] %.4f, mean weight sigma %.4f kl %.1f%n",
                    n, epochs, init, cfg[3], het, secs, p, RegressionPrediction.average(p.aleatoric(), x, -0.5, 0.5),
                    toy.sigma(new double[]{0.25}),
                    RegressionPrediction.average(p.epistemic(), x, -0.5, 0.5), RegressionPrediction.average(p.epistemic(), x, 1.5, 2),
                    ms, r.network().kl());
            RegressionPrediction far = r.predict(new double[][]{{-4}, {-3}, {-2}, {0}, {2}, {3}, {4}});
            System.out.println("  train loss " + r.history().trainLoss() + " val " + r.history().validationLoss());
            System.out.println("  epi at -4,-3,-2,0,2,3,4: " + java.util.Arrays.toString(far.epistemic()) + " " + r.history());
        }
    }
}
