package io.regiohub.starter.directory;

import io.regiohub.starter.HubSchema;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reads the service's local copy of the municipality directory ({@code hub.municipality_directory}),
 * which {@link DirectoryReplica} keeps up to date from {@code directory.municipalities}. A local
 * read: no call to identity-service, and as current as the replica (usually a moment behind it).
 */
public class MunicipalityDirectory {

    private static final String COLUMNS =
            "municipality_key, name, kind, district_key, population, classification, recorded_at";

    private final JdbcClient jdbc;

    /** {@code schema} is taken so that the table exists before the first read. */
    public MunicipalityDirectory(JdbcClient jdbc, HubSchema schema) {
        this.jdbc = jdbc;
    }

    /** The entry of a municipality or district key, if the directory has one. */
    public Optional<DirectoryEntry> find(String key) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM hub.municipality_directory WHERE municipality_key = :key")
                .param("key", key)
                .query(MunicipalityDirectory::entry)
                .optional();
    }

    /** The municipalities that belong to a district (not the district itself), by key. */
    public List<DirectoryEntry> districtMembers(String districtKey) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM hub.municipality_directory WHERE district_key = :district "
                        + "ORDER BY municipality_key")
                .param("district", districtKey)
                .query(MunicipalityDirectory::entry)
                .list();
    }

    private static DirectoryEntry entry(ResultSet rs, int row) throws SQLException {
        return new DirectoryEntry(
                rs.getString("municipality_key"),
                rs.getString("name"),
                rs.getString("kind"),
                rs.getString("district_key"),
                rs.getObject("population", Integer.class),
                rs.getString("classification"),
                rs.getTimestamp("recorded_at").toInstant());
    }
}
