package io.voicerouter.server.internal;

import io.voicerouter.config.VoiceConfig;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /api/personalities/{id}/samples}: a multipart upload (field {@code file}; optional
 * {@code language}, {@code notes}). The bytes are checked before anything is stored: size (413),
 * WAV or MP3 by content (415), duration (413), then voice-samples analyzes them, stores them by
 * hash and adds an entry to the personality's {@code voice_samples}. The answer is the quality
 * report and the new entry.
 */
public final class SampleEndpoint {
    private final ServerState state;

    public SampleEndpoint(ServerState state) {
        this.state = state;
    }

    public void handle(Exchange ex, String id) {
        Personalities.checkId(id);
        VoiceConfig config = state.store.personality(id)
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
            AddSampleOptions.Builder options = AddSampleOptions.builder();
            text(parts, "language").ifPresent(options::language);
            text(parts, "notes").ifPresent(options::notes);
            AddedSample added;
            // Uploads to one personality take turns (read, add, write back: no lost update); uploads to
            // different personalities run side by side.
            java.util.concurrent.locks.ReentrantLock lock = state.samples.lockFor(id);
            lock.lock();
            try {
                VoiceConfig current = state.store.personality(id).orElse(config);
                added = state.samples.library().add(current, bytes, options.build());
                state.store.savePersonality(id, added.config());
            } finally {
                lock.unlock();
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("personality", id);
            com.fasterxml.jackson.databind.JsonNode entries =
                    io.voicerouter.config.VoiceConfigJson.toTree(added.config()).path("voice_samples");
            out.put("sample", entries.get(entries.size() - 1));
            out.put("duration", decoded.audio().durationSeconds());
            out.put("report", added.report().toMap());
            ex.json(201, out);
        }
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

    private static java.util.Optional<String> text(MultiPartFormData.Parts parts, String name) {
        MultiPart.Part p = parts.getFirst(name);
        if (p == null) {
            return java.util.Optional.empty();
        }
        String s = p.getContentAsString(StandardCharsets.UTF_8).strip();
        if (s.length() > 1000) {
            throw ApiError.badRequest(name, name + " is longer than 1000 characters");
        }
        return s.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(s);
    }
}
