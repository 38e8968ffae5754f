package io.voicerouter.provider.ibm;

import java.util.Objects;

/**
 * One voice from the service's {@code /v1/voices} list.
 *
 * @param name     the voice id used in requests, e.g. {@code en-US_MichaelV3Voice}
 * @param language BCP-47 language, e.g. {@code en-US}
 * @param gender   {@code male} or {@code female}, as the service says
 */
public record IbmVoice(String name, String language, String gender, String description) {
    public IbmVoice {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(gender, "gender");
        Objects.requireNonNull(description, "description");
    }
}
