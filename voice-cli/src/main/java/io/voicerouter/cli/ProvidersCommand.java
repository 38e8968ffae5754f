package io.voicerouter.cli;

import io.voicerouter.spi.ProviderCapabilities;
import io.voicerouter.spi.ProviderHealth;
import io.voicerouter.spi.ProviderLoader;
import io.voicerouter.spi.SettingSpec;
import io.voicerouter.spi.TtsProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "providers", description = "List the installed providers and what each can do.")
final class ProvidersCommand implements Callable<Integer> {
    @Option(names = "--check", description = "Initialize each provider and show its health (may load models).")
    boolean check;

    @Option(names = "--settings", description = "Also print each provider's settings schema.")
    boolean settings;

    @Mixin
    CommonOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<TtsProvider> providers = ProviderLoader.createAll(common.context());
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "NAME", "KIND", "LANGUAGES", "CLONING", "STREAMING", "MAX TEXT", "RATE",
                check ? "HEALTH" : "SETTINGS"});
        try {
            for (TtsProvider p : providers) {
                String health = "";
                if (check) {
                    health = health(p);
                }
                ProviderCapabilities c = p.capabilities();
                rows.add(new String[] {c.id(), c.displayName(), c.kind().name().toLowerCase(Locale.ROOT),
                        languages(c), c.sampleRequirements().map(r -> fmt(r.minSeconds()) + "-" + fmt(r.maxSeconds())
                        + " s (best " + fmt(r.optimalMinSeconds()) + "-" + fmt(r.optimalMaxSeconds()) + ")").orElse("no"),
                        c.streaming() ? "yes" : "no", textLimit(c), c.sampleRate() + " Hz",
                        check ? health : String.valueOf(c.settings().size())});
            }
            Table.print(out, rows);
            out.println("Requests longer than " + io.voicerouter.router.VoiceRouterBuilder.DEFAULT_MAX_TEXT_LENGTH
                    + " characters are refused (the router's limit); MAX TEXT is what one call to a provider"
                    + " takes, in its own unit (\"chars\" or UTF-8 \"bytes\", \"xml bytes\" once escaped for SSML),"
                    + " and longer requests are spoken in pieces.");
            if (settings) {
                for (TtsProvider p : providers) {
                    printSettings(out, p.capabilities());
                }
            }
        } finally {
            providers.forEach(TtsProvider::close);
        }
        return 0;
    }

    private static String health(TtsProvider p) {
        try {
            p.initialize();
        } catch (RuntimeException e) {
            return "down: " + e.getMessage();
        }
        ProviderHealth h = p.health();
        String attrs = h.attributes().isEmpty() ? "" : " " + h.attributes();
        return h.status().name().toLowerCase(Locale.ROOT) + (h.detail().isEmpty() ? "" : ": " + h.detail()) + attrs;
    }

    private static String languages(ProviderCapabilities c) {
        if (c.languages().isEmpty()) {
            return "any";
        }
        List<String> sorted = c.languages().stream().sorted().toList();
        return sorted.size() <= 6 ? String.join(",", sorted)
                : sorted.size() + " (" + String.join(",", sorted.subList(0, 5)) + ",...)";
    }

    private static void printSettings(PrintWriter out, ProviderCapabilities c) {
        out.println();
        out.println(c.id() + " settings:");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "TYPE", "RANGE", "DEFAULT", "DESCRIPTION"});
        for (SettingSpec s : c.settings()) {
            rows.add(new String[] {s.name(), s.type(), range(s), String.valueOf(s.defaultValue()), s.description()});
        }
        Table.print(out, rows);
    }

    private static String range(SettingSpec s) {
        if (s instanceof SettingSpec.NumberSetting n) {
            return fmt(n.min()) + " .. " + fmt(n.max());
        }
        if (s instanceof SettingSpec.IntegerSetting i) {
            return i.min() + " .. " + i.max();
        }
        if (s instanceof SettingSpec.ChoiceSetting ch) {
            return String.join("|", ch.choices());
        }
        return "";
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** The provider's text limit with its unit, short enough for a table cell. */
    static String textLimit(ProviderCapabilities c) {
        String unit = switch (c.textLimit().unit()) {
            case CHARACTERS -> "chars";
            case UTF8_BYTES -> "bytes";
            case XML_ESCAPED_UTF8_BYTES -> "xml bytes";
        };
        return c.textLimit().max() + " " + unit;
    }
}
