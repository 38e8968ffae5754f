package io.voicerouter.cli;

import io.voicerouter.internal.io.RegularFiles;
import io.voicerouter.samples.FetchPolicy;
import io.voicerouter.samples.Finding;
import io.voicerouter.samples.ProviderAssessment;
import io.voicerouter.samples.SampleMetrics;
import io.voicerouter.samples.SampleFetcher;
import io.voicerouter.samples.SampleQualityReport;
import io.voicerouter.samples.VoiceSampleAnalyzer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "sample", description = "Check voice samples before a cloning provider uses them.",
        subcommands = SampleCommand.Check.class)
final class SampleCommand {

    @Command(name = "check", description = "Print the quality report of a recording (WAV or MP3).")
    static final class Check implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "The recording: a path, a file: URL, or an http(s) URL"
                + " fetched under voice-samples' fetch policy (https to public hosts, 25 MiB, 30 s).")
        String file;

        @Option(names = "--allow-http", description = "Also fetch plain http:// URLs.")
        boolean allowHttp;

        @Option(names = "--allow-private-hosts",
                description = "Also fetch from loopback and private-network addresses (your own sample server).")
        boolean allowPrivateHosts;

        @Option(names = {"-p", "--provider"}, paramLabel = "ID",
                description = "Judge the duration for this provider (default: every cloning provider).")
        List<String> providers = new ArrayList<>();

        @Option(names = "--json", description = "Print the report as JSON.")
        boolean json;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        /** The recording as the report names it: a URL without its query or user info, which may hold tokens. */
        private String shown;

        @Override
        public Integer call() throws Exception {
            byte[] bytes = read(file);
            try (VoiceSampleAnalyzer analyzer = VoiceSampleAnalyzer.create()) {
                List<String> ids = providers.isEmpty() ? List.copyOf(analyzer.profiles().keySet()) : providers;
                SampleQualityReport report = analyzer.analyze(bytes, ids);
                PrintWriter out = spec.commandLine().getOut();
                if (json) {
                    out.println(report.toJson());
                } else {
                    print(out, report);
                }
                out.flush();
                return report.providers().stream().anyMatch(ProviderAssessment::usable) ? 0 : 3;
            }
        }

        private void print(PrintWriter out, SampleQualityReport r) {
            SampleMetrics m = r.metrics();
            out.printf(Locale.ROOT, "%s: quality score %.2f (recording %.2f), %.1f s%n", shown, r.qualityScore(),
                    r.recordingScore(), r.durationSeconds());
            out.printf(Locale.ROOT, "  noise      SNR %.1f dB%n", m.snrDb());
            out.printf(Locale.ROOT, "  loudness   %.1f LUFS, range %.1f LU, too quiet %.0f%%, too loud %.0f%%%n",
                    m.integratedLufs(), m.loudnessRangeLu(), 100 * m.tooQuietShare(), 100 * m.tooLoudShare());
            out.printf(Locale.ROOT, "  clipping   %d samples, longest run %d, peak %.1f dBFS%n", m.clippedSamples(),
                    m.longestClipRun(), m.peakDbfs());
            out.printf(Locale.ROOT, "  speech     %.0f%% (%.1f s), silence %.1f s lead / %.1f s trail, longest pause %.1f s%n",
                    100 * m.speechRatio(), m.speechSeconds(), m.leadingSilenceSeconds(), m.trailingSilenceSeconds(),
                    m.longestPauseSeconds());
            out.printf(Locale.ROOT, "  dc offset  %.4f%n", m.dcOffset());
            for (ProviderAssessment p : r.providers()) {
                out.printf(Locale.ROOT, "  %-10s %s: %.1f s usable (needs %s-%s s, best %s-%s), score %.2f%n",
                        p.providerId(), p.durationFit().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                        p.usableSeconds(), n(p.requirements().minSeconds()), n(p.requirements().maxSeconds()),
                        n(p.requirements().optimalMinSeconds()), n(p.requirements().optimalMaxSeconds()), p.score());
            }
            List<Finding> findings = r.allFindings();
            if (!findings.isEmpty()) {
                out.println("Findings:");
                for (Finding f : findings) {
                    out.printf(Locale.ROOT, "  [%s] %s%n      fix: %s%n", f.severity().name().toLowerCase(Locale.ROOT),
                            f.message(), f.fix());
                }
            }
        }

        /**
         * The recording's bytes. URLs go through {@link SampleFetcher} under the fetch policy a
         * cloning provider uses, loosened only by this command's flags; a path must be a regular
         * file (a FIFO would block, a device never end) within the same size cap.
         */
        private byte[] read(String location) throws IOException {
            FetchPolicy policy = FetchPolicy.builder().allowPlainHttp(allowHttp)
                    .allowPrivateNetworks(allowPrivateHosts).build();
            if (location.isBlank()) {
                throw new ErrorHandler.BadArgumentException("FILE is empty: name a recording, a file: URL or an http(s) URL");
            }
            String lower = location.toLowerCase(Locale.ROOT);
            shown = location;
            if (lower.startsWith("http://") || lower.startsWith("https://")) {
                URI uri;
                try {
                    uri = new URI(location);
                } catch (URISyntaxException e) {
                    throw new ErrorHandler.BadArgumentException("malformed URL: " + e.getReason());
                }
                shown = SampleFetcher.redact(uri);
                return SampleFetcher.create(policy).fetch(uri);
            }
            Path path;
            if (lower.startsWith("file:")) {
                try {
                    path = Path.of(URI.create(location));
                } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                    throw new ErrorHandler.BadArgumentException("not a file URL: " + location);
                }
            } else if (lower.matches("^[a-z][a-z0-9+.-]+://.*")) {
                throw new ErrorHandler.BadArgumentException("unsupported URL scheme in " + location
                        + ": use a path, a file: URL, http or https");
            } else {
                path = Path.of(location);
            }
            try {
                return RegularFiles.readAllBytes(path, policy.maxBytes());
            } catch (RegularFiles.NotRegularFileException | RegularFiles.FileTooLargeException e) {
                throw new ErrorHandler.BadArgumentException(ErrorHandler.describe(e));
            }
        }

        private static String n(double d) {
            return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
        }
    }
}
