/**
 * The top of the engine: {@link org.hepml.engine.api.Hep}, the Java twin of every magic, and the
 * {@link org.hepml.engine.api.Workspace} that magics and Java cells share. It uses every other package; none uses it
 * (LayeringTest). Below it: the methods (sbi, unfold, bayes), their building blocks (events, plot, nn) and the
 * basics in {@code org.hepml.engine} (HepmlException, Progress, Cancelled, HtmlRenderable, Version).
 */
package org.hepml.engine.api;
