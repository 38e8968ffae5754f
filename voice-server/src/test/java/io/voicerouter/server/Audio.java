package io.voicerouter.server;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What ffprobe and ffmpeg (the system's, as a listener's player would) make of bytes the server sent. */
final class Audio {
    record Probe(String codec, int sampleRate, int channels, double seconds, double rms) {
    }

    private Audio() {
    }

    /** Probes and decodes {@code bytes}; {@code rawPcm} means OpenAI's headerless 24 kHz s16le. */
    static Probe probe(byte[] bytes, Path dir, boolean rawPcm) throws IOException, InterruptedException {
        Path f = Files.createTempFile(dir, "speech", ".bin");
        Files.write(f, bytes);
        List<String> input = rawPcm ? List.of("-f", "s16le", "-ar", "24000", "-ac", "1", "-i", f.toString())
                : List.of("-i", f.toString());
        List<String> probe = new ArrayList<>(List.of("ffprobe", "-v", "error", "-show_entries",
                "stream=codec_name,sample_rate,channels", "-of", "json"));
        if (rawPcm) {
            probe.addAll(List.of("-f", "s16le", "-ar", "24000", "-ch_layout", "mono"));
        }
        probe.add(f.toString());
        JsonNode stream = TestServer.JSON.readTree(run(probe)).path("streams").path(0);
        List<String> decode = new ArrayList<>(List.of("ffmpeg", "-v", "error"));
        decode.addAll(input);
        decode.addAll(List.of("-f", "s16le", "-ac", "1", "-ar", "16000", "-"));
        byte[] pcm = run(decode);
        ByteBuffer b = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
        double sum = 0;
        int n = pcm.length / 2;
        for (int i = 0; i < n; i++) {
            double s = b.getShort() / 32768.0;
            sum += s * s;
        }
        return new Probe(stream.path("codec_name").asText(), stream.path("sample_rate").asInt(),
                stream.path("channels").asInt(), n / 16000.0, n == 0 ? 0 : Math.sqrt(sum / n));
    }

    private static byte[] run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed");
        }
        return out;
    }
}
