package io.voicerouter.server.internal;

import io.voicerouter.audio.AudioData;
import io.voicerouter.config.ProviderConfig;
import io.voicerouter.config.VoiceConfig;
import io.voicerouter.config.VoiceSample;
import io.voicerouter.samples.DecodeLimits;
import io.voicerouter.samples.SampleDecoder;
import io.voicerouter.store.jdbc.StoredPersonality;
import org.eclipse.jetty.server.Request;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A stored sample for the console: its waveform peaks, its audio, and deleting it (the entry, the
 * providers' references to it, and the file once nothing refers to it). Admin scope.
 */
final class SampleFiles {
    private final ServerState state;

    SampleFiles(ServerState state) {
        this.state = state;
    }

    /**
     * {@code GET /api/personalities/{id}/samples/{sample}/peaks?buckets=N}: the sample's waveform as
     * N (50-2000, default 600) min/max pairs in [-1, 1], for a picture without sending the audio.
     */
    void peaks(Exchange ex, String id, String sampleId) {
        VoiceSample sample = sample(id, sampleId);
        int buckets = (int) Math.max(50, Math.min(2000, buckets(ex)));
        AudioData audio = SampleDecoder.decode(bytes(sample), DecodeLimits.DEFAULT)
                .audio().toMono();
        float[] s = audio.samples();
        List<Float> min = new ArrayList<>(buckets);
        List<Float> max = new ArrayList<>(buckets);
        for (int b = 0; b < buckets; b++) {
            int from = (int) ((long) s.length * b / buckets);
            int to = Math.max(from + 1, (int) ((long) s.length * (b + 1) / buckets));
            float lo = 0;
            float hi = 0;
            for (int i = from; i < to && i < s.length; i++) {
                lo = Math.min(lo, s[i]);
                hi = Math.max(hi, s[i]);
            }
            min.add(Math.round(lo * 1000) / 1000f);
            max.add(Math.round(hi * 1000) / 1000f);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sample", sampleId);
        out.put("duration", Math.round(audio.durationSeconds() * 100) / 100.0);
        out.put("sample_rate", audio.sampleRate());
        out.put("min", min);
        out.put("max", max);
        ex.json(200, out);
    }

    /** {@code GET /api/personalities/{id}/samples/{sample}/audio}: the stored file as uploaded. */
    void audio(Exchange ex, String id, String sampleId) {
        byte[] bytes = bytes(sample(id, sampleId));
        boolean wav = bytes.length >= 4 && bytes[0] == 'R' && bytes[1] == 'I' && bytes[2] == 'F' && bytes[3] == 'F';
        ex.setHeader("Cache-Control", "private, no-store");
        ex.send(200, wav ? "audio/wav" : "audio/mpeg", bytes);
    }

    /**
     * {@code DELETE /api/personalities/{id}/samples/{sample}}: removes the entry, clears the providers
     * that used it (their {@code voice_sample_url} and duration), and deletes the stored file when no
     * other sample of any personality refers to it (the store keeps files by content, so two
     * personalities can share one).
     */
    void delete(Exchange ex, String id, String sampleId) {
        Personalities.checkId(id);
        List<String> cleared = new ArrayList<>();
        VoiceSample[] removed = new VoiceSample[1];
        // Atomic in the store (row lock), so an upload to the same personality at the same moment, on
        // this server or another, keeps its entry. The change may run again after a retry: it starts over.
        StoredPersonality stored = state.store.updateStoredPersonality(id, current -> {
            VoiceConfig config = current.config();
            cleared.clear();
            VoiceSample sample = config.voiceSamples().stream().filter(s -> s.id().equals(sampleId)).findFirst()
                    .orElseThrow(() -> ApiError.notFound("Personality '" + id + "' has no sample '" + sampleId + "'"));
            removed[0] = sample;
            List<VoiceSample> rest = new ArrayList<>(config.voiceSamples());
            rest.remove(sample);
            VoiceConfig updated = config.withVoiceSamples(rest);
            for (Map.Entry<String, ProviderConfig> e : config.providers().entrySet()) {
                ProviderConfig p = e.getValue();
                if (p.voiceSampleUrl().filter(sample.url()::equals).isPresent()) {
                    updated = updated.withProvider(e.getKey(), new ProviderConfig(p.enabled(), Optional.empty(),
                            Optional.empty(), p.voiceId(), p.voiceName(), p.settings(), p.supportedLanguages(),
                            p.extra()));
                    cleared.add(e.getKey());
                }
            }
            return updated;
        }).orElseThrow(() -> ApiError.notFound("No personality '" + id + "'"));
        // Under the file's lock: an upload of the same bytes to any personality here either committed its
        // entry before (the file is kept) or stores the file again after.
        Optional<String> sha = Samples.sha256(removed[0]);
        boolean fileDeleted = sha.isPresent() && state.samples.deleteIfUnreferenced(state.store, sha.get());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("deleted", sampleId);
        out.put("cleared_providers", cleared);
        out.put("file_deleted", fileDeleted);
        ex.setHeader("ETag", Personalities.etag(stored));
        ex.json(200, out);
    }

    private VoiceSample sample(String id, String sampleId) {
        VoiceConfig config = state.store.personality(Personalities.checkId(id))
                .orElseThrow(() -> ApiError.notFound("No personality '" + id + "'"));
        return config.voiceSamples().stream().filter(s -> s.id().equals(sampleId)).findFirst()
                .orElseThrow(() -> ApiError.notFound("Personality '" + id + "' has no sample '" + sampleId + "'"));
    }

    private byte[] bytes(VoiceSample sample) {
        String sha = sha256(sample).orElseThrow(() -> ApiError.notFound("The sample '" + sample.id()
                + "' was not uploaded to this server (" + sample.url() + "); its audio is not stored here"));
        return state.samples.store().read(sha)
                .orElseThrow(() -> ApiError.notFound("The sample '" + sample.id() + "' is missing from the sample store"));
    }

    private static Optional<String> sha256(VoiceSample s) {
        return Samples.sha256(s);
    }

    private static long buckets(Exchange ex) {
        String v = Request.extractQueryParameters(ex.request()).getValue("buckets");
        if (v == null || v.isBlank()) {
            return 600;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("buckets", "buckets must be a whole number, not '" + v + "'");
        }
    }
}
