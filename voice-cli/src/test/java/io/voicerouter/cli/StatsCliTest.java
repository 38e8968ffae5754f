package io.voicerouter.cli;

import io.voicerouter.stats.JsonFileStatsStore;
import io.voicerouter.stats.ProviderStatsSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code voice stats}, {@code repair} and {@code reset} on a damaged file, and many {@code voice say} processes at once. */
class StatsCliTest {
    @TempDir
    Path dir;

    @Test
    void aDamagedStatsFileIsReportedKeptAndRepaired() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path stats = Files.writeString(data.resolve("stats.json"), "{\"format_version\":1,\"providers\":{\"espeak\":null}}");

        CliRun say = CliRun.of("say", "Hello.", "-o", dir.resolve("a.wav").toString(), "--data-dir", data.toString());
        assertThat(say.exit()).as("espeak has no quota: it still speaks").isZero();
        assertThat(say.err()).contains("warning").contains("is damaged").contains("voice stats repair");
        assertThat(Files.readString(stats)).isEqualTo("{\"format_version\":1,\"providers\":{\"espeak\":null}}");

        CliRun show = CliRun.of("stats", "--data-dir", data.toString());
        assertThat(show.exit()).isEqualTo(ErrorHandler.EXIT_FAILED);
        assertThat(show.err()).contains("providers.espeak is null").contains("voice stats repair")
                .contains("voice stats reset").doesNotContain("Exception");

        CliRun repair = CliRun.of("stats", "repair", "--data-dir", data.toString());
        assertThat(repair.exit()).as(repair.err()).isZero();
        assertThat(repair.out()).contains("providers.espeak is null: dropped").contains(".bak");

        CliRun again = CliRun.of("say", "Hello.", "-o", dir.resolve("b.wav").toString(), "--data-dir", data.toString());
        assertThat(again.exit()).isZero();
        assertThat(again.err()).doesNotContain("warning");
        assertThat(CliRun.of("stats", "--data-dir", data.toString()).out()).contains("eSpeak NG");
    }

    @Test
    void resetAsksForConfirmationAndKeepsABackup() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("stats.json"), "not json");

        assertThat(CliRun.of("stats", "reset", "--data-dir", data.toString()).exit()).isEqualTo(2);
        assertThat(Files.readString(data.resolve("stats.json"))).isEqualTo("not json");

        CliRun reset = CliRun.of("stats", "reset", "--yes", "--data-dir", data.toString());
        assertThat(reset.exit()).as(reset.err()).isZero();
        assertThat(reset.out()).contains("the old file is in");
        JsonFileStatsStore store = new JsonFileStatsStore(data.resolve("stats.json"));
        assertThat(store.load()).isEmpty();
        assertThat(store.damage()).isEmpty();
    }

    @Test
    void sayProcessesRunningAtOnceOnOneDataDirectoryLoseNoCount() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> children = new ArrayList<>();
        int processes = 5; // ten plain JVMs run in voice-core's StatsAcrossProcessesTest; each CLI JVM costs more
        for (int i = 0; i < processes; i++) {
            children.add(new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    VoiceCli.class.getName(), "say", "Hello number " + i + ".", "-o", dir.resolve(i + ".wav").toString(),
                    "--data-dir", data.toString()).redirectErrorStream(true).start());
        }
        for (Process p : children) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
        }

        ProviderStatsSnapshot espeak = new JsonFileStatsStore(data.resolve("stats.json")).load().get("espeak");
        assertThat(espeak.requests()).isEqualTo(processes);
        assertThat(espeak.successes()).isEqualTo(processes);
    }
}
