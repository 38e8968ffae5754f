package io.voicerouter.store.jdbc;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/** A database URL as users write it, turned into a JDBC URL plus credentials. */
record DatabaseUrl(String jdbcUrl, Optional<String> user, Optional<String> password) {
    private static final Pattern SECRET_PARAM = Pattern.compile("(?i)(password|passwd|pwd|sslpassword)=[^&;\\s]*");
    private static final Pattern USERINFO = Pattern.compile("//[^/@\\s]*@");

    static DatabaseUrl parse(String url) {
        if (url.startsWith("jdbc:")) {
            return new DatabaseUrl(url, Optional.empty(), Optional.empty());
        }
        if (url.startsWith("postgresql://") || url.startsWith("postgres://")) {
            try {
                URI u = new URI(url);
                Optional<String> user = Optional.empty();
                Optional<String> password = Optional.empty();
                if (u.getRawUserInfo() != null) {
                    String[] parts = u.getRawUserInfo().split(":", 2);
                    user = Optional.of(decode(parts[0]));
                    password = parts.length == 2 ? Optional.of(decode(parts[1])) : Optional.empty();
                }
                String hostPort = u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "");
                String jdbc = "jdbc:postgresql://" + hostPort + (u.getRawPath() == null ? "/" : u.getRawPath())
                        + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
                if (u.getHost() == null) {
                    throw new IllegalArgumentException("PostgreSQL URL has no host: " + redact(url));
                }
                return new DatabaseUrl(jdbc, user, password);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("malformed PostgreSQL URL: " + redact(url));
            }
        }
        if (url.startsWith("sqlite:")) {
            return new DatabaseUrl("jdbc:" + url, Optional.empty(), Optional.empty());
        }
        throw new IllegalArgumentException("unsupported database URL " + redact(url)
                + "; use postgresql://user:password@host:5432/db, jdbc:postgresql://..., or jdbc:sqlite:<file>");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The URL with any user info and password parameters blanked. */
    static String redact(String url) {
        return SECRET_PARAM.matcher(USERINFO.matcher(url).replaceAll("//***@")).replaceAll("$1=***");
    }

    @Override
    public String toString() {
        return "DatabaseUrl[" + redact(jdbcUrl) + "]";
    }
}
