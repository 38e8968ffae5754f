package io.voicerouter.provider.xtts;

import ai.onnxruntime.OrtException;
import io.voicerouter.text.TextLimit;
import io.voicerouter.text.TextSegmenter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Text to 24 kHz samples with one loaded engine: the text is split at XTTS's per-language character
 * limit (sentences packed), each piece is cleaned, tokenized, decoded and vocoded. With a sink and a
 * positive {@code streamChunkSize}, the vocoder runs every that many tokens and the stitched audio is
 * handed over at once, so the first audio comes long before the piece is done. Thread-safe.
 */
final class XttsSynthesizer {
    record Options(SamplingParams sampling, double speed, int streamChunkSize, int maxTokens, int overlapSamples) {
        Options {
            if (!(speed > 0)) {
                throw new IllegalArgumentException("speed must be positive, got " + speed);
            }
        }
    }

    private final XttsEngine engine;

    XttsSynthesizer(XttsEngine engine) {
        this.engine = engine;
    }

    /**
     * Pieces of {@code text} as XTTS would decode them, each already prepared for the tokenizer. Like
     * XTTS, the raw text is split at the language's limit; unlike XTTS, a piece that cleaning made longer
     * than the limit (numbers spelled out) is split again, so it cannot overrun the model's text positions.
     */
    List<String> preparedPieces(String text, String language) {
        int limit = TextPreparer.charLimit(language);
        Locale locale = Locale.forLanguageTag(language);
        List<String> out = new ArrayList<>();
        for (String piece : TextSegmenter.pieces(text, TextLimit.characters(limit), locale)) {
            String cleaned = TextPreparer.clean(piece, language);
            List<String> parts = cleaned.length() > limit ? TextSegmenter.pieces(cleaned, TextLimit.characters(limit), locale) : List.of(cleaned);
            for (String part : parts) {
                if (!part.isBlank()) {
                    out.add(TextPreparer.prepare(part, language));
                }
            }
        }
        return out;
    }

    /**
     * Synthesizes {@code text}; when {@code sink} is not null, audio is emitted to it in order as it is
     * made. Returns all samples (equal to the joined chunks).
     */
    float[] synthesize(String text, String language, XttsEngine.Conditioning voice, Options options,
                       Consumer<float[]> sink, BooleanSupplier cancelled) throws OrtException {
        Sampler sampler = new Sampler(options.sampling());
        List<float[]> parts = new ArrayList<>();
        for (String prepared : preparedPieces(text, language)) {
            if (cancelled.getAsBoolean()) {
                break;
            }
            parts.add(piece(engine.tokenizer().encode(prepared), voice, options, sampler, sink, cancelled));
        }
        return join(parts);
    }

    float[] piece(int[] ids, XttsEngine.Conditioning voice, Options options, Sampler sampler,
                  Consumer<float[]> sink, BooleanSupplier cancelled) throws OrtException {
        int width = engine.width();
        boolean streaming = sink != null && options.streamChunkSize() > 0;
        List<float[]> emitted = new ArrayList<>();
        List<float[]> latents = new ArrayList<>();
        ChunkStitcher stitcher = new ChunkStitcher(options.overlapSamples());
        OrtException[] failure = new OrtException[1];
        int[] sinceVocode = {0};
        engine.decode(ids, voice, sampler, options.maxTokens(), (token, latent) -> {
            latents.add(latent);
            if (streaming && ++sinceVocode[0] >= options.streamChunkSize() && failure[0] == null) {
                sinceVocode[0] = 0;
                try {
                    float[] wav = engine.vocode(Latents.flatten(latents, width), latents.size(),
                            voice.speakerEmbedding(), options.speed());
                    emit(sink, emitted, stitcher.push(wav, false));
                } catch (OrtException e) {
                    failure[0] = e;
                }
            }
        }, () -> failure[0] != null || cancelled.getAsBoolean());
        if (failure[0] != null) {
            throw failure[0];
        }
        float[] wav = engine.vocode(Latents.flatten(latents, width), latents.size(), voice.speakerEmbedding(),
                options.speed());
        if (!streaming) {
            if (sink != null) {
                emit(sink, emitted, wav);
            }
            return wav;
        }
        emit(sink, emitted, stitcher.push(wav, true));
        return join(emitted);
    }

    private static void emit(Consumer<float[]> sink, List<float[]> emitted, float[] samples) {
        if (samples.length > 0) {
            emitted.add(samples);
            sink.accept(samples);
        }
    }

    static float[] join(List<float[]> parts) {
        int n = parts.stream().mapToInt(p -> p.length).sum();
        float[] out = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
