package org.hepml.engine.tagging;

import org.hepml.engine.events.sim.TopQcdJets;
import org.hepml.engine.nn.TrainingSettings;
import org.junit.jupiter.api.Test;

class TaggerExperimentTest {
    @Test
    void explore() {
        int n = Integer.getInteger("n", 4000), m = Integer.getInteger("m", 40), epochs = Integer.getInteger("epochs", 15);
        long t0 = System.nanoTime();
        org.hepml.engine.events.ParticleEvents tr, te;
        JetSample train = JetSample.of("train", (tr = new TopQcdJets().seed(1).generate("train", n)).particles(), tr.events().column("y"), m, Boolean.getBoolean("rotate"));
        JetSample test = JetSample.of("test", (te = new TopQcdJets().seed(2).generate("test", n)).particles(), te.events().column("y"), m, Boolean.getBoolean("rotate"));
        System.out.println(train + "  " + (System.nanoTime() - t0) / 1e9 + " s");
        for (String model : System.getProperty("models", "mlp,efn,pfn").split(",")) {
            t0 = System.nanoTime();
            TaggerOptions o = TaggerOptions.of(TaggerModel.parse(model)).withParticles(m).withSeeds(Integer.getInteger("seeds", 1))
                    .withNetwork(new int[]{32, 32}, 16, new int[]{32, 32});
            o = o.withTraining(o.training().withEpochs(epochs).withPatience(0).withBatchSize(Integer.getInteger("batch", 128)).withLearningRate(Double.parseDouble(System.getProperty("lr", "1e-3")), Double.parseDouble(System.getProperty("lr2", "1e-4"))));
            TaggerResult r = Tagger.train(train, test, o);
            System.out.println(r + "  " + (System.nanoTime() - t0) / 1e9 + " s");
        }
    }
}
