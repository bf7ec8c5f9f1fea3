package org.hepml.magics;

import org.hepml.engine.nn.EngineInfo;
import org.hepml.engine.HtmlRenderable;
import org.hepml.engine.Version;
import org.hepml.engine.api.Workspace;
import org.hepml.engine.api.WorkspaceListing;
import picocli.CommandLine.Command;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code %hepml}: version, compute device and threads, workspace contents and the list of magics;
 * {@code %hepml trace}: the Java stack trace of the last magic that failed (the notebook shows only its message).
 */
public final class HepmlMagic extends PicocliMagic {

    public HepmlMagic(Workspace workspace) {
        super(workspace, Info.class);
    }

    @Override
    public String name() {
        return "hepml";
    }

    @Override
    public String summary() {
        return "version, compute device, workspace contents and the magics; %hepml trace: the last error's stack trace";
    }

    @Command(name = "hepml", mixinStandardHelpOptions = true, subcommands = Trace.class,
            description = "Show the hepml version, the compute device and threads, the workspace and the magics.")
    static final class Info implements Callable<Status> {
        private final Workspace workspace;

        Info(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public Status call() {
            List<Magic> magics = Magics.all(workspace);
            return new Status(Version.get(), EngineInfo.current(), WorkspaceListing.of(workspace),
                    magics.stream().map(m -> new String[]{"%" + m.name(), m.summary()}).toList());
        }
    }

    @Command(name = "trace", mixinStandardHelpOptions = true,
            description = "Show the Java stack trace of the last magic that failed (its message is what the notebook shows).")
    static final class Trace implements Callable<HelpText> {
        @Override
        public HelpText call() {
            MagicErrors.Failure last = MagicErrors.last();
            return new HelpText(last == null ? "No magic has failed in this kernel yet." : last.trace());
        }
    }

    /** The answer of {@code %hepml}. */
    public record Status(String version, EngineInfo engine, WorkspaceListing workspace, List<String[]> magics)
            implements HtmlRenderable {
        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("hepml ").append(version).append('\n')
                    .append("compute: ").append(engine).append('\n').append("magics:\n");
            for (String[] m : magics) b.append(String.format("  %-10s %s%n", m[0], m[1]));
            return b.append("workspace:\n").append(workspace).toString();
        }

        @Override
        public String toHtml() {
            StringBuilder b = new StringBuilder("<div class='hepml-status'><b>hepml ")
                    .append(HtmlRenderable.escape(version)).append("</b><br>compute: ")
                    .append(HtmlRenderable.escape(engine.toString())).append("<br>magics (each answers <code>--help</code>):<ul>");
            for (String[] m : magics) {
                b.append("<li><code>").append(m[0]).append("</code> ").append(HtmlRenderable.escape(m[1])).append("</li>");
            }
            return b.append("</ul>workspace:").append(workspace.toHtml()).append("</div>").toString();
        }
    }
}
