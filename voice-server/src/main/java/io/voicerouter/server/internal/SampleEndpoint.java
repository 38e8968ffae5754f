package io.voicerouter.server.internal;

import io.voicerouter.config.VoiceConfig;
import io.voicerouter.config.VoiceSample;
import io.voicerouter.store.jdbc.StoredPersonality;
import io.voicerouter.samples.AddSampleOptions;
import io.voicerouter.samples.AddedSample;
import io.voicerouter.samples.DecodeLimits;
import io.voicerouter.samples.DecodedSample;
import io.voicerouter.samples.SampleDecoder;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartConfig;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.content.ByteBufferContentSource;
import org.eclipse.jetty.util.Attributes;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code POST /api/personalities/{id}/samples}: a multipart upload (field {@code file}; optional
 * {@code language}, {@code notes}). The bytes are checked before anything is stored: size (413),
 * WAV or MP3 by content (415), duration (413), then voice-samples analyzes them, stores them by
 * hash and adds an entry to the personality's {@code voice_samples}, atomically in the store (so
 * uploads at once, to one server or several on one database, each keep their entry). The answer is
 * the quality report, the new entry and the personality's new {@code ETag}.
 */
public final class SampleEndpoint {
    private final ServerState state;

    public SampleEndpoint(ServerState state) {
        this.state = state;
    }

    public void handle(Exchange ex, String id) {
        Personalities.checkId(id);
        VoiceConfig snapshot = state.store.personality(id)
                .orElseThrow(() -> ApiError.notFound("No personality '" + id + "'"));
        String type = ex.header("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new ApiError(415, "unsupported_media_type", "Upload the sample as multipart/form-data with a 'file' field");
        }
        long limit = state.config.maxSampleBytes();
        byte[] body = ex.body(limit + 64 * 1024);

        String boundary = org.eclipse.jetty.http.MultiPart.extractBoundary(type);
        if (boundary == null) {
            throw new ApiError(400, "invalid_multipart", "The Content-Type has no multipart boundary");
        }
        MultiPartFormData.Parts parts;
        try {
            MultiPartConfig mpc = new MultiPartConfig.Builder().maxParts(8).maxPartSize(limit).maxSize(limit + 64 * 1024)
                    .maxMemoryPartSize(limit).build();
            Content.Source source = new ByteBufferContentSource(ByteBuffer.wrap(body));
            parts = MultiPartFormData.getParts(source, new Attributes.Mapped(), type, mpc);
        } catch (RuntimeException e) {
            String why = Exchange.firstLine(e.getMessage() == null ? e.toString() : e.getMessage());
            if (why.toLowerCase(Locale.ROOT).contains("max")) {
                throw new ApiError(413, "sample_too_large", "The sample is larger than " + limit + " bytes");
            }
            throw new ApiError(400, "invalid_multipart", "The multipart body could not be read: " + why);
        }
        try (parts) {
            MultiPart.Part file = parts.getFirst("file");
            if (file == null) {
                throw new ApiError(400, "missing_required_parameter", "The upload has no 'file' field", "file",
                        List.of(), Map.of(), null);
            }
            byte[] bytes = bytes(file);
            if (bytes.length == 0) {
                throw new ApiError(400, "empty_file", "The uploaded file is empty", "file", List.of(), Map.of(), null);
            }
            if (bytes.length > limit) {
                throw new ApiError(413, "sample_too_large", "The sample is larger than " + limit + " bytes");
            }
            if (!SampleDecoder.isSupported(java.util.Arrays.copyOf(bytes, Math.min(bytes.length, 64)))) {
                throw new ApiError(415, "not_audio", "The file is neither WAV nor MP3 (recognized by content)", "file",
                        List.of(), Map.of(), null);
            }
            // Decoding with the server's limit refuses a too-long sample before the analysis spends time on it.
            DecodedSample decoded = SampleDecoder.decode(bytes, new DecodeLimits(state.config.maxSampleSeconds(), 8));
            Optional<String> language = text(parts, "language");
            AddSampleOptions.Builder options = AddSampleOptions.builder();
            language.ifPresent(options::language);
            text(parts, "notes").ifPresent(options::notes);
            // The slow part (analysis, writing the file) before any lock, against the copy read above;
            // only its entry is then added to the personality as stored at that moment.
            AddedSample added = state.samples.library().add(snapshot, bytes, options.build());
            String sha = added.stored().sha256();
            VoiceSample[] entry = new VoiceSample[1];
            StoredPersonality stored;
            ReentrantLock fileLock = state.samples.fileLock(sha);
            fileLock.lock();
            try {
                // Again, under the file's lock: a delete of the last other reference may have removed the
                // file since it was stored above (it found no entry for it yet). Cheap when it is there.
                state.samples.store().put(bytes);
                // Atomic in the store (row lock), across servers: concurrent uploads each add their entry.
                stored = state.store.updateStoredPersonality(id, current -> {
                    entry[0] = entryFor(added.sample(), current.config(), language.isPresent());
                    List<VoiceSample> samples = new ArrayList<>(current.config().voiceSamples());
                    samples.add(entry[0]);
                    return current.config().withVoiceSamples(samples);
                }).orElse(null);
                if (stored == null) { // deleted meanwhile: nothing refers to the file through it
                    state.samples.deleteIfUnreferenced(state.store, sha);
                    throw ApiError.notFound("No personality '" + id + "' (it was deleted during the upload)");
                }
            } finally {
                fileLock.unlock();
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("personality", id);
            for (com.fasterxml.jackson.databind.JsonNode e
                    : io.voicerouter.config.VoiceConfigJson.toTree(stored.config()).path("voice_samples")) {
                if (e.path("id").asText().equals(entry[0].id())) {
                    out.put("sample", e);
                }
            }
            ex.setHeader("ETag", Personalities.etag(stored));
            out.put("duration", decoded.audio().durationSeconds());
            out.put("report", added.report().toMap());
            ex.json(201, out);
        }
    }

    /**
     * The analyzed entry as it joins {@code current}: a fresh id when another upload took this one
     * meanwhile (the library numbered it against the earlier copy), and, without an explicit language,
     * the personality's primary language as it is now.
     */
    static VoiceSample entryFor(VoiceSample analyzed, VoiceConfig current, boolean explicitLanguage) {
        Set<String> taken = new HashSet<>();
        current.voiceSamples().forEach(s -> taken.add(s.id()));
        String id = analyzed.id();
        if (taken.contains(id)) {
            int n = current.voiceSamples().size() + 1;
            while (taken.contains("sample_" + n)) {
                n++;
            }
            id = "sample_" + n;
        }
        Optional<String> language = explicitLanguage ? analyzed.language() : Optional.of(current.primaryLanguage());
        return new VoiceSample(id, analyzed.url(), analyzed.duration(), language, analyzed.qualityScore(),
                analyzed.uploadedAt(), analyzed.notes(), analyzed.extra());
    }

    private static byte[] bytes(MultiPart.Part part) {
        ByteBuffer b;
        try {
            b = Content.Source.asByteBuffer(part.getContentSource());
        } catch (java.io.IOException e) {
            throw new ApiError(400, "invalid_multipart", "The uploaded file could not be read: " + e.getMessage());
        }
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static Optional<String> text(MultiPartFormData.Parts parts, String name) {
        MultiPart.Part p = parts.getFirst(name);
        if (p == null) {
            return Optional.empty();
        }
        String s = p.getContentAsString(StandardCharsets.UTF_8).strip();
        if (s.length() > 1000) {
            throw ApiError.badRequest(name, name + " is longer than 1000 characters");
        }
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }
}
