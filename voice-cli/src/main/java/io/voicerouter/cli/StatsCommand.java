package io.voicerouter.cli;

import io.voicerouter.stats.JsonFileStatsStore;
import io.voicerouter.stats.ProviderStatsSnapshot;
import io.voicerouter.stats.StatsDashboard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "stats", description = "Show the model performance dashboard from the saved statistics.",
        subcommands = {StatsCommand.Repair.class, StatsCommand.Reset.class})
final class StatsCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        JsonFileStatsStore store = new JsonFileStatsStore(common.statsFile());
        Map<String, ProviderStatsSnapshot> stats = store.load();
        Optional<String> damage = store.damage();
        if (damage.isPresent()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("voice: the " + damage.get());
            err.println("Providers with a monthly quota are skipped until it is fixed: `voice stats repair` keeps what "
                    + "can be read, `voice stats reset` starts every counter from zero. Both keep a backup.");
            return ErrorHandler.EXIT_FAILED;
        }
        if (stats.isEmpty()) {
            spec.commandLine().getOut().println("No statistics yet in " + common.statsFile()
                    + ". Run `voice say ...` first.");
            return 0;
        }
        Map<String, String> names = new java.util.HashMap<>();
        common.installedCapabilities().forEach((id, c) -> names.put(id, c.displayName()));
        String table = StatsDashboard.builder().displayNames(names)
                .month(java.time.YearMonth.now(java.time.ZoneOffset.UTC)).build().render(stats);
        spec.commandLine().getOut().print(table);
        spec.commandLine().getOut().flush();
        return 0;
    }

    @Command(name = "repair", description = "Keep what can be read of a damaged stats file (a backup is kept) "
            + "and print what was dropped or corrected.")
    static final class Repair implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            JsonFileStatsStore.Repair repair = new JsonFileStatsStore(common.statsFile()).repair();
            PrintWriter out = spec.commandLine().getOut();
            if (repair.backup().isEmpty()) {
                out.println(common.statsFile() + " needs no repair.");
                return 0;
            }
            out.println("Repaired " + common.statsFile() + " (the old file is in " + repair.backup().get() + "):");
            repair.changes().forEach(c -> out.println("  " + c));
            return 0;
        }
    }

    @Command(name = "reset", description = "Start every counter, monthly quota counters included, from zero "
            + "(a backup is kept).")
    static final class Reset implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Option(names = "--yes", required = true,
                description = "Confirm: quota counters restart at zero, so the providers may be billed past their free tier.")
        boolean yes;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Optional<Path> backup = new JsonFileStatsStore(common.statsFile()).reset();
            spec.commandLine().getOut().println(backup.map(b -> "Reset " + common.statsFile() + "; the old file is in " + b + ".")
                    .orElse("No statistics in " + common.statsFile() + "; nothing to reset."));
            return 0;
        }
    }
}
