package io.voicerouter.server.internal;

import io.voicerouter.router.Attempt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The attempt trace for a response header (one ASCII line) and for JSON bodies. */
public final class Traces {
    public static final String HEADER = "X-Voicerouter-Trace";

    private Traces() {
    }

    /** e.g. {@code piper skipped DISABLED, espeak ok 14ms} */
    public static String header(List<Attempt> attempts) {
        List<String> parts = new ArrayList<>();
        for (Attempt a : attempts) {
            String p;
            if (a instanceof Attempt.Succeeded s) {
                p = s.providerId() + " ok " + s.elapsed().toMillis() + "ms"
                        + (s.cached() ? " cached" : "") + (s.tries() > 1 ? " tries=" + s.tries() : "");
            } else if (a instanceof Attempt.Skipped s) {
                p = s.providerId() + " skipped " + s.reason();
            } else {
                Attempt.Failed f = (Attempt.Failed) a;
                p = f.providerId() + " failed " + f.kind() + " " + f.elapsed().toMillis() + "ms"
                        + (f.tries() > 1 ? " tries=" + f.tries() : "");
            }
            parts.add(p);
        }
        return ascii(String.join(", ", parts));
    }

    /**
     * A streamed answer's header, sent with its first chunk: the providers tried before the one
     * speaking, then that one with its time to first audio, e.g.
     * {@code piper failed SERVER_ERROR 3ms, espeak streaming first-audio 12ms}. What happens after
     * the head is sent is in the SSE done (or error) event; chunked audio has only this.
     */
    public static String streamHeader(List<Attempt> before, String providerId, Duration firstAudio, boolean cached) {
        String prior = header(before);
        String speaking = providerId + " streaming first-audio " + firstAudio.toMillis() + "ms" + (cached ? " cached" : "");
        return ascii(prior.isEmpty() ? speaking : prior + ", " + speaking);
    }

    public static List<Map<String, Object>> json(List<Attempt> attempts) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Attempt a : attempts) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("provider", a.providerId());
            if (a instanceof Attempt.Succeeded s) {
                m.put("outcome", "succeeded");
                m.put("elapsed_ms", s.elapsed().toMillis());
                m.put("cached", s.cached());
                m.put("tries", s.tries());
                if (!s.notes().isEmpty()) {
                    m.put("notes", s.notes());
                }
            } else if (a instanceof Attempt.Skipped s) {
                m.put("outcome", "skipped");
                m.put("reason", s.reason().name());
                m.put("detail", s.detail());
            } else {
                Attempt.Failed f = (Attempt.Failed) a;
                m.put("outcome", "failed");
                m.put("kind", f.kind().name());
                m.put("message", f.message());
                m.put("elapsed_ms", f.elapsed().toMillis());
                m.put("tries", f.tries());
            }
            out.add(m);
        }
        return out;
    }

    private static String ascii(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length() && b.length() < 2000; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }
}
