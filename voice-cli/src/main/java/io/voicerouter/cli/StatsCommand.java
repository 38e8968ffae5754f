package io.voicerouter.cli;

import io.voicerouter.stats.JsonFileStatsStore;
import io.voicerouter.stats.ProviderStatsSnapshot;
import io.voicerouter.stats.StatsDashboard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "stats", description = "Show the model performance dashboard from the saved statistics.")
final class StatsCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Map<String, ProviderStatsSnapshot> stats = new JsonFileStatsStore(common.statsFile()).load();
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
}
