package io.voicerouter.server.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The console's static files, read from the jar ({@code io/voicerouter/server/console/}): the page
 * at {@code /} and its modules and style sheet under {@code /console/}. No key is needed to load
 * them (they hold no data: every call they make sends the key the user typed). Names are checked
 * against a strict pattern, so a path can never leave the folder. Every answer carries a content
 * security policy that allows only this origin: the console loads nothing from elsewhere.
 */
final class ConsoleFiles {
    private static final String ROOT = "/io/voicerouter/server/console/";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,40}\\.(js|css|svg|html)");
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "html", "text/html; charset=utf-8");
    static final String CSP = "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; "
            + "connect-src 'self'; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'; form-action 'none'";

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    /** Whether {@code path} is one of the console's: {@code /}, {@code /index.html} or {@code /console/...}. */
    static boolean owns(String path) {
        return path.equals("/") || path.equals("/index.html") || path.startsWith("/console/");
    }

    void serve(Exchange ex) {
        String p = ex.path();
        String name = p.equals("/") || p.equals("/index.html") ? "index.html" : p.substring("/console/".length());
        if (!NAME.matcher(name).matches()) {
            throw ApiError.notFound("No such console file: " + p);
        }
        byte[] bytes = cache.computeIfAbsent(name, ConsoleFiles::read);
        if (bytes.length == 0) {
            cache.remove(name);
            throw ApiError.notFound("No such console file: " + p);
        }
        ex.setHeader("Content-Security-Policy", CSP);
        ex.setHeader("X-Content-Type-Options", "nosniff");
        ex.setHeader("Referrer-Policy", "no-referrer");
        ex.setHeader("Cache-Control", "no-cache");
        String ext = name.substring(name.lastIndexOf('.') + 1);
        ex.send(200, TYPES.get(ext), bytes);
    }

    private static byte[] read(String name) {
        try (InputStream in = ConsoleFiles.class.getResourceAsStream(ROOT + name)) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the console file " + name, e);
        }
    }
}
