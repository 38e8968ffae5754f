package io.voicerouter.encoders;

import io.voicerouter.audio.AudioData;
import io.voicerouter.internal.audio.Fft;
import io.voicerouter.audio.WavCodec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An encoded file as the reference tools see it: ffprobe's codec, rate and channels, and ffmpeg's
 * decode at the stream's own rate (encoder delay and end padding handled as ffmpeg handles them).
 */
record Decoded(String codec, int sampleRate, int channels, AudioData audio) {

    /** Whether ffmpeg and ffprobe run here; CI installs Debian's ffmpeg. */
    static boolean toolsPresent() {
        try {
            for (String tool : List.of("ffmpeg", "ffprobe")) {
                Process p = new ProcessBuilder(tool, "-version").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Probes and decodes {@code bytes}; raw formats need {@code rawInput} such as {@code -f s16le -ar 24000 -ac 1}. */
    static Decoded of(byte[] bytes, String extension, List<String> rawInput, Path dir) throws Exception {
        Path file = Files.createTempFile(dir, "enc-", "." + extension);
        Files.write(file, bytes);
        List<String> probe = new ArrayList<>(List.of("ffprobe", "-v", "error"));
        probe.addAll(rawInput);
        probe.addAll(List.of("-select_streams", "a:0", "-show_entries", "stream=codec_name,sample_rate,channels",
                "-of", "default=noprint_wrappers=1", file.toString()));
        String info = run(probe);
        String codec = field(info, "codec_name");
        int rate = Integer.parseInt(field(info, "sample_rate"));
        int channels = Integer.parseInt(field(info, "channels"));
        List<String> decode = new ArrayList<>(List.of("ffmpeg", "-v", "error"));
        decode.addAll(rawInput);
        decode.addAll(List.of("-i", file.toString(), "-f", "wav", "-c:a", "pcm_f32le", "pipe:1"));
        Process p = new ProcessBuilder(decode).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        AudioData audio;
        try (InputStream in = p.getInputStream()) {
            audio = WavCodec.read(in.readAllBytes()).audio();
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("ffmpeg decodes the " + extension).isZero();
        return new Decoded(codec, rate, channels, audio);
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }

    private static String field(String info, String name) {
        for (String line : info.split("\n")) {
            if (line.startsWith(name + "=")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        throw new AssertionError("ffprobe gave no " + name + ": " + info);
    }

    /**
     * The largest normalized cross-correlation between {@code reference} and this decode over lags
     * up to {@code maxLag} frames either way (codec delay), of the mono mixes, and the lag. The
     * correlation of every lag comes from one FFT; each is normalized by the energies of the part
     * where the two overlap.
     */
    double[] bestCorrelation(AudioData reference, int maxLag) {
        float[] a = reference.toMono().samples();
        float[] b = audio.toMono().samples();
        int n = Integer.highestOneBit(Math.max(2, a.length + b.length) - 1) << 1;
        double[] ar = new double[n];
        double[] ai = new double[n];
        double[] br = new double[n];
        double[] bi = new double[n];
        for (int i = 0; i < a.length; i++) {
            ar[i] = a[i];
        }
        for (int i = 0; i < b.length; i++) {
            br[i] = b[i];
        }
        Fft fft = new Fft(n);
        fft.transform(ar, ai);
        fft.transform(br, bi);
        // r[lag] = sum a[i] b[i + lag] = IFFT(conj(A) B); IFFT(x) = conj(FFT(conj(x))) / n
        for (int k = 0; k < n; k++) {
            double re = ar[k] * br[k] + ai[k] * bi[k];
            double im = ar[k] * bi[k] - ai[k] * br[k];
            ar[k] = re;
            ai[k] = -im;
        }
        fft.transform(ar, ai);
        double[] ea = prefixEnergy(a);
        double[] eb = prefixEnergy(b);
        double best = -2;
        int bestLag = 0;
        for (int lag = -maxLag; lag <= maxLag; lag++) {
            int from = Math.max(0, -lag);
            int to = Math.min(a.length, b.length - lag);
            if (to <= from) {
                continue;
            }
            double energyA = ea[to] - ea[from];
            double energyB = eb[to + lag] - eb[from + lag];
            double r = ar[Math.floorMod(lag, n)] / n;
            double c = energyA <= 0 || energyB <= 0 ? 0 : r / Math.sqrt(energyA * energyB);
            if (c > best) {
                best = c;
                bestLag = lag;
            }
        }
        return new double[] {best, bestLag};
    }

    private static double[] prefixEnergy(float[] x) {
        double[] e = new double[x.length + 1];
        for (int i = 0; i < x.length; i++) {
            e[i + 1] = e[i] + (double) x[i] * x[i];
        }
        return e;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s %d Hz x%d, %d frames", codec, sampleRate, channels, audio.frames());
    }
}
