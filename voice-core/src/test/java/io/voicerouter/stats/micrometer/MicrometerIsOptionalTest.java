package io.voicerouter.stats.micrometer;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** voice-core must load without Micrometer: only io.voicerouter.stats.micrometer may refer to it. */
class MicrometerIsOptionalTest {
    @Test
    void noOtherCompiledClassRefersToMicrometer() throws IOException, URISyntaxException {
        Path classes = Path.of(io.voicerouter.stats.StatsStore.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI());
        Path allowed = classes.resolve("io/voicerouter/stats/micrometer");
        try (Stream<Path> files = Files.walk(classes)) {
            List<Path> offenders = files.filter(p -> p.toString().endsWith(".class"))
                    .filter(p -> !p.startsWith(allowed))
                    .filter(MicrometerIsOptionalTest::mentionsMicrometer)
                    .toList();
            assertThat(offenders).isEmpty();
        }
        assertThat(mentionsMicrometer(allowed.resolve("VoiceRouterMetrics.class")))
                .as("the scan recognizes a reference when there is one").isTrue();
        try (Stream<Path> files = Files.walk(classes)) {
            assertThat(files.filter(p -> p.toString().endsWith(".class")).count()).isGreaterThan(20);
        }
    }

    private static boolean mentionsMicrometer(Path classFile) {
        try {
            // constant-pool strings are modified UTF-8, which is plain ASCII for this name
            return new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1).contains("io/micrometer");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
