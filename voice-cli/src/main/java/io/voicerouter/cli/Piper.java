package io.voicerouter.cli;

import io.voicerouter.provider.piper.PiperVoices;
import picocli.CommandLine;

/** The voice catalog commands speak only of Piper for now; other ids get a clear answer. */
final class Piper {
    private Piper() {
    }

    static PiperVoices voices(String provider, CommonOptions common) {
        if (!"piper".equals(provider)) {
            throw new CommandLine.ParameterException(new CommandLine(new VoiceCli()),
                    "voice catalogs exist for 'piper' only; '" + provider + "' has none here");
        }
        return PiperVoices.fromContext(common.context());
    }
}
