package io.voicerouter.cli;

import io.voicerouter.config.ProviderUsage;
import io.voicerouter.config.VoiceConfigJson;
import io.voicerouter.error.VoiceException;
import io.voicerouter.store.jdbc.VoiceStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** Personalities in the shared store (SQLite in the data directory unless --store names a database). */
@Command(name = "personality", description = "Import, export and list personalities in the shared store.",
        subcommands = {PersonalityCommand.Import.class, PersonalityCommand.Export.class, PersonalityCommand.ListAll.class})
final class PersonalityCommand {
    /** Options of every sub-command: the store, defaulting to the embedded one. */
    static final class StoreOptions {
        @Mixin
        CommonOptions common;

        @Mixin
        SharedStateOptions shared;

        VoiceStore open() {
            if (shared.store == null) {
                shared.store = "";
            }
            return shared.openStore(common.context().dataDirectory()).orElseThrow();
        }
    }

    @Command(name = "import", description = "Store FILE's voice_config as personality ID (its stats become the starting counts).")
    static final class Import implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID") String id;
        @Parameters(index = "1", paramLabel = "FILE") Path file;
        @Mixin StoreOptions options;
        @Spec picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (VoiceStore store = options.open()) {
                store.savePersonality(id, VoiceConfigJson.read(file));
                spec.commandLine().getOut().println("Stored personality " + id + " in " + store + ".");
                spec.commandLine().getOut().flush();
            }
            return 0;
        }
    }

    @Command(name = "export", description = "Print personality ID's voice_config, stats included.")
    static final class Export implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID") String id;
        @Mixin StoreOptions options;
        @Spec picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (VoiceStore store = options.open()) {
                spec.commandLine().getOut().print(VoiceConfigJson.write(store.personality(id)
                        .orElseThrow(() -> new VoiceException("no personality " + id + " in " + store))));
                spec.commandLine().getOut().flush();
            }
            return 0;
        }
    }

    @Command(name = "list", description = "List the stored personalities with their generations per provider.")
    static final class ListAll implements Callable<Integer> {
        @Mixin StoreOptions options;
        @Spec picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (VoiceStore store = options.open()) {
                for (String id : store.personalityIds()) {
                    out.println(id + "  " + summary(store.stats(id)));
                }
                out.println("(all)  " + summary(store.globalStats()));
                out.flush();
            }
            return 0;
        }

        private static String summary(Map<String, ProviderUsage> stats) {
            StringBuilder sb = new StringBuilder();
            stats.forEach((provider, u) -> sb.append(String.format(Locale.ROOT, "%s: %d generations, %d failures; ",
                    provider, u.totalGenerations(), u.failures())));
            return sb.length() == 0 ? "no requests yet" : sb.substring(0, sb.length() - 2);
        }
    }
}
