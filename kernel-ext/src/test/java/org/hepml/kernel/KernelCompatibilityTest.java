package org.hepml.kernel;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KernelCompatibilityTest {

    @Test
    void releasesAreOrderedAsPyPiAndMavenWriteThem() {
        assertThat(KernelCompatibility.rank("1.0-a6")).isLessThan(KernelCompatibility.rank("1.0-a8"));
        assertThat(KernelCompatibility.rank("1.0a8")).isEqualTo(KernelCompatibility.rank("1.0-a8"));
        assertThat(KernelCompatibility.rank("1.0-a10")).isGreaterThan(KernelCompatibility.rank("1.0-a9"));
        assertThat(KernelCompatibility.rank("1.0-b1")).isGreaterThan(KernelCompatibility.rank("1.0-a9"));
        assertThat(KernelCompatibility.rank("1.0-rc1")).isGreaterThan(KernelCompatibility.rank("1.0-b2"));
        assertThat(KernelCompatibility.rank("1.0")).isGreaterThan(KernelCompatibility.rank("1.0-rc3"));
        assertThat(KernelCompatibility.rank("1.0.1")).isGreaterThan(KernelCompatibility.rank("1.0"));
        assertThat(KernelCompatibility.rank("1.1-a1")).isGreaterThan(KernelCompatibility.rank("1.0.5"));
        assertThat(KernelCompatibility.rank("nightly")).isEqualTo(-1);
    }

    @Test
    void aKernelOutsideTheTestedRangeIsToldWhichRangeIs() {
        assertThat(KernelCompatibility.warning("1.0-a6")).isNull();
        assertThat(KernelCompatibility.warning("1.0-a7")).isNull();
        assertThat(KernelCompatibility.warning("1.0-a8")).isNull();
        assertThat(KernelCompatibility.warning(null)).isNull();
        assertThat(KernelCompatibility.warning("1.0-a5")).contains("JJava 1.0-a5").contains("1.0-a6 to 1.0-a8").contains("pip install -U jjava");
        assertThat(KernelCompatibility.warning("1.1")).contains("1.0-a6 to 1.0-a8").contains("tell us");
    }

    /** The jar the build compiles against is the pinned release: its metadata must say so. */
    @Test
    void theCompiledAgainstKernelReportsThePinnedVersion() {
        assertThat(KernelCompatibility.runningVersion()).isEqualTo(KernelCompatibility.OLDEST);
    }
}
