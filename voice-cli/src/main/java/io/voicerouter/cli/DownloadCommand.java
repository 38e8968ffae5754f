package io.voicerouter.cli;

import io.voicerouter.provider.piper.PiperVoices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "download", description = "Download a voice into the model store, with its published checksums.")
final class DownloadCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PROVIDER", description = "The provider id: piper.")
    String provider;

    @Parameters(index = "1", paramLabel = "VOICE", description = "The voice, e.g. en_US-lessac-medium.")
    String voice;

    @Mixin
    CommonOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PiperVoices voices = Piper.voices(provider, common);
        Progress bar = new Progress(spec.commandLine().getErr());
        Path model = voices.download(voice, bar::update);
        bar.done();
        spec.commandLine().getOut().println("Installed " + voice + " at " + model);
        return 0;
    }
}
