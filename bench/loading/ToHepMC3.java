import org.hepml.engine.events.io.EventFiles;
import org.hepml.engine.events.io.HepMC3Writer;

import java.nio.file.Path;

/** Writes an event file's events as HepMC3 text, for the HepMC loading comparison. Usage: java -cp CP ToHepMC3.java IN OUT */
public class ToHepMC3 {
    public static void main(String[] args) {
        HepMC3Writer.write(Path.of(args[1]), EventFiles.load(Path.of(args[0])));
    }
}
