package org.hepml.magics;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The module arrows kernel-ext -> magics -> engine, checked on the compiled classes of both modules. */
@AnalyzeClasses(packages = "org.hepml", importOptions = ImportOption.DoNotIncludeTests.class)
class MagicsLayeringTest {

    @ArchTest
    static final ArchRule magicsUseNoKernel = noClasses().that().resideInAPackage("org.hepml.magics..")
            .should().dependOnClassesThat().resideInAPackage("org.hepml.kernel..")
            .because("magics work without Jupyter; the kernel extension registers them");

    @ArchTest
    static final ArchRule engineUsesNoMagics = noClasses().that().resideInAPackage("org.hepml.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("org.hepml.magics..", "org.hepml.kernel..")
            .because("the engine is usable from plain Java, tests and Spark");
}
