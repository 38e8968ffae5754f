package io.voicerouter.encoders;

import io.voicerouter.encode.AudioEncoder;
import io.voicerouter.encode.EncodeSpec;
import io.voicerouter.error.EncoderUnavailableException;

/** Guards shared by the encoders. */
final class Checks {
    private Checks() {
    }

    /** An encoder asked for a format it does not list (a caller that bypassed {@code AudioEncoders}). */
    static void format(AudioEncoder encoder, EncodeSpec spec) {
        if (!encoder.formats().contains(spec.format())) {
            throw new EncoderUnavailableException(spec.format().id(),
                    encoder.id() + " does not encode " + spec.format().id() + "; it encodes " + encoder.formats());
        }
    }
}
