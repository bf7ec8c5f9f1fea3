package org.hepml.magics;

import org.hepml.engine.api.Workspace;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * A magic whose grammar is a picocli command (with subcommands for the verbs). Parsing gives --help, typed
 * options and typo suggestions; every failure to parse becomes a {@link MagicUsageException} whose message
 * names the offending option or value and shows the usage of the verb that was being parsed.
 */
public abstract class PicocliMagic implements Magic {
    protected final Workspace workspace;
    private final Class<?> command;

    /** @param command the picocli {@code @Command} class; its subcommands are the magic's verbs */
    protected PicocliMagic(Workspace workspace, Class<?> command) {
        this.workspace = workspace;
        this.command = command;
    }

    /** A fresh command tree per call: picocli command objects keep the values of the last parse. */
    CommandLine commandLine() {
        CommandLine cl = new CommandLine(command, new WorkspaceFactory(workspace));
        cl.setCommandName("%" + name());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setAbbreviatedOptionsAllowed(false);
        cl.setUsageHelpWidth(100);
        return cl;
    }

    @Override
    public Object run(List<String> lineArgs, String body) {
        List<String> args = MagicArguments.of(lineArgs, body, workspace);
        CommandLine cl = commandLine();
        ParseResult parsed;
        try {
            parsed = cl.parseArgs(args.toArray(String[]::new));
        } catch (ParameterException e) {
            throw usageError(e);
        }
        ParseResult leaf = parsed;
        while (leaf.hasSubcommand()) {
            if (leaf.isUsageHelpRequested()) break;
            leaf = leaf.subcommand();
        }
        CommandLine leafCl = leaf.commandSpec().commandLine();
        if (leaf.isUsageHelpRequested() || CommandLine.printHelpIfRequested(parsed)) {
            return new HelpText(leafCl.getUsageMessage());
        }
        Object command = leafCl.getCommand();
        if (!(command instanceof Callable<?> callable)) {
            // A verb is missing: show what the verbs are.
            throw new MagicUsageException(qualifiedName(leafCl) + " needs a verb.\n" + leafCl.getUsageMessage());
        }
        try {
            return callable.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    private MagicUsageException usageError(ParameterException e) {
        CommandLine where = e.getCommandLine();
        StringWriter suggestions = new StringWriter();
        if (e instanceof CommandLine.UnmatchedArgumentException u) {
            CommandLine.UnmatchedArgumentException.printSuggestions(u, new PrintWriter(suggestions, true));
        }
        String msg = e.getMessage();
        if (suggestions.getBuffer().length() > 0) msg += "\n" + suggestions.toString().trim();
        return new MagicUsageException(qualifiedName(where) + ": " + msg + "\n\n" + where.getUsageMessage());
    }

    private static String qualifiedName(CommandLine cl) {
        return cl.getCommandSpec().qualifiedName(" ");
    }
}
