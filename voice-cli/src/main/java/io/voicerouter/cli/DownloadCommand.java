package io.voicerouter.cli;

import io.voicerouter.provider.piper.PiperVoices;
import io.voicerouter.provider.styletts2.StyleTts2Models;
import io.voicerouter.provider.styletts2.StyleTts2ProviderFactory;
import io.voicerouter.provider.xtts.XttsModels;
import io.voicerouter.provider.xtts.XttsProviderFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "download", description = {"Download a voice or model into the model store, with its published checksums.",
        "  voice download piper VOICE    one Piper voice from the catalog",
        "  voice download xtts_v2        the XTTS v2 ONNX export, the xtts_onnx/ folder of pltobing/XTTSv2-Streaming-ONNX",
        "                                (about 2 GB; -O xtts_v2.model_dir=... to place it)",
        "  voice download styletts2 RELEASE   a Kokoro release with its 54 voices: kokoro-v1.0 (about 330 MB),",
        "                                kokoro-v1.0-fp16, -quantized, -q8f16, -q4, -q4f16, -uint8, -uint8f16"})
final class DownloadCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PROVIDER", description = "The provider id: piper, xtts_v2 or styletts2.")
    String provider;

    @Parameters(index = "1", arity = "0..1", paramLabel = "VOICE",
            description = "The voice, e.g. en_US-lessac-medium (piper), or the release, e.g. kokoro-v1.0 "
                    + "(styletts2); xtts_v2 has a single export.")
    String voice;

    @Mixin
    CommonOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Progress bar = new Progress(spec.commandLine().getErr());
        String what;
        Path installed;
        if (XttsProviderFactory.PROVIDER_ID.equals(provider)) {
            what = "the XTTS v2 export";
            installed = XttsModels.fromContext(common.context()).download(bar::update);
        } else if (StyleTts2ProviderFactory.ID.equals(provider)) {
            String release = voice == null ? StyleTts2Models.KOKORO_V1 : voice;
            if (!StyleTts2Models.isRelease(release)) {
                throw new ParameterException(spec.commandLine(), "unknown StyleTTS2 release '" + release + "'; known: "
                        + String.join(", ", StyleTts2Models.RELEASES.keySet()));
            }
            what = "Kokoro " + release;
            installed = StyleTts2Models.fromContext(common.context(), release).download(bar::update);
        } else {
            PiperVoices voices = Piper.voices(provider, common);
            if (voice == null) {
                throw new ParameterException(spec.commandLine(), "name the Piper voice to download, e.g. "
                        + "`voice download piper en_US-lessac-medium`; `voice voices piper` lists them");
            }
            what = voice;
            installed = voices.download(voice, bar::update);
        }
        bar.done();
        spec.commandLine().getOut().println("Installed " + what + " at " + installed);
        if (StyleTts2ProviderFactory.ID.equals(provider)) {
            spec.commandLine().getOut().println("Use it with -O styletts2.model=" + (voice == null
                    ? StyleTts2Models.KOKORO_V1 : voice) + " (or styletts2.model_dir=" + installed + ")");
        }
        return 0;
    }
}
