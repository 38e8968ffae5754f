package io.voicerouter.provider.styletts2;

import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;

/**
 * The model's graphs do not have the inputs, outputs or element types this provider feeds and reads
 * (see the module README's graph contract). Deterministic: the same graph fails every request the
 * same way, so it is {@link ErrorKind#MISCONFIGURED} (the router does not retry it) and it is
 * raised when the model loads wherever the graph's declared signature shows the mismatch.
 */
public final class ModelContractException extends ProviderException {
    ModelContractException(String message) {
        super(StyleTts2ProviderFactory.ID, ErrorKind.MISCONFIGURED, message);
    }

    ModelContractException(String message, Throwable cause) {
        super(StyleTts2ProviderFactory.ID, ErrorKind.MISCONFIGURED, message, cause);
    }
}
