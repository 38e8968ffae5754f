package io.voicerouter.router;

import io.voicerouter.stats.JsonFileStatsStore;
import io.voicerouter.stats.ProviderStatsSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Ten separate JVMs speak through routers on one stats file at once: every request and character is kept. */
class StatsAcrossProcessesTest {
    private static final int PROCESSES = 10;
    private static final int ROUNDS = 2;

    @TempDir
    Path dir;

    @Test
    void tenProcessesOnOneStatsFileLoseNoCount() throws Exception {
        Path file = dir.resolve("stats.json");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> children = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            children.add(new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp",
                    System.getProperty("java.class.path"), SpeakAndExitMain.class.getName(), file.toString(),
                    Integer.toString(ROUNDS)).redirectErrorStream(true).start());
        }
        for (Process p : children) {
            String out = output(p);
            assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("child finished").isTrue();
            assertThat(p.exitValue()).as(out).isZero();
        }

        JsonFileStatsStore store = new JsonFileStatsStore(file);
        ProviderStatsSnapshot google = store.load().get("google_tts");
        assertThat(store.damage()).isEmpty();
        int requests = PROCESSES * ROUNDS;
        assertThat(google.requests()).isEqualTo(requests);
        assertThat(google.successes()).isEqualTo(requests);
        assertThat(google.totalCharacters()).isEqualTo(11L * requests);
        long billed = google.monthlyCharacters().entrySet().stream() // a month may turn during the run
                .filter(e -> e.getKey().endsWith(":google_tts/standard")).mapToLong(Map.Entry::getValue).sum();
        assertThat(billed).as("the quota counter, which is money").isEqualTo(11L * requests);
    }

    private static String output(Process p) throws IOException {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
