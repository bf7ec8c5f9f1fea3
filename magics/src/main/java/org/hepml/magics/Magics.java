package org.hepml.magics;

import org.hepml.engine.api.Workspace;

import java.util.List;

/** Every magic hepml adds to the kernel, in the order {@code %hepml} lists them. */
public final class Magics {
    private Magics() {
    }

    public static List<Magic> all(Workspace workspace) {
        return List.of(new HepmlMagic(workspace), new EventsMagic(workspace), new PlotMagic(workspace),
                new TrainMagic(workspace), new InferMagic(workspace), new UnfoldMagic(workspace), new BnnMagic(workspace),
                new JetsMagic(workspace),
                new AnomalyMagic(workspace));
    }
}
