import org.hepml.engine.Progress;
import org.hepml.engine.events.sim.GaltonBoard;
import org.hepml.engine.sbi.EstimatorOptions;
import org.hepml.engine.sbi.Method;
import org.hepml.engine.sbi.MethodComparison;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The mining-gold comparison at the paper's protocol on the Galton board (theta0 = -0.8, theta1 = -0.6, training
 * theta0 ~ U(-1, -0.4)): every method at every training size, several seeds, each training the same number of
 * optimizer steps (MethodComparison's protocol). Prints the table, the paper's numbers next to ours, and a last
 * line of JSON for bench/record.py.
 * Usage: java -cp ... MiningGoldBench.java SEEDS STEPS SIZES METHODS FIGURE.png
 */
public class MiningGoldBench {
    /** The published Galton-board errors (REFERENCE.md section 3, read off the figure, +-10%). */
    static final int[] PAPER_SIZES = {200, 1000, 10000};
    static final String[][] PAPER = {{"carl", "0.133", "0.115", "0.020"}, {"rolr", "0.058", "0.013", "0.003"}, {"rascal", "0.019", "0.007", "0.002"}};

    public static void main(String[] args) throws Exception {
        int seeds = Integer.parseInt(args[0]), steps = Integer.parseInt(args[1]);
        int[] sizes = Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray();
        List<Method> methods = Arrays.stream(args[3].split(",")).map(s -> Method.valueOf(s.trim().toUpperCase(Locale.ROOT))).toList();
        long t0 = System.nanoTime();
        // one line on stderr per finished training, so a long run shows where it is
        Progress.Factory.install(task -> new Progress() {
            long last = -1;

            @Override
            public void update(long done, String status) {
                if (done != last && !status.isEmpty()) {
                    last = done;
                    System.err.printf(Locale.ROOT, "  [%4.0f s] %d/%d %s%n", (System.nanoTime() - t0) / 1e9, done, task.total(), status);
                }
            }

            @Override
            public void finish(String status) {
            }
        });
        EstimatorOptions o = EstimatorOptions.DEFAULT;
        MethodComparison c = MethodComparison.run(new GaltonBoard(), "uniform(-1,-0.4)", new double[]{-0.6}, new double[][]{{-0.8}},
                methods, sizes, seeds, o, steps);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (args.length > 4) java.nio.file.Files.write(java.nio.file.Path.of(args[4]), c.figure().toPng());
        System.out.println(c);
        System.out.println();
        System.out.println("The paper (Brehmer et al. PNAS 2020, Galton board, read off the figure, +-10%) against this run:");
        for (String[] row : PAPER) {
            int m = c.row(Method.valueOf(row[0].toUpperCase(Locale.ROOT)));
            if (m < 0) continue;
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-8s", row[0]));
            for (int k = 0; k < PAPER_SIZES.length; k++) {
                int s = c.column(PAPER_SIZES[k]);
                b.append(String.format(Locale.ROOT, "  N=%-5d paper %s, here %s", PAPER_SIZES[k], row[k + 1],
                        s < 0 ? "-" : String.format(Locale.ROOT, "%.3f\u00b1%.3f", c.mean(m, s), c.standardError(m, s))));
            }
            System.out.println(b);
        }
        String json = c.toJson();
        System.out.println(json.substring(0, json.length() - 1) + String.format(Locale.ROOT,
                ",\"theta0\":-0.8,\"theta1\":-0.6,\"prior\":\"uniform(-1,-0.4)\",\"steps\":%d,\"batch\":%d,\"hidden\":\"%s\",\"seconds\":%.0f}",
                steps, o.training().batchSize(), Arrays.toString(o.training().hidden()), seconds));
    }
}
