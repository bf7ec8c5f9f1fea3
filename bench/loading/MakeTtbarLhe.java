import org.hepml.engine.events.io.LheWriter;

import java.nio.file.Path;
import java.util.Random;

/**
 * Writes a parton-level ttbar-like LHE file for the loading benchmark: g g -> t t~, t -> W+ b, t~ -> W- b~
 * (8 particles), two-body kinematics done properly (momentum conserved, on-shell masses), MadGraph-like
 * number format (11 significant digits) and 3 reweighting weights per event.
 * Usage: java -cp ENGINE_CLASSPATH MakeTtbarLhe.java OUT.lhe N
 */
public class MakeTtbarLhe {
    static final double MT = 172.5, MW = 80.4, MB = 4.7;

    public static void main(String[] args) {
        Path out = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        Random rnd = new Random(12345);
        try (LheWriter w = LheWriter.create(out)) {
            w.significantDigits(11).generator("hepml-bench", "1")
                    .beams(2212, 2212, 6500, 6500).pdf(0, 325300, 0, 325300).weightingStrategy(-4).process(1, 504.3, 1.2, 504.3)
                    .weight("rw0001", "set ctG -1.0", "mg_reweighting").weight("rw0002", "set ctG 0.0", "mg_reweighting")
                    .weight("rw0003", "set ctG 1.0", "mg_reweighting");
            for (int i = 0; i < n; i++) {
                double shat = 2 * MT + 50 + -300 * Math.log(1 - rnd.nextDouble());   // falling mtt spectrum
                double y = rnd.nextGaussian();                                        // boost of the partonic frame
                double x1 = shat / 13000 * Math.exp(y), x2 = shat / 13000 * Math.exp(-y);
                double[] g1 = {0, 0, x1 * 6500, x1 * 6500}, g2 = {0, 0, -x2 * 6500, x2 * 6500};
                double[] t = new double[4], tb = new double[4];
                twoBody(new double[]{0, 0, g1[2] + g2[2], g1[3] + g2[3]}, MT, MT, rnd, t, tb);
                double[] wp = new double[4], b = new double[4], wm = new double[4], bb = new double[4];
                twoBody(t, MW, MB, rnd, wp, b);
                twoBody(tb, MW, MB, rnd, wm, bb);
                double weight = 504.3 * (rnd.nextDouble() < 0.05 ? -1 : 1);
                w.event(1, weight, Math.sqrt(shat * shat / 4), 0.0078125, 0.108);
                w.particle(21, -1, 0, 0, 503, 502, g1[0], g1[1], g1[2], g1[3], 0);
                w.particle(21, -1, 0, 0, 501, 503, g2[0], g2[1], g2[2], g2[3], 0);
                w.particle(6, 2, 1, 2, 501, 0, t[0], t[1], t[2], t[3], MT);
                w.particle(-6, 2, 1, 2, 0, 502, tb[0], tb[1], tb[2], tb[3], MT);
                w.particle(24, 1, 3, 3, 0, 0, wp[0], wp[1], wp[2], wp[3], MW);
                w.particle(5, 1, 3, 3, 501, 0, b[0], b[1], b[2], b[3], MB);
                w.particle(-24, 1, 4, 4, 0, 0, wm[0], wm[1], wm[2], wm[3], MW);
                w.particle(-5, 1, 4, 4, 0, 502, bb[0], bb[1], bb[2], bb[3], MB);
                double c = (t[2]) / Math.sqrt(t[0] * t[0] + t[1] * t[1] + t[2] * t[2]);
                w.namedWeight("rw0001", weight * (1 - 0.1 * c * c)).namedWeight("rw0002", weight).namedWeight("rw0003", weight * (1 + 0.1 * c * c));
                w.endEvent();
            }
        }
    }

    /** Isotropic decay of a parent four-momentum p (px,py,pz,E) into masses m1, m2, boosted to the lab. */
    static void twoBody(double[] p, double m1, double m2, Random rnd, double[] a, double[] b) {
        double m = Math.sqrt(Math.max(p[3] * p[3] - p[0] * p[0] - p[1] * p[1] - p[2] * p[2], 0));
        double q = Math.sqrt(Math.max((m * m - (m1 + m2) * (m1 + m2)) * (m * m - (m1 - m2) * (m1 - m2)), 0)) / (2 * m);
        double c = 2 * rnd.nextDouble() - 1, s = Math.sqrt(1 - c * c), phi = 2 * Math.PI * rnd.nextDouble();
        double[] ra = {q * s * Math.cos(phi), q * s * Math.sin(phi), q * c, Math.sqrt(q * q + m1 * m1)};
        double[] rb = {-ra[0], -ra[1], -ra[2], Math.sqrt(q * q + m2 * m2)};
        boost(ra, p, m, a);
        boost(rb, p, m, b);
    }

    static void boost(double[] r, double[] p, double m, double[] out) {
        double bx = p[0] / p[3], by = p[1] / p[3], bz = p[2] / p[3];
        double b2 = bx * bx + by * by + bz * bz, gamma = p[3] / m;
        double bp = bx * r[0] + by * r[1] + bz * r[2];
        double g2 = b2 > 0 ? (gamma - 1) / b2 : 0;
        out[0] = r[0] + g2 * bp * bx + gamma * bx * r[3];
        out[1] = r[1] + g2 * bp * by + gamma * by * r[3];
        out[2] = r[2] + g2 * bp * bz + gamma * bz * r[3];
        out[3] = gamma * (r[3] + bp);
    }
}
