import org.hepml.engine.events.io.LheWriter;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * Makes notebooks/data/ee_mumu.lhe.gz: e+ e- -> Z/gamma* -> mu+ mu- at sqrt(s) = 91.188 GeV, parton level, with
 * the muon angle drawn from the Standard-Model-like shape 1 + cos^2(theta) (theta: mu- to the e- beam).
 * Each event carries reweighting weights for a forward-backward asymmetry A_FB in {-0.3, -0.15, 0, 0.15, 0.3}:
 *   p(c | A) = 3/8 (1 + c^2) + A c,  so  w_A = w_0 (1 + c^2 + 8/3 A c) / (1 + c^2).
 * The A c term integrates to zero, so every hypothesis has the same cross section and the ratio of two weight
 * columns is exactly the joint likelihood ratio p(c|A)/p(c|A') (also the ratio of the true densities of c).
 * Usage: java -cp ENGINE_CLASSPATH MakeEeMuMu.java OUT.lhe.gz N SEED
 */
public class MakeEeMuMu {
    public static void main(String[] args) {
        Path out = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        Random rnd = new Random(Long.parseLong(args[2]));
        double sqrtS = 91.188, eb = sqrtS / 2, mmu = 0.105658;
        double sigma = 1476.0; // pb, roughly sigma(ee -> mumu) at the Z pole
        double[] afb = {-0.3, -0.15, 0.0, 0.15, 0.3};
        try (LheWriter w = LheWriter.create(out)) {
            w.significantDigits(9).generator("hepml MakeEeMuMu", "1")
                    .headerComment("Toy e+e- -> mu+mu- at the Z pole made with hepml's LheWriter; angular shape 1+cos^2(theta);")
                    .headerComment("weights rw0001..rw0005 reweight to A_FB = -0.3, -0.15, 0, 0.15, 0.3 (p(c|A) = 3/8 (1+c^2) + A c).")
                    .beams(11, -11, eb, eb).pdf(0, 0, 0, 0).weightingStrategy(3).process(1, sigma, 1.0, sigma / n);
            for (int k = 0; k < afb.length; k++) {
                w.weight(String.format(Locale.ROOT, "rw%04d", k + 1), String.format(Locale.ROOT, "A_FB = %.2f", afb[k]), "afb_scan");
            }
            double p = Math.sqrt(eb * eb - mmu * mmu);
            for (int i = 0; i < n; i++) {
                double c = sampleCosTheta(rnd);
                double s = Math.sqrt(1 - c * c), phi = 2 * Math.PI * rnd.nextDouble();
                double px = p * s * Math.cos(phi), py = p * s * Math.sin(phi), pz = p * c;
                double weight = sigma / n;
                w.event(1, weight, sqrtS, 1 / 132.5, 0.1181);
                w.particle(11, -1, 0, 0, 0, 0, 0, 0, eb, eb, 0);
                w.particle(-11, -1, 0, 0, 0, 0, 0, 0, -eb, eb, 0);
                w.particle(23, 2, 1, 2, 0, 0, 0, 0, 0, sqrtS, sqrtS);
                w.particle(13, 1, 3, 3, 0, 0, px, py, pz, eb, mmu);
                w.particle(-13, 1, 3, 3, 0, 0, -px, -py, -pz, eb, mmu);
                for (int k = 0; k < afb.length; k++) {
                    w.namedWeight(String.format(Locale.ROOT, "rw%04d", k + 1), weight * (1 + c * c + 8.0 / 3 * afb[k] * c) / (1 + c * c));
                }
                w.endEvent();
            }
        }
    }

    /** Accept-reject from 1 + c^2 on [-1, 1] (envelope 2). */
    static double sampleCosTheta(Random rnd) {
        while (true) {
            double c = 2 * rnd.nextDouble() - 1;
            if (2 * rnd.nextDouble() < 1 + c * c) return c;
        }
    }
}
