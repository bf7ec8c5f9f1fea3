package org.hepml.engine;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The engine's layers, checked on the compiled classes (so an import that is used, not just written, counts):
 * <pre>
 *   api                      Hep and the Workspace: the top, the Java twin of the magics
 *   tagging                  top taggers (EFN, PFN, observables MLP, Bayesian PFN), over nn, bayes, jets
 *   sbi   unfold   bayes   anomaly   weights     the domains
 *   flows                    normalizing flows, built on nn (the likelihood estimators of sbi use them)
 *   events   plot   nn       what the domains are built from
 *   (jets sits with events: clustering and substructure of events' particles)
 *   org.hepml.engine         the basics: HepmlException, Progress, Cancelled, HtmlRenderable, Version
 * </pre>
 * Arrows point down only: a lower layer never uses a higher one, and no packages use each other in a loop.
 */
@AnalyzeClasses(packages = "org.hepml.engine", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    @ArchTest
    static final ArchRule basicsUseNoSubpackage = noClasses().that().resideInAPackage("org.hepml.engine")
            .should().dependOnClassesThat().resideInAPackage("org.hepml.engine.(*)..")
            .because("the basics (HepmlException, Progress, Cancelled, HtmlRenderable, Version) sit below everything");

    @ArchTest
    static final ArchRule buildingBlocksUseNoDomain = noClasses()
            .that().resideInAnyPackage("org.hepml.engine.events..", "org.hepml.engine.plot..", "org.hepml.engine.nn..",
                    "org.hepml.engine.jets..")
            .should().dependOnClassesThat().resideInAnyPackage("org.hepml.engine.sbi..", "org.hepml.engine.unfold..",
                    "org.hepml.engine.bayes..", "org.hepml.engine.anomaly..", "org.hepml.engine.weights..", "org.hepml.engine.api..",
                    "org.hepml.engine.flows..")
            .because("events, plot and nn are what the domains are built from; a domain plot lives in its domain");

    @ArchTest
    static final ArchRule eventsUseNoJets = noClasses().that().resideInAPackage("org.hepml.engine.events..")
            .should().dependOnClassesThat().resideInAPackage("org.hepml.engine.jets..")
            .because("jets are made from events' particles; the events layer does not know about them");

    @ArchTest
    static final ArchRule flowsUseNoDomain = noClasses().that().resideInAPackage("org.hepml.engine.flows..")
            .should().dependOnClassesThat().resideInAnyPackage("org.hepml.engine.sbi..", "org.hepml.engine.unfold..",
                    "org.hepml.engine.bayes..", "org.hepml.engine.anomaly..", "org.hepml.engine.weights..", "org.hepml.engine.api..")
            .because("flows sit between nn and the domains: sbi's likelihood estimators and generation build on them");

    @ArchTest
    static final ArchRule domainsUseNoApi = noClasses()
            .that().resideInAnyPackage("org.hepml.engine.sbi..", "org.hepml.engine.unfold..", "org.hepml.engine.bayes..",
                    "org.hepml.engine.anomaly..", "org.hepml.engine.weights..")
            .should().dependOnClassesThat().resideInAPackage("org.hepml.engine.api..")
            .because("Hep and the Workspace are the top: the engine's domains work without them");

    /** The energy mover's distance (jets.emd) is a domain: built on the basics and plot, below the api. */
    @ArchTest
    static final ArchRule emdIsADomain = noClasses().that().resideInAPackage("org.hepml.engine.jets.emd..")
            .should().dependOnClassesThat().resideInAnyPackage("org.hepml.engine.api..", "org.hepml.engine.sbi..",
                    "org.hepml.engine.unfold..", "org.hepml.engine.bayes..")
            .because("the EMD works on particle arrays; Hep and the Workspace call it, never the other way round");

    @ArchTest
    static final ArchRule buildingBlocksUseNoEmd = noClasses()
            .that().resideInAnyPackage("org.hepml.engine.events..", "org.hepml.engine.plot..", "org.hepml.engine.nn..")
            .should().dependOnClassesThat().resideInAPackage("org.hepml.engine.jets.emd..");

    /** Tagging is a domain over nn, bayes, jets and anomaly's metrics: below the api, above every building block and domain it uses. */
    @ArchTest
    static final ArchRule taggingIsADomain = noClasses().that().resideInAPackage("org.hepml.engine.tagging..")
            .should().dependOnClassesThat().resideInAnyPackage("org.hepml.engine.api..", "org.hepml.engine.sbi..", "org.hepml.engine.unfold..",
                    "org.hepml.engine.weights..")
            .because("Hep and the magics call the tagger, never the other way round");

    @ArchTest
    static final ArchRule nothingBelowUsesTagging = noClasses()
            .that().resideInAnyPackage("org.hepml.engine.events..", "org.hepml.engine.plot..", "org.hepml.engine.nn..", "org.hepml.engine.jets..",
                    "org.hepml.engine.bayes..", "org.hepml.engine.flows..", "org.hepml.engine.anomaly..")
            .should().dependOnClassesThat().resideInAPackage("org.hepml.engine.tagging..")
            .because("the building blocks and the domains the tagger is built from do not know about it");

    @ArchTest
    static final ArchRule engineUsesNoMagicsOrKernel = noClasses().that().resideInAPackage("org.hepml.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("org.hepml.magics..", "org.hepml.kernel..");

    /** Spark stays in the hepml-spark module, which the engine finds through TaskRunner.Provider, never by name. */
    @ArchTest
    static final ArchRule engineUsesNoSpark = noClasses().that().resideInAPackage("org.hepml.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("org.hepml.spark..", "org.apache.spark..", "scala..");

    /** No loops between the engine's packages, each package (the root and every subpackage) a slice of its own. */
    @ArchTest
    static final ArchRule noPackageLoops = slices().assignedFrom(new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
            return c.getPackageName().startsWith("org.hepml.engine") ? SliceIdentifier.of(c.getPackageName()) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "packages of org.hepml.engine";
        }
    }).should().beFreeOfCycles();

    /** No loops between the layers' top-level packages (events with its io, sim and observables counted as one). */
    @ArchTest
    static final ArchRule noDomainLoops = slices().matching("org.hepml.engine.(*)..").should().beFreeOfCycles();
}
