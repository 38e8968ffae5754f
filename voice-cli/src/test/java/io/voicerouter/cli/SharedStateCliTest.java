package io.voicerouter.cli;

import io.voicerouter.testing.LocalServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI on the embedded store (SQLite in the data directory) and with a Redis URL. */
class SharedStateCliTest {
    @TempDir
    Path dir;

    @Test
    void aPersonalityImportedIntoTheEmbeddedStoreSpeaksAndCountsItsLines() throws Exception {
        Path config = dir.resolve("espeak.json");
        Files.writeString(config, "{\"active_provider\": \"espeak\", \"providers\": {\"espeak\": {\"enabled\": true}},"
                + " \"languages\": {\"primary\": \"en\"}, \"x_host\": 1}");
        String data = dir.toString();
        CliRun imported = CliRun.of("personality", "import", "aria", config.toString(), "--data-dir", data);
        assertThat(imported.exit()).as(imported.err()).isZero();
        for (int i = 0; i < 2; i++) {
            CliRun say = CliRun.of("say", "Hello number " + i, "--personality", "aria", "-o",
                    dir.resolve("a.wav").toString(), "--data-dir", data);
            assertThat(say.exit()).as(say.err()).isZero();
            assertThat(say.out()).contains("from espeak");
        }
        CliRun exported = CliRun.of("personality", "export", "aria", "--data-dir", data);
        assertThat(exported.exit()).as(exported.err()).isZero();
        assertThat(exported.out()).contains("\"x_host\": 1").contains("\"total_generations\": 2");
        assertThat(Files.exists(dir.resolve("voicerouter.db"))).isTrue();
        CliRun list = CliRun.of("personality", "list", "--data-dir", data);
        assertThat(list.out()).contains("aria  espeak: 2 generations, 0 failures");

        CliRun missing = CliRun.of("say", "Hi", "--personality", "nobody-here", "--data-dir", data);
        assertThat(missing.exit()).isEqualTo(ErrorHandler.EXIT_BAD_INPUT);
        assertThat(missing.err()).contains("no personality nobody-here");
    }

    @Test
    void aRedisThatIsDownIsSkippedAndSaidSo() {
        int closed = LocalServers.freePort();
        CliRun say = CliRun.of("say", "Still speaking.", "--redis", "redis://127.0.0.1:" + closed, "-o",
                dir.resolve("b.wav").toString(), "--data-dir", dir.toString());
        assertThat(say.exit()).as(say.err()).isZero();
        assertThat(say.out()).contains("cache tier redis skipped");
    }
}
