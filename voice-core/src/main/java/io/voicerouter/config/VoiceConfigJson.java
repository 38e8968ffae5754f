package io.voicerouter.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.voicerouter.error.InvalidConfigException;
import io.voicerouter.internal.io.AtomicFiles;
import io.voicerouter.internal.io.RegularFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Reads and writes a personality's {@code voice_config} JSON exactly as the host stores it
 * (snake_case, the seed's schema). Thread-safe; all methods are static.
 *
 * <ul>
 *   <li>Unknown fields at every level are kept in the records' {@code extra} maps and written back
 *       after the known fields, which follow the seed's order.</li>
 *   <li>Absent optional fields stay absent. JSON {@code null} for a known field reads as absent; empty
 *       lists and objects ({@code "settings": {}}) read the same as absent and are not written.</li>
 *   <li>Raw values ({@code settings}, {@code extra}) keep their form: integral numbers are {@link Long}
 *       and write back without a fraction (2500), decimals are {@link Double} and write back in the
 *       shortest form that reads back to the same double (15.2, 0.95, 1.0). Typed decimal fields
 *       (durations, {@code quality_score}, {@code avg_latency_ms}) are doubles: an integral value is
 *       written without a fraction.</li>
 *   <li>Timestamps are ISO-8601; a non-UTC offset reads fine and is written back in UTC ({@code Z}).</li>
 *   <li>Output is pretty-printed like Python's {@code json.dumps(indent=2, ensure_ascii=False)}
 *       followed by a newline, so a host written in Python and this SDK produce the same text.</li>
 * </ul>
 *
 * Malformed JSON, duplicate keys and values of the wrong type throw {@link InvalidConfigException}
 * naming the line and column or the JSON path; a read reports every type problem at once.
 */
public final class VoiceConfigJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .nodeFactory(JsonValues.nodes())
            .build();

    private static final ObjectWriter WRITER = MAPPER.writer(prettyPrinter());

    /** The largest voice_config file {@link #read(Path)} reads: far above any real one (a few KiB). */
    public static final long MAX_FILE_BYTES = 4L << 20;

    private VoiceConfigJson() {
    }

    public static VoiceConfig read(String json) {
        Objects.requireNonNull(json, "json");
        return fromTree(parse(() -> MAPPER.readTree(json)));
    }

    /** Reads UTF-8 (or UTF-16/32 with a BOM) JSON from {@code in}; does not close it. */
    public static VoiceConfig read(InputStream in) {
        Objects.requireNonNull(in, "in");
        return fromTree(parse(() -> MAPPER.readTree(new NonClosing(in))));
    }

    /**
     * Reads a voice_config file: a regular file (links followed) of at most {@link #MAX_FILE_BYTES}.
     *
     * @throws InvalidConfigException when the file is missing, unreadable, a directory, FIFO or device,
     *                                too large, or not a valid voice_config
     */
    public static VoiceConfig read(Path file) {
        Objects.requireNonNull(file, "file");
        try (InputStream in = RegularFiles.newInputStream(file, MAX_FILE_BYTES)) {
            return read(in);
        } catch (NoSuchFileException e) {
            throw new InvalidConfigException("", "Cannot read voice_config " + file + ": no such file");
        } catch (IOException e) {
            throw new InvalidConfigException("", "Cannot read voice_config " + file + ": " + reason(e));
        } catch (UncheckedIOException e) {
            throw new InvalidConfigException("", "Cannot read voice_config " + file + ": " + reason(e.getCause()));
        }
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** Maps an already parsed tree (for hosts that hold the config as part of a larger document). */
    public static VoiceConfig fromTree(JsonNode tree) {
        if (tree == null || tree.isMissingNode()) {
            throw new InvalidConfigException("", "voice_config is empty");
        }
        return new ConfigJsonReader().read(tree);
    }

    /** The config as a tree, fields in the seed's order. */
    public static JsonNode toTree(VoiceConfig config) {
        return ConfigJsonWriter.toTree(Objects.requireNonNull(config, "config"));
    }

    /** Pretty-printed JSON ending in a newline. */
    public static String write(VoiceConfig config) {
        try {
            return WRITER.writeValueAsString(toTree(config)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize a tree of plain JSON values", e);
        }
    }

    /**
     * Writes {@code config} to {@code file} atomically: a reader sees the old file or the new one,
     * never half of one. The text goes to a temporary file in the same folder first.
     */
    public static void writeTo(VoiceConfig config, Path file) {
        byte[] bytes = write(config).getBytes(StandardCharsets.UTF_8);
        try {
            AtomicFiles.replace(file, out -> out.write(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write voice_config " + file, e);
        }
    }

    /** The pretty printer {@link #write} uses: two-space indents, {@code "key": value}, {@code []}/{@code {}}. */
    static DefaultPrettyPrinter prettyPrinter() {
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        return new DefaultPrettyPrinter(separators).withObjectIndenter(indenter).withArrayIndenter(indenter);
    }

    private interface TreeSource {
        JsonNode get() throws IOException;
    }

    private static JsonNode parse(TreeSource source) {
        try {
            return source.get();
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            int line = loc == null ? -1 : loc.getLineNr();
            int column = loc == null ? -1 : loc.getColumnNr();
            String where = line > 0 ? "line " + line + ", column " + column : "unknown position";
            String message = "Malformed voice_config JSON at " + where + ": " + e.getOriginalMessage();
            throw new InvalidConfigException("", line, column, message, List.of(message), e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read voice_config", e);
        }
    }

    /** Jackson closes sources it reads to the end; the caller owns the stream. */
    private static final class NonClosing extends java.io.FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // deliberately empty
        }
    }
}
