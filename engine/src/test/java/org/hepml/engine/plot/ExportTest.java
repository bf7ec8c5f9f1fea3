package org.hepml.engine.plot;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.hepml.engine.HepmlException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import javax.imageio.ImageIO;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PNG, SVG and PDF, written by the file name's ending and opened again; a missing folder is named in the error. */
class ExportTest {
    static final SampleFigures FIGURES = new SampleFigures();

    /** An XML parser that reads no external entity or DTD (an SVG names the SVG 1.1 DTD; nothing is fetched). */
    static Document parseXml(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setNamespaceAware(true);
        DocumentBuilder b = f.newDocumentBuilder();
        b.setEntityResolver((publicId, systemId) -> new org.xml.sax.InputSource(new StringReader("")));
        return b.parse(new org.xml.sax.InputSource(new StringReader(xml)));
    }

    @Test
    void pngSvgAndPdfByTheEnding(@TempDir Path dir) throws Exception {
        Figure f = FIGURES.quickstart();
        Path png = f.save(dir.resolve("quickstart.png"));
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(f.width());
        assertThat(img.getHeight()).isEqualTo(f.height());

        Path svg = f.save(dir.resolve("quickstart.SVG"));
        String text = Files.readString(svg, StandardCharsets.UTF_8);
        Document doc = parseXml(text);
        assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("svg");
        assertThat(doc.getDocumentElement().getAttribute("width")).startsWith(String.valueOf(f.width()));
        // vector: lines, markers and glyph outlines, not an embedded bitmap; text as outlines needs no font to show
        int shapes = 0;
        for (String tag : new String[]{"path", "line", "ellipse", "polygon", "polyline"}) shapes += doc.getElementsByTagNameNS("*", tag).getLength();
        assertThat(shapes).isGreaterThan(100);
        assertThat(doc.getElementsByTagNameNS("*", "path").getLength()).isGreaterThan(10);
        assertThat(doc.getElementsByTagNameNS("*", "image").getLength()).isZero();
        assertThat(doc.getElementsByTagNameNS("*", "text").getLength()).isZero();

        Path pdf = f.save(dir.resolve("quickstart.pdf"));
        byte[] bytes = Files.readAllBytes(pdf);
        assertThat(new String(bytes, 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
        try (PDDocument d = Loader.loadPDF(bytes)) {
            assertThat(d.getNumberOfPages()).isEqualTo(1);
            PDRectangle box = d.getPage(0).getMediaBox();
            assertThat(box.getWidth()).isEqualTo(f.width());
            assertThat(box.getHeight()).isEqualTo(f.height());
            assertThat(d.getPage(0).getContents().readAllBytes().length).isPositive();
        }
    }

    /** A multi-panel figure exports as one picture: every panel on the one page. */
    @Test
    void gridsExportWhole() throws Exception {
        Figure f = FIGURES.hep.histograms("data", "sim").column("x.gen", "x.reco").bins(20).range(-4, 4).figure();
        assertThat(f.panels()).hasSize(2);
        Document doc = parseXml(f.toSvg());
        assertThat(doc.getDocumentElement().getAttribute("width")).startsWith(String.valueOf(f.width()));
        try (PDDocument d = Loader.loadPDF(f.toPdf())) {
            assertThat(d.getNumberOfPages()).isEqualTo(1);
            assertThat(d.getPage(0).getMediaBox().getWidth()).isEqualTo(f.width());
        }
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(f.toPng()));
        assertThat(png.getWidth()).isEqualTo(f.width());
    }

    @Test
    void errorsSayWhy(@TempDir Path dir) {
        Figure f = FIGURES.scan();
        assertThatThrownBy(() -> f.save(dir.resolve("missing").resolve("scan.pdf")))
                .isInstanceOf(HepmlException.class).hasMessageContaining("scan.pdf").hasMessageContaining("does not exist")
                .hasMessageContaining(dir.resolve("missing").toString());
        assertThatThrownBy(() -> f.save(dir.resolve("scan.jpg")))
                .isInstanceOf(HepmlException.class).hasMessageContaining(".png, .svg or .pdf");
        assertThatThrownBy(() -> f.save(dir.resolve("scan")))
                .isInstanceOf(HepmlException.class).hasMessageContaining(".png, .svg or .pdf");
    }
}
