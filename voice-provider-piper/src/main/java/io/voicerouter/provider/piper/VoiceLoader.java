package io.voicerouter.provider.piper;

import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.espeak.Phonemizer;
import io.voicerouter.language.LanguageCodes;
import io.voicerouter.onnx.ChecksumMismatchException;
import io.voicerouter.onnx.DeviceUnavailableException;
import io.voicerouter.onnx.DownloadListener;
import io.voicerouter.onnx.ModelDownloadException;
import io.voicerouter.onnx.ModelStore;
import io.voicerouter.onnx.OfflineException;
import io.voicerouter.onnx.OnnxSessionException;
import io.voicerouter.onnx.OnnxSessions;
import io.voicerouter.onnx.SharedSession;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.text.TextSegmenter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Finds, downloads and loads voices for {@link PiperProvider}, and turns text into their ids. */
final class VoiceLoader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VoiceLoader.class);

    private final String providerId;
    private final PiperVoices voices;
    private final OnnxSessions sessions;
    private final OnnxSessions wideSessions; // null: no wide sessions
    private final ProviderContext context;
    private final ConcurrentMap<Path, LoadedVoice> loaded = new ConcurrentHashMap<>();
    private final ConcurrentMap<Path, FileHash> hashes = new ConcurrentHashMap<>();
    private volatile Phonemizer phonemizer;
    private volatile String phonemizerProblem;

    private record FileHash(long size, FileTime modified, String sha256) {
    }

    /** {@code wideSessions}: where a voice's wide session (a sentence running alone) comes from; null for none. */
    VoiceLoader(String providerId, PiperVoices voices, OnnxSessions sessions, OnnxSessions wideSessions,
                Phonemizer phonemizer, ProviderContext context) {
        this.providerId = providerId;
        this.voices = voices;
        this.sessions = sessions;
        this.wideSessions = wideSessions;
        this.phonemizer = phonemizer;
        this.context = context;
    }

    static boolean looksLikePath(String voiceId) {
        return voiceId.contains("/") || voiceId.contains("\\") || voiceId.toLowerCase(Locale.ROOT).endsWith(".onnx");
    }

    /** The model file for {@code voiceId} if it is on disk, without downloading. */
    Optional<Path> localModel(String voiceId) {
        if (looksLikePath(voiceId)) {
            Path p = Path.of(voiceId);
            return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        }
        return voices.installedModel(voiceId);
    }

    /** The model file for {@code voiceId}, downloading a catalog voice when allowed. */
    Path resolve(String voiceId, boolean download) {
        if (looksLikePath(voiceId)) {
            Path model = Path.of(voiceId);
            if (!Files.isRegularFile(model)) {
                throw missing("Piper model file not found: " + model.toAbsolutePath());
            }
            if (!Files.isRegularFile(model.resolveSibling(model.getFileName() + ".json"))) {
                throw missing("Piper model " + model + " has no " + model.getFileName() + ".json beside it");
            }
            return model;
        }
        Optional<Path> installed = voices.installedModel(voiceId);
        if (installed.isPresent()) {
            return installed.get();
        }
        String howTo = "run `voice download piper " + voiceId + "` or put " + voiceId + ".onnx and " + voiceId
                + ".onnx.json in " + voices.directory();
        if (voices.offline()) {
            throw missing("Piper voice " + voiceId + " is not installed and offline mode is on; " + howTo);
        }
        if (!download) {
            throw missing("Piper voice " + voiceId + " is not installed; " + howTo);
        }
        try {
            LOG.info("Downloading Piper voice {} into {}", voiceId, voices.directory());
            return voices.download(voiceId, DownloadListener.NONE);
        } catch (UnknownVoiceException e) {
            throw new ProviderException(providerId, ErrorKind.MODEL_MISSING, e.getMessage(), e);
        } catch (OfflineException e) {
            throw new ProviderException(providerId, ErrorKind.MODEL_MISSING, "Piper voice " + voiceId
                    + " is not installed and the catalog is not available offline; " + howTo, e);
        } catch (ChecksumMismatchException e) {
            throw new ProviderException(providerId, ErrorKind.MODEL_MISSING, e.getMessage(), e);
        } catch (ModelDownloadException e) {
            throw new ProviderException(providerId, ErrorKind.SERVER_ERROR, e.getMessage(), e);
        }
    }

    private ProviderException missing(String message) {
        return new ProviderException(providerId, ErrorKind.MODEL_MISSING, message);
    }

    /** The loaded voice for a model file, loading it on first use. */
    LoadedVoice load(Path model) {
        Path key = canonical(model);
        return loaded.computeIfAbsent(key, this::open);
    }

    private LoadedVoice open(Path model) {
        String file = model.getFileName().toString();
        String voiceKey = file.substring(0, file.length() - (file.endsWith(".onnx") ? 5 : 0));
        Path json = model.resolveSibling(file + ".json");
        PiperVoiceConfig config;
        try {
            config = PiperVoiceConfig.read(json);
        } catch (IOException | IllegalArgumentException e) {
            throw new ProviderException(providerId, ErrorKind.MODEL_MISSING, "Piper voice config " + json
                    + " is unreadable: " + e.getMessage(), e);
        }
        SharedSession session = acquire(sessions, model);
        LOG.info("Loaded Piper voice {} ({} Hz, {} speaker(s)) on {}", voiceKey, config.sampleRate(),
                config.numSpeakers(), session.device());
        return new LoadedVoice(voiceKey, model, config, session,
                wideSessions == null ? null : m -> acquire(wideSessions, m));
    }

    private SharedSession acquire(OnnxSessions from, Path model) {
        try {
            return from.acquire(model);
        } catch (OnnxSessionException e) {
            ErrorKind kind = e instanceof DeviceUnavailableException ? ErrorKind.MISCONFIGURED : ErrorKind.MODEL_MISSING;
            throw new ProviderException(providerId, kind, e.getMessage(), e);
        }
    }

    private Path canonical(Path model) {
        try {
            return model.toRealPath();
        } catch (IOException e) {
            throw missing("Piper model file not readable: " + model + " (" + e.getMessage() + ")");
        }
    }

    int loadedCount() {
        return loaded.size();
    }

    /** One id sequence per sentence. */
    List<long[]> sentenceIds(LoadedVoice voice, String text, String language) {
        return pieces(voice, text, language, false).stream().map(Piece::ids).toList();
    }

    /** One model input: a sentence, or the first clause of one ({@code endsSentence} false). */
    record Piece(long[] ids, boolean endsSentence) {
    }

    /**
     * The model inputs of {@code text}, one per sentence; with {@code splitFirstClause} a long first
     * sentence becomes two, split at a clause boundary ({@link ClauseSplitter}).
     */
    List<Piece> pieces(LoadedVoice voice, String text, String language, boolean splitFirstClause) {
        PiperVoiceConfig cfg = voice.config();
        List<List<String>> sentences = new ArrayList<>();
        if (cfg.phonemeType() == PiperVoiceConfig.PhonemeType.TEXT) {
            for (String s : TextSegmenter.sentences(text, Locale.forLanguageTag(language))) {
                sentences.add(PhonemeIds.textPhonemes(s, cfg));
            }
        } else {
            List<String> phonemized;
            try {
                phonemized = phonemizer().phonemize(text, cfg.espeakVoice());
            } catch (ProviderException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new ProviderException(providerId, ErrorKind.INTERNAL, "espeak-ng could not phonemize the text "
                        + "with voice " + cfg.espeakVoice() + ": " + e.getMessage(), e);
            }
            for (String s : phonemized) {
                if (!s.isBlank()) {
                    sentences.add(PhonemeIds.mergeVowelClusters(PhonemeIds.codepoints(s), cfg));
                }
            }
        }
        boolean clauseFirst = false;
        if (splitFirstClause && !sentences.isEmpty()) {
            List<List<String>> first = ClauseSplitter.splitFirst(sentences.remove(0));
            sentences.addAll(0, first);
            clauseFirst = first.size() > 1;
        }
        Set<String> unknown = new TreeSet<>();
        List<Piece> out = new ArrayList<>(sentences.size());
        for (List<String> phonemes : sentences) {
            out.add(new Piece(PhonemeIds.build(phonemes, cfg, unknown::add), !(clauseFirst && out.isEmpty())));
        }
        if (!unknown.isEmpty()) {
            LOG.warn("Piper voice {} has no ids for {} phoneme(s) {}; they were skipped", voice.key(), unknown.size(),
                    unknown);
        }
        if (out.isEmpty()) {
            throw new ProviderException(providerId, ErrorKind.BAD_INPUT, "nothing to speak in the text");
        }
        return out;
    }

    private Phonemizer phonemizer() {
        Phonemizer p = phonemizer;
        if (p != null) {
            return p;
        }
        synchronized (this) {
            if (phonemizer == null && phonemizerProblem == null) {
                StringBuilder why = new StringBuilder();
                Optional<Phonemizer> found = PhonemizerLocator.find(context, why);
                if (found.isPresent()) {
                    phonemizer = found.get();
                } else {
                    phonemizerProblem = why.toString();
                }
            }
            if (phonemizer == null) {
                throw new ProviderException(providerId, ErrorKind.MISCONFIGURED, "this Piper voice needs espeak-ng "
                        + "phonemes but " + phonemizerProblem);
            }
            return phonemizer;
        }
    }

    /** Normalized languages of the installed voices. */
    Set<String> installedLanguages() {
        Set<String> out = new TreeSet<>();
        for (String key : voices.installed()) {
            Path json = voices.directory().resolve(key + ".onnx.json");
            try {
                PiperVoiceConfig cfg = PiperVoiceConfig.read(json);
                String code = cfg.languageCode().orElse(cfg.languageFamily());
                LanguageCodes.tryNormalize(code).ifPresent(out::add);
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("Ignoring Piper voice {}: {}", key, e.getMessage());
            }
        }
        return out;
    }

    /** SHA-256 of a model file, remembered while its size and modification time stay the same. */
    String modelHash(Path model) {
        try {
            Path key = model.toRealPath();
            long size = Files.size(key);
            FileTime modified = Files.getLastModifiedTime(key);
            FileHash known = hashes.get(key);
            if (known != null && known.size() == size && known.modified().equals(modified)) {
                return known.sha256();
            }
            String sha = ModelStore.digest(key, "SHA-256");
            hashes.put(key, new FileHash(size, modified, sha));
            return sha;
        } catch (IOException e) {
            return "unreadable:" + model;
        }
    }

    @Override
    public void close() {
        loaded.values().forEach(LoadedVoice::close);
        loaded.clear();
    }
}
