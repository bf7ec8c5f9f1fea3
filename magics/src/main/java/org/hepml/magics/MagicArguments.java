package org.hepml.magics;

import org.hepml.engine.api.Workspace;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits the body of a cell magic into arguments: one or more options per line, {@code #} starting a
 * comment (outside quotes), and double or single quotes grouping words, as on a shell command line.
 * As in IPython, {@code {name}} in an argument is replaced by the number or string stored under that name
 * in the workspace (from a Java cell: {@code hep.set("N", 20_000)}), so notebooks can size their magics.
 */
public final class MagicArguments {
    private static final Pattern REFERENCE = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_.\\-]*)}");

    private MagicArguments() {
    }

    /**
     * The words of a magic's first line as the user grouped them. JJava splits that line itself and honours only
     * double quotes: {@code --title 'two words'} reaches a magic as {@code 'two} and {@code words'}. This joins such
     * a run back into one argument without its quotes, as a shell would (the blanks inside become one space each,
     * since JJava has already dropped them). A word that merely contains a quote ({@code it's}) is left alone.
     */
    public static List<String> fromKernelLine(List<String> words) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.length() >= 2 && w.startsWith("'") && w.endsWith("'")) {
                out.add(w.substring(1, w.length() - 1));
                continue;
            }
            int end = w.startsWith("'") ? closingQuote(words, i + 1) : -1;
            if (end < 0) {
                out.add(w);
                continue;
            }
            StringBuilder b = new StringBuilder(w.substring(1));
            for (int j = i + 1; j <= end; j++) b.append(' ').append(words.get(j));
            b.setLength(b.length() - 1);
            out.add(b.toString());
            i = end;
        }
        return out;
    }

    /** The index of the first word from {@code from} on that ends a single-quoted run, or -1 if none does. */
    private static int closingQuote(List<String> words, int from) {
        for (int j = from; j < words.size(); j++) {
            String w = words.get(j);
            if (w.startsWith("'")) return -1; // another quoted run starts before this one closed
            if (w.endsWith("'")) return j;
        }
        return -1;
    }

    /** The line's and the body's arguments with {@code {name}} references resolved in the workspace. */
    public static List<String> of(List<String> lineArgs, String body, Workspace workspace) {
        List<String> out = new ArrayList<>();
        for (String arg : of(lineArgs, body)) out.add(resolve(arg, workspace));
        return out;
    }

    static String resolve(String arg, Workspace workspace) {
        Matcher m = REFERENCE.matcher(arg);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            if (!workspace.contains(name)) {
                throw new MagicUsageException("'{" + name + "}' in '" + arg + "' names nothing in the workspace;"
                        + " store a value first, e.g. hep.set(\"" + name + "\", 1000) in a Java cell.");
            }
            Object v = workspace.get(name);
            if (!(v instanceof Number || v instanceof CharSequence || v instanceof Boolean)) {
                throw new MagicUsageException("'{" + name + "}' in '" + arg + "' is a " + v.getClass().getSimpleName()
                        + "; only numbers, strings and booleans can stand in a magic's arguments.");
            }
            m.appendReplacement(b, Matcher.quoteReplacement(String.valueOf(v)));
        }
        m.appendTail(b);
        return b.toString();
    }

    /** The line's arguments followed by those of every line of the body. */
    public static List<String> of(List<String> lineArgs, String body) {
        List<String> all = new ArrayList<>(lineArgs);
        if (body != null) {
            int lineNo = 0;
            for (String line : body.split("\\R", -1)) {
                lineNo++;
                all.addAll(split(line, lineNo));
            }
        }
        return all;
    }

    static List<String> split(String line, int lineNo) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
                else cur.append(c);
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (c == '#') {
                break;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new MagicUsageException("Line " + lineNo + " of the cell has an unclosed " + quote + " quote: " + line.trim());
        }
        if (inWord) out.add(cur.toString());
        return out;
    }
}
