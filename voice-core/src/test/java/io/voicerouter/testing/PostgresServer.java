package io.voicerouter.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for one test class: Debian's initdb and pg_ctl in a throwaway data
 * directory, listening on a free 127.0.0.1 port only (no Unix socket), trust authentication for
 * user {@code postgres}. As root (CI) it runs as {@code nobody}, since PostgreSQL refuses root.
 * Needs the pgjdbc driver on the test class path for {@link #createDatabase}.
 */
public final class PostgresServer implements AutoCloseable {
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path bin;
    private final Path root;
    private final Path data;
    private final int port;

    private final String serverOptions;

    private PostgresServer(Path bin, Path root, int port, String serverOptions) {
        this.serverOptions = serverOptions;
        this.bin = bin;
        this.root = root;
        this.data = root.resolve("data");
        this.port = port;
    }

    /** Debian's newest {@code /usr/lib/postgresql/<version>/bin}, when installed. */
    public static Optional<Path> binaries() {
        Path base = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(base)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(base)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(b -> {
                        String v = b.getParent().getFileName().toString();
                        return v.matches("\\d+") ? Integer.parseInt(v) : 0;
                    }));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Starts a server, or skips the calling test (JUnit assumption) when PostgreSQL is not installed. */
    public static PostgresServer start() throws IOException, InterruptedException {
        return start("-c fsync=off");
    }

    /**
     * As {@link #start()}, with these server options ({@code -c name=value ...}) instead of the
     * tests' {@code fsync=off}; benchmarks pass {@code -c fsync=on} to time a durable server.
     */
    public static PostgresServer start(String serverOptions) throws IOException, InterruptedException {
        Path bin = LocalServers.requireBinary(binaries(), "PostgreSQL (initdb, pg_ctl)", "postgresql");
        Path root = Files.createTempDirectory("voicerouter-pg");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        if (LocalServers.isRoot()) {
            LocalServers.giveToNobody(root);
        }
        PostgresServer server = new PostgresServer(bin, root, LocalServers.freePort(), serverOptions);
        try {
            server.boot();
        } catch (IOException | RuntimeException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void boot() throws IOException, InterruptedException {
        Path log = Files.createTempFile("voicerouter-pg", ".log");
        LocalServers.run(LocalServers.asServiceUser(List.of(bin.resolve("initdb").toString(), "-D", data.toString(),
                "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions")), log, 120);
        List<String> start = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w",
                "-t", "60", "-l", root.resolve("server.log").toString(), "-o",
                "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"
                        + " -c max_connections=200 -c shared_buffers=32MB " + serverOptions, "start"));
        LocalServers.run(LocalServers.asServiceUser(start), log, 120);
        Files.deleteIfExists(log);
    }

    public int port() {
        return port;
    }

    /** A new, empty database on this server; its JDBC URL (user postgres, no password). */
    public String createDatabase() throws SQLException {
        String name = "voicetest" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return jdbcUrl(name);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
    }

    @Override
    public void close() {
        try {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                Path log = Files.createTempFile("voicerouter-pg-stop", ".log");
                LocalServers.run(LocalServers.asServiceUser(List.of(bin.resolve("pg_ctl").toString(), "-D",
                        data.toString(), "-m", "immediate", "-w", "stop")), log, 60);
                Files.deleteIfExists(log);
            }
        } catch (IOException | RuntimeException e) {
            // the server may already be gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            LocalServers.deleteTree(root);
        }
    }
}
