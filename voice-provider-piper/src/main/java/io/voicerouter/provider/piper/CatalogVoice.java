package io.voicerouter.provider.piper;

import io.voicerouter.language.LanguageCodes;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One voice of the Piper voices catalog ({@code voices.json} of rhasspy/piper-voices).
 *
 * @param key          the voice id, e.g. {@code en_US-lessac-medium}
 * @param name         the dataset name, e.g. {@code lessac}
 * @param languageCode Piper's language code, e.g. {@code en_US}
 * @param languageName the language's English name, when the catalog gives it
 * @param quality      {@code x_low}, {@code low}, {@code medium} or {@code high}
 * @param numSpeakers  speakers in the model
 * @param speakers     speaker names (empty for single-speaker voices)
 * @param files        the voice's files with their published sizes and MD5 digests
 */
public record CatalogVoice(String key, String name, String languageCode, String languageName, String quality,
                           int numSpeakers, List<String> speakers, List<CatalogFile> files) {

    /** One file of a catalog voice; {@code path} is relative to the repository root. */
    public record CatalogFile(String path, long sizeBytes, String md5) {
        public CatalogFile {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(md5, "md5");
        }

        public String fileName() {
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    public CatalogVoice {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(languageCode, "languageCode");
        Objects.requireNonNull(languageName, "languageName");
        Objects.requireNonNull(quality, "quality");
        speakers = List.copyOf(speakers);
        files = List.copyOf(files);
    }

    /** The language as this SDK normalizes codes: {@code en_US} to {@code en}, {@code zh_CN} to {@code zh-CN}. */
    public String language() {
        return LanguageCodes.tryNormalize(languageCode).orElse(languageCode);
    }

    public Optional<CatalogFile> model() {
        return files.stream().filter(f -> f.path().endsWith(".onnx")).findFirst();
    }

    public Optional<CatalogFile> modelConfig() {
        return files.stream().filter(f -> f.path().endsWith(".onnx.json")).findFirst();
    }
}
