import org.hepml.engine.jets.emd.EnergyMoversDistance;
import org.hepml.engine.jets.emd.ParticleSets;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * hepml's side of bench/emd: reads the pairs file (bench/emd/jets.py's format), then answers commands on stdin so that
 * the Python driver can alternate with the peer in one run:
 *   values         one line: the EMD of every pair
 *   time REPEATS   one line: seconds for REPEATS passes over all pairs (one thread, as the peer's emd is called)
 *   matrix N       one line: seconds for the pairwise matrix (R 0.8, beta 1) of the first N jets of the pairs (all cores),
 *                  then the sum of its upper triangle (to compare with the peer's)
 */
public class EmdBench {
    record Pair(EnergyMoversDistance emd, ParticleSets jets) {
    }

    public static void main(String[] args) throws Exception {
        List<Pair> pairs = new ArrayList<>();
        double[] params = null;
        List<double[][]> jets = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            if (line.startsWith("#")) continue;
            String[] f = line.trim().split(" ");
            if (f[0].equals("P")) {
                params = new double[]{Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3])};
                jets.clear();
            } else {
                int n = (f.length - 1) / 3;
                double[][] jet = new double[3][n];
                for (int p = 0; p < n; p++) for (int c = 0; c < 3; c++) jet[c][p] = Double.parseDouble(f[1 + 3 * p + c]);
                jets.add(jet);
                if (jets.size() == 2) {
                    pairs.add(new Pair(new EnergyMoversDistance(params[0], params[1], params[2] == 1),
                            ParticleSets.of(jets.get(0), jets.get(1))));
                }
            }
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        String cmd;
        double sink = 0;
        while ((cmd = in.readLine()) != null) {
            String[] c = cmd.trim().split(" ");
            StringBuilder out = new StringBuilder();
            switch (c[0]) {
                case "values" -> {
                    for (Pair p : pairs) out.append(p.emd.distance(p.jets, 0, p.jets, 1)).append(' ');
                }
                case "time" -> {
                    int repeats = Integer.parseInt(c[1]);
                    long t0 = System.nanoTime();
                    for (int r = 0; r < repeats; r++) for (Pair p : pairs) sink += p.emd.distance(p.jets, 0, p.jets, 1);
                    out.append(String.format(Locale.ROOT, "%.6f", (System.nanoTime() - t0) / 1e9));
                }
                case "matrix" -> {
                    int n = Integer.parseInt(c[1]);
                    double[][][] all = new double[n][][];
                    for (int k = 0; k < n; k++) {
                        ParticleSets j = pairs.get(k / 2).jets;
                        int o = j.offsets()[k % 2], e = j.offsets()[k % 2 + 1];
                        all[k] = new double[][]{java.util.Arrays.copyOfRange(j.weight(), o, e),
                                java.util.Arrays.copyOfRange(j.y(), o, e), java.util.Arrays.copyOfRange(j.phi(), o, e)};
                    }
                    ParticleSets sample = ParticleSets.of(all);
                    EnergyMoversDistance emd = new EnergyMoversDistance(0.8, 1);
                    long t0 = System.nanoTime();
                    double[][] m = emd.pairwise(sample);
                    double sum = 0;
                    for (int a = 0; a < n; a++) for (int b = a + 1; b < n; b++) sum += m[a][b];
                    out.append(String.format(Locale.ROOT, "%.6f %s", (System.nanoTime() - t0) / 1e9, sum));
                }
                default -> out.append("unknown command ").append(cmd);
            }
            System.out.println(out.toString().trim());
            System.out.flush();
        }
        if (sink == 42) System.err.println();
    }
}
