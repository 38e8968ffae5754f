package io.voicerouter.cli;

import io.voicerouter.config.ConfigProblem;
import io.voicerouter.config.ValidationReport;
import io.voicerouter.config.VoiceConfig;
import io.voicerouter.config.VoiceConfigJson;
import io.voicerouter.config.VoiceConfigValidator;
import io.voicerouter.spi.ProviderLoader;
import io.voicerouter.spi.TtsProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "config", description = "Work with voice_config files.",
        subcommands = ConfigCommand.Validate.class)
final class ConfigCommand {

    @Command(name = "validate", description = "Check a voice_config file against the installed providers; lists every problem.")
    static final class Validate implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "The voice_config JSON file.")
        Path file;

        @Mixin
        CommonOptions common;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            VoiceConfig config = VoiceConfigJson.read(file);
            // The providers themselves, not only their schemas: each checks its own entry (espeak its voice).
            List<TtsProvider> providers = ProviderLoader.createAll(common.context());
            ValidationReport report;
            try {
                report = VoiceConfigValidator.validate(config, providers);
            } finally {
                providers.forEach(TtsProvider::close);
            }
            PrintWriter out = spec.commandLine().getOut();
            for (ConfigProblem p : report.problems()) {
                out.println(p.severity() + "  " + p.path() + ": " + p.message());
            }
            long errors = report.problems().stream().filter(p -> p.severity() == ConfigProblem.Severity.ERROR).count();
            out.println(file + ": " + (errors == 0 ? "valid" : "invalid") + " (" + errors + " errors, "
                    + (report.problems().size() - errors) + " warnings)");
            return errors == 0 ? 0 : ErrorHandler.EXIT_BAD_INPUT;
        }
    }
}
