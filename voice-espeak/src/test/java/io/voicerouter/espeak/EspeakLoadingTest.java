package io.voicerouter.espeak;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Failures to load espeak-ng say what to install; none of these touch the loaded library. */
class EspeakLoadingTest {

    @Test
    void missingLibraryNamesTheDebianPackage() {
        assertThatThrownBy(() -> EspeakLoader.openLibrary(List.of("espeak-ng-not-installed-here")))
                .isInstanceOf(EspeakUnavailableException.class)
                .hasMessageContaining("libespeak-ng1")
                .hasMessageContaining("apt-get install")
                .hasMessageContaining("espeak-ng-not-installed-here");
    }

    @Test
    void missingDataDirectoryIsReportedBeforeEspeakSeesIt(@org.junit.jupiter.api.io.TempDir Path empty) {
        assertThatThrownBy(() -> EspeakPhonemizer.load(empty.resolve("nowhere")))
                .isInstanceOf(EspeakUnavailableException.class)
                .hasMessageContaining("nowhere");
    }
}
