package io.regiohub.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;

/**
 * A PostgreSQL server (zonky's embedded binaries, run as its own OS process by {@code pg_ctl}) whose
 * data directory lives in the working tree, so that a restart of the hub loses nothing.
 */
final class LocalPostgres implements AutoCloseable {

    private final EmbeddedPostgres postgres;

    private LocalPostgres(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static LocalPostgres start(Path dataDir, int port, Path log, Collection<String> databases) throws IOException {
        Files.createDirectories(dataDir);
        Files.createDirectories(log.getParent());
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setRegisterShutdownHook(false)
                .setServerConfig("max_connections", "300")
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        LocalPostgres local = new LocalPostgres(pg);
        try {
            local.createRoleAndDatabases(databases);
        } catch (RuntimeException e) {
            local.close();
            throw e;
        }
        return local;
    }

    private void createRoleAndDatabases(Collection<String> databases) {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + LocalHubConfig.DB_USER + "'")) {
                if (!rs.next()) {
                    s.execute("CREATE ROLE " + LocalHubConfig.DB_USER + " LOGIN PASSWORD '" + LocalHubConfig.DB_PASSWORD + "'");
                }
            }
            for (String db : databases) {
                try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + db + "'")) {
                    if (!rs.next()) {
                        s.execute("CREATE DATABASE " + db + " OWNER " + LocalHubConfig.DB_USER);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the local databases", e);
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
