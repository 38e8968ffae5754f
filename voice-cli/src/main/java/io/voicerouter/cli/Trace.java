package io.voicerouter.cli;

import io.voicerouter.router.Attempt;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** Prints a request's attempt trace, one provider a line, so a fallback is never silent. */
final class Trace {
    private Trace() {
    }

    static void print(PrintWriter out, List<Attempt> attempts) {
        int n = 1;
        for (Attempt a : attempts) {
            out.println(String.format(Locale.ROOT, "  %d. %-12s %s", n++, a.providerId(), describe(a)));
        }
        out.flush();
    }

    static String describe(Attempt a) {
        if (a instanceof Attempt.Succeeded s) {
            return (s.cached() ? "ok (from cache)" : "ok") + " in " + millis(s.elapsed())
                    + (s.tries() > 1 ? " after " + s.tries() + " tries" : "")
                    + (s.notes().isEmpty() ? "" : "; " + String.join("; ", s.notes()));
        }
        if (a instanceof Attempt.Skipped s) {
            return "skipped: " + s.reason().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                    + (s.detail().isEmpty() ? "" : " (" + s.detail() + ")");
        }
        Attempt.Failed f = (Attempt.Failed) a;
        return "failed: " + f.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " - " + f.message()
                + " (" + millis(f.elapsed()) + (f.tries() > 1 ? ", " + f.tries() + " tries" : "") + ")";
    }

    static String millis(java.time.Duration d) {
        return String.format(Locale.ROOT, "%.0f ms", d.toNanos() / 1e6);
    }
}
