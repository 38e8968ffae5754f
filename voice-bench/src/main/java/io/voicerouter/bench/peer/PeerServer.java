package io.voicerouter.bench.peer;

import io.voicerouter.config.ProviderConfig;
import io.voicerouter.onnx.SessionOptions;
import io.voicerouter.provider.piper.PiperProvider;
import io.voicerouter.provider.piper.PiperVoices;
import io.voicerouter.spi.Settings;
import io.voicerouter.spi.SynthesisOutput;
import io.voicerouter.spi.SynthesisRequest;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Our side of the peer benchmark ({@code tools/peer/run.sh}): a Piper provider driven one line at a
 * time over stdin by the script that also runs sherpa-onnx, so the two sides take turns in one run
 * and see the same machine load. Each side times itself in its own process, around the call alone.
 *
 * <p>Protocol, one command a line, one answer a line ({@code ok ...} or {@code error ...}):
 * <ul>
 *   <li>{@code say THREADS TEXT}: synthesize TEXT whole on a provider whose ONNX sessions use THREADS
 *       intra-op threads ({@code 2n}: 2 threads, spin-waiting off) and one sentence at a time; answers
 *       {@code ok NANOS SAMPLES SAMPLE_RATE}.</li>
 *   <li>{@code sayp THREADS PARALLELISM TEXT}: the same on the provider {@code para} uses (PARALLELISM
 *       sentences at once), so a lone sentence is timed in the paragraph setting.</li>
 *   <li>{@code para THREADS PARALLELISM TEXT}: stream TEXT with PARALLELISM sentences at once; answers
 *       {@code ok FIRST_AUDIO_NANOS TOTAL_NANOS CHUNKS SAMPLES SAMPLE_RATE}.</li>
 *   <li>{@code ids TEXT}: the model input lengths, one per sentence, for checking that both sides
 *       feed the model alike.</li>
 *   <li>{@code quit}.</li>
 * </ul>
 * Usage: {@code java -cp benchmarks.jar io.voicerouter.bench.peer.PeerServer MODEL.onnx}
 */
public final class PeerServer {
    private final Path model;
    private final Map<String, PiperProvider> providers = new HashMap<>();

    private PeerServer(Path model) {
        this.model = model;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1 || !Files.isRegularFile(Path.of(args[0]))) {
            System.err.println("usage: PeerServer VOICE.onnx (its .onnx.json beside it)");
            System.exit(2);
        }
        // Answers go to the real stdout; anything the libraries print goes to stderr.
        PrintStream answers = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        PeerServer server = new PeerServer(Path.of(args[0]).toAbsolutePath());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.equals("quit")) {
                    break;
                }
                try {
                    answers.println("ok " + server.handle(line));
                } catch (RuntimeException e) {
                    answers.println("error " + String.valueOf(e).replace('\n', ' '));
                }
            }
        } finally {
            server.providers.values().forEach(PiperProvider::close);
        }
    }

    private String handle(String line) {
        String[] parts = line.split(" ", 3);
        return switch (parts[0]) {
            case "say" -> say(parts[1], 1, parts[2]);
            case "sayp" -> {
                String[] p = line.split(" ", 4);
                yield say(p[1], Integer.parseInt(p[2]), p[3]);
            }
            case "para" -> {
                String[] p = line.split(" ", 4);
                yield paragraph(p[1], Integer.parseInt(p[2]), p[3]);
            }
            case "ids" -> ids(line.substring(4));
            default -> throw new IllegalArgumentException("unknown command: " + parts[0]);
        };
    }

    private String say(String threads, int parallelism, String text) {
        PiperProvider provider = provider(threads, parallelism);
        SynthesisRequest request = request(provider, text);
        long start = System.nanoTime();
        SynthesisOutput out = provider.synthesize(request);
        long nanos = System.nanoTime() - start;
        return nanos + " " + out.audio().frames() + " " + out.audio().sampleRate();
    }

    private String ids(String text) {
        PiperProvider provider = provider("1", 1);
        StringBuilder sb = new StringBuilder();
        for (long[] ids : provider.phonemeIds(request(provider, text))) {
            sb.append(sb.isEmpty() ? "" : " ").append(ids.length);
        }
        return sb.toString();
    }

    /**
     * Streams TEXT through a provider with THREADS intra-op threads per ONNX run and PARALLELISM
     * sentences at once; answers {@code ok FIRST_AUDIO_NANOS TOTAL_NANOS CHUNKS SAMPLES SAMPLE_RATE}.
     */
    private String paragraph(String threads, int parallelism, String text) {
        PiperProvider provider = provider(threads, parallelism);
        SynthesisRequest request = request(provider, text);
        long[] first = {0};
        int[] chunks = {0};
        long start = System.nanoTime();
        SynthesisOutput out = provider.synthesizeStreaming(request, chunk -> {
            if (chunks[0]++ == 0) {
                first[0] = System.nanoTime() - start;
            }
        });
        long nanos = System.nanoTime() - start;
        return first[0] + " " + nanos + " " + chunks[0] + " " + out.audio().frames() + " " + out.audio().sampleRate();
    }

    /** THREADS is the intra-op thread count, with a trailing {@code n} for ONNX Runtime's spin-waiting off. */
    PiperProvider provider(String threads, int parallelism) {
        boolean spin = !threads.endsWith("n");
        int intraOp = Integer.parseInt(spin ? threads : threads.substring(0, threads.length() - 1));
        return providers.computeIfAbsent(threads + "x" + parallelism, key -> {
            PiperProvider p = PiperProvider.builder()
                    .voices(PiperVoices.builder().directory(model.getParent()).offline(true).build())
                    .sessionOptions(SessionOptions.builder().device("cpu").intraOpThreads(intraOp).spinWait(spin).build())
                    .sentenceParallelism(parallelism)
                    .autoDownload(false)
                    .build();
            p.initialize();
            return p;
        });
    }

    SynthesisRequest request(PiperProvider provider, String text) {
        // No added silence: both sides then report the model's own audio, so RTFs compare.
        Map<String, Object> settings = Map.of("sentence_silence", 0.0);
        ProviderConfig config = ProviderConfig.enabledDefault().withVoiceId(model.toString()).withSettings(settings);
        return SynthesisRequest.of(text, "en", config.voice(), Settings.resolve(provider.capabilities().settings(), settings));
    }
}
