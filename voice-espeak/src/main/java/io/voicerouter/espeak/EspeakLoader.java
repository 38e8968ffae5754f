package io.voicerouter.espeak;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Finds libespeak-ng and its data, or says which package to install. */
final class EspeakLoader {
    /** Debian ships the unversioned libespeak-ng.so only in the -dev package, hence the .so.1 name. */
    static final List<String> LIBRARY_NAMES = List.of("espeak-ng", "libespeak-ng.so.1", "espeak-ng.1");
    /** System property naming another library file. */
    static final String LIBRARY_PROPERTY = "voicerouter.espeak.library";

    private EspeakLoader() {
    }

    static boolean sameData(String current, Path requested) {
        Path cur = Path.of(current).normalize();
        Path req = requested.toAbsolutePath().normalize();
        return cur.equals(req) || cur.equals(req.resolve("espeak-ng-data")) || Objects.equals(cur.getParent(), req);
    }

    /**
     * The longest data directory handed to espeak_Initialize. libespeak-ng formats it, with
     * "/espeak-ng-data" appended, into a fixed global buffer (path_home, 160 bytes in older releases)
     * with sprintf: a longer path overflows it.
     */
    static final int MAX_DATA_PATH_BYTES = 120;

    static EspeakEngine load(Path dataPath) {
        if (dataPath != null && dataPath.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                > MAX_DATA_PATH_BYTES) {
            throw new EspeakUnavailableException("The espeak-ng data directory path is longer than "
                    + MAX_DATA_PATH_BYTES + " bytes, which libespeak-ng cannot take: " + dataPath
                    + "; link the data from a shorter path");
        }
        if (dataPath != null && !Files.isRegularFile(dataPath.resolve("phontab"))
                && !Files.isRegularFile(dataPath.resolve("espeak-ng-data").resolve("phontab"))) {
            throw new EspeakUnavailableException("No espeak-ng data at " + dataPath
                    + " (expected an espeak-ng-data directory holding phontab); " + EspeakUnavailableException.INSTALL_HINT);
        }
        String override = System.getProperty(LIBRARY_PROPERTY);
        List<String> names = override != null && !override.isBlank() ? List.of(override) : LIBRARY_NAMES;
        LoadedLibrary loaded = openLibrary(names);
        return new EspeakEngine(loaded.api(), loaded.handle(), loaded.name(), dataPath);
    }

    /** Opens the first of {@code names} that loads, or explains which package to install. */
    static LoadedLibrary openLibrary(List<String> names) {
        List<String> failures = new ArrayList<>();
        for (String name : names) {
            try {
                EspeakLibrary api = Native.load(name, EspeakLibrary.class);
                return new LoadedLibrary(name, api, NativeLibrary.getInstance(name));
            } catch (UnsatisfiedLinkError e) {
                failures.add(name + ": " + firstLine(e.getMessage()));
            }
        }
        throw new EspeakUnavailableException("The espeak-ng shared library (libespeak-ng) is not installed: "
                + EspeakUnavailableException.INSTALL_HINT + ". Tried " + failures);
    }

    record LoadedLibrary(String name, EspeakLibrary api, NativeLibrary handle) {
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "not found";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
