package org.hepml.magics;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.hepml.engine.api.Hep;
import org.hepml.engine.api.Workspace;
import org.hepml.engine.plot.Figure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hepml.magics.MagicsTest.args;

/** {@code --save FILE} of the figure magics and its Java twin: PNG, SVG and PDF by the ending, opened again here. */
class FigureSaveTest {
    final Workspace ws = new Workspace();
    final EventsMagic events = new EventsMagic(ws);
    final PlotMagic plot = new PlotMagic(ws);

    FigureSaveTest() {
        events.run(args("simulate gaussian --n 2000 --seed 1 --as sim"), null);
        events.run(args("simulate gaussian --n 1000 --mu 0.2 --sigma 0.8 --seed 2 --as data"), null);
    }

    static void assertPdf(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        assertThat(new String(bytes, 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
        try (PDDocument d = Loader.loadPDF(bytes)) {
            assertThat(d.getNumberOfPages()).isEqualTo(1);
        }
    }

    static void assertSvg(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setExpandEntityReferences(false);
        var doc = f.newDocumentBuilder().parse(new org.xml.sax.InputSource(new StringReader(Files.readString(file))));
        assertThat(doc.getDocumentElement().getNodeName()).isEqualTo("svg");
    }

    @Test
    void plotHistSavesPngSvgAndPdf(@TempDir Path dir) throws Exception {
        for (String name : new String[]{"h.png", "h.svg", "h.pdf"}) {
            Path file = dir.resolve(name);
            Object r = plot.run(args("hist data sim --column x.reco --bins 20 --range -3,3 --ratio-to sim --save " + file), null);
            assertThat(r).isInstanceOf(Figure.class);
            assertThat(file).exists();
        }
        assertThat(ImageIO.read(dir.resolve("h.png").toFile()).getWidth()).isEqualTo(640);
        assertSvg(dir.resolve("h.svg"));
        assertPdf(dir.resolve("h.pdf"));
    }

    @Test
    void plotUnfoldingSavesTooAndTheJavaTwinWritesTheSame(@TempDir Path dir) throws Exception {
        new UnfoldMagic(ws).run(args("omnifold --sim sim --data data --gen x.gen --reco x.reco --reweighter histogram --range -4,4"
                + " --iterations 2 --as u"), null);
        Path pdf = dir.resolve("u.pdf");
        plot.run(args("unfolding u --truth data --data data --column x.gen --save " + pdf), null);
        assertPdf(pdf);
        // from Java: the same figure, saved by its twin
        Path svg = new Hep(ws).plotUnfolding("u", "x.gen", "data", "data", "spectra", 30, 3, null).save(dir.resolve("u.svg"));
        assertSvg(svg);
        Path twin = dir.resolve("twin.pdf");
        new Hep(ws).histograms("data", "sim").column("x.gen").ratioTo("sim").save(twin).figure();
        assertPdf(twin);
    }

    @Test
    void aMissingFolderIsNamedWithTheReasonBeforeAnythingIsDrawn(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-folder").resolve("h.pdf");
        assertThatThrownBy(() -> plot.run(args("hist data --column x.reco --save " + missing), null))
                .hasMessageContaining("Could not write " + missing)
                .hasMessageContaining("the folder " + missing.getParent() + " does not exist");
        assertThatThrownBy(() -> plot.run(args("unfolding data --save " + missing), null))
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> plot.run(args("hist data --column x.reco --save " + dir.resolve("h.jpeg")), null))
                .hasMessageContaining(".png, .svg or .pdf");
        assertThat(missing.getParent()).doesNotExist();
    }
}
