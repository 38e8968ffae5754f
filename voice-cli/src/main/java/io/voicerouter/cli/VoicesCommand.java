package io.voicerouter.cli;

import io.voicerouter.language.LanguageCodes;
import io.voicerouter.provider.piper.CatalogVoice;
import io.voicerouter.provider.piper.PiperVoices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "voices", description = "List the voices a provider offers (today: piper, from its voices catalog).")
final class VoicesCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PROVIDER", description = "The provider id: piper.")
    String provider;

    @Option(names = {"-l", "--language"}, paramLabel = "CODE", description = "Only voices of this language.")
    String language;

    @Mixin
    CommonOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PiperVoices voices = Piper.voices(provider, common);
        List<CatalogVoice> list = language == null ? voices.list() : voices.list(LanguageCodes.normalize(language));
        Set<String> installed = new HashSet<>(voices.installed());
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"VOICE", "LANGUAGE", "QUALITY", "SPEAKERS", "SIZE", "INSTALLED"});
        for (CatalogVoice v : list) {
            long bytes = v.files().stream().mapToLong(CatalogVoice.CatalogFile::sizeBytes).sum();
            rows.add(new String[] {v.key(), v.languageCode() + (v.languageName().isEmpty() ? "" : " (" + v.languageName() + ")"),
                    v.quality(), Integer.toString(v.numSpeakers()), Progress.megabytes(bytes),
                    installed.contains(v.key()) ? "yes" : ""});
        }
        PrintWriter out = spec.commandLine().getOut();
        Table.print(out, rows);
        out.println(list.size() + " voices; download one with `voice download piper VOICE`.");
        return 0;
    }
}
