package io.voicerouter.spi;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Data flows one way: {@code config} reads the SPI (capabilities, setting specs) and hands providers a
 * {@link VoiceSelection}; the SPI never refers to {@code config}. Checked in the compiled classes, so
 * a fully qualified name in code counts as much as an import (a name in a comment does not).
 */
class SpiLayeringTest {
    private static final String[] FORBIDDEN = {"io/voicerouter/config/", "io/voicerouter/router/"};

    @Test
    void spiClassesReferToNeitherConfigNorRouter() throws IOException, URISyntaxException {
        Path classes = Path.of(SynthesisRequest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path spi = classes.resolve("io/voicerouter/spi");
        List<Path> files;
        try (Stream<Path> s = Files.list(spi)) {
            files = s.filter(p -> p.toString().endsWith(".class")).sorted().toList();
        }
        assertThat(files).as("compiled spi classes under %s", spi)
                .anySatisfy(p -> assertThat(p.getFileName().toString()).isEqualTo("SynthesisRequest.class"))
                .anySatisfy(p -> assertThat(p.getFileName().toString()).isEqualTo("TtsProvider.class"));
        for (Path file : files) {
            // class names in the constant pool are plain ASCII, slash-separated
            String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            for (String forbidden : FORBIDDEN) {
                assertThat(bytes).as("%s refers to %s", file.getFileName(), forbidden).doesNotContain(forbidden);
            }
        }
    }

    @Test
    void theCheckSeesAReferenceWhereThereIsOne() throws IOException, URISyntaxException {
        // the config side does refer to the SPI; the same scan must find that, or it proves nothing
        Path classes = Path.of(SynthesisRequest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String validator = new String(Files.readAllBytes(classes.resolve("io/voicerouter/config/ProviderConfig.class")),
                StandardCharsets.ISO_8859_1);
        assertThat(validator).contains("io/voicerouter/spi/VoiceSelection");
    }
}
