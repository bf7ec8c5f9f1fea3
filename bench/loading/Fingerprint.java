import org.hepml.engine.HepmlException;
import org.hepml.engine.events.ParticleArrays;
import org.hepml.engine.events.io.EventFiles;
import org.hepml.engine.events.io.LoadedEvents;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.TreeMap;

/**
 * Loads each event file given and prints one line per file: "FILE EVENTS SHA256" over everything loaded (every column's
 * name and raw bits, the particles, the metadata, the run information), or "FILE error: MESSAGE". Only the public API is
 * used, so the same source runs against an earlier commit's classes (identical.sh compares the two).
 * Usage: java -cp ENGINE_CLASSPATH Fingerprint.java FILE...
 */
public class Fingerprint {
    public static void main(String[] args) throws Exception {
        for (String a : args) {
            Path f = Path.of(a);
            try {
                LoadedEvents ev = EventFiles.load(f);
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                for (String c : ev.events().columnNames()) {
                    sha.update(c.getBytes(StandardCharsets.UTF_8));
                    for (double v : ev.events().column(c)) sha.update(ByteBuffer.allocate(8).putLong(Double.doubleToRawLongBits(v)).array());
                }
                ParticleArrays p = ev.particles();
                for (int[] column : new int[][]{p.offsets(), p.pdg(), p.status(), p.mother1(), p.mother2(), p.color1(), p.color2()}) {
                    for (int v : column) sha.update(ByteBuffer.allocate(4).putInt(v).array());
                }
                for (double[] column : new double[][]{p.px(), p.py(), p.pz(), p.e(), p.m(), p.lifetime(), p.spin()}) {
                    for (double v : column) sha.update(ByteBuffer.allocate(8).putLong(Double.doubleToRawLongBits(v)).array());
                }
                sha.update(new TreeMap<>(ev.events().metadata()).toString().getBytes(StandardCharsets.UTF_8));
                sha.update(ev.runInfo().toString().getBytes(StandardCharsets.UTF_8));
                StringBuilder hex = new StringBuilder();
                for (byte b : sha.digest()) hex.append(String.format("%02x", b));
                System.out.println(a + " " + ev.size() + " " + hex);
            } catch (HepmlException e) {
                System.out.println(a + " error: " + e.getMessage().replace('\n', ' '));
            }
        }
    }
}
