package org.hepml.magics;

import org.hepml.engine.api.Workspace;
import picocli.CommandLine;

import java.lang.reflect.Constructor;

/** Lets picocli make command objects that need the workspace (a constructor taking one), or plain ones. */
final class WorkspaceFactory implements CommandLine.IFactory {
    private final Workspace workspace;

    WorkspaceFactory(Workspace workspace) {
        this.workspace = workspace;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
        try {
            Constructor<K> c = cls.getDeclaredConstructor(Workspace.class);
            c.setAccessible(true);
            return c.newInstance(workspace);
        } catch (NoSuchMethodException e) {
            return CommandLine.defaultFactory().create(cls);
        }
    }
}
