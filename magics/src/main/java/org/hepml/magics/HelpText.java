package org.hepml.magics;

/** The usage of a magic, answered to {@code --help}; renders as preformatted text. */
public record HelpText(String text) {
    @Override
    public String toString() {
        return text;
    }
}
