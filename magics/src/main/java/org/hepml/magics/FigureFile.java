package org.hepml.magics;

import org.hepml.engine.plot.Figure;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * {@code --save FILE} of every magic that draws a figure: the figure is also written to FILE, as PNG, SVG or PDF
 * by the file's ending (the same as {@link Figure#save} from Java); a folder that does not exist is an error that
 * says so, before anything is drawn into the notebook.
 */
final class FigureFile {
    @Option(names = "--save", paramLabel = "FILE", description = "also write the figure to FILE: .png, .svg or .pdf (vector)")
    Path save;

    /** Fails at once, before any work, when --save names a file that cannot be written (unknown ending, no such folder). */
    void check() {
        if (save != null) Figure.checkTarget(save);
    }

    /** Writes the figure when --save was given; returns it for the notebook. */
    Figure write(Figure f) {
        if (save != null) f.save(save);
        return f;
    }
}
