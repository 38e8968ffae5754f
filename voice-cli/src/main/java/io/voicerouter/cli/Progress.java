package io.voicerouter.cli;

import java.io.PrintWriter;
import java.util.Locale;

/** A one-line text progress bar, redrawn in place at most every half percent. */
final class Progress {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private String file = "";
    private long lastPermille = -1;

    Progress(PrintWriter err) {
        this.err = err;
    }

    synchronized void update(String newFile, long done, long total) {
        if (!newFile.equals(file)) {
            if (!file.isEmpty()) {
                err.println();
            }
            file = newFile;
            lastPermille = -1;
        }
        long permille = total > 0 ? done * 1000 / total : -1;
        if (total > 0 && permille / 5 == lastPermille / 5 && done != total) {
            return;
        }
        lastPermille = permille;
        String name = file.substring(file.lastIndexOf('/') + 1);
        if (total > 0) {
            int filled = (int) (WIDTH * done / total);
            err.printf(Locale.ROOT, "\r%-40s [%s%s] %5.1f%% %s / %s", name, "#".repeat(filled),
                    " ".repeat(WIDTH - filled), permille / 10.0, megabytes(done), megabytes(total));
        } else {
            err.printf(Locale.ROOT, "\r%-40s %s", name, megabytes(done));
        }
        err.flush();
    }

    synchronized void done() {
        if (!file.isEmpty()) {
            err.println();
            err.flush();
        }
    }

    static String megabytes(long bytes) {
        return bytes < 1_000_000 ? String.format(Locale.ROOT, "%.0f kB", Math.ceil(bytes / 1e3))
                : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
