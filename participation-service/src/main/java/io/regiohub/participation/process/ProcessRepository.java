package io.regiohub.participation.process;

import io.regiohub.starter.jdbc.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class ProcessRepository {

    private static final String COLUMNS =
            "id, municipality, title, description, topics, audience, support_threshold, ideas_box, created_at";

    private final JdbcClient jdbc;

    public ProcessRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return false if the municipality used the idempotency key (or has its ideas box) already */
    boolean insert(Process p, String idempotencyKey, String announcedPhase) {
        int inserted = jdbc.sql("""
                        INSERT INTO process (id, municipality, title, description, topics, audience, support_threshold,
                                             ideas_box, announced_phase, created_at, idempotency_key)
                        VALUES (:id, :municipality, :title, :description, :topics, :audience, :threshold, :ideasBox,
                                :announced, :createdAt, :key)
                        ON CONFLICT DO NOTHING""")
                .param("id", p.id())
                .param("municipality", p.municipality())
                .param("title", p.title())
                .param("description", p.description())
                .param("topics", p.topics().toArray(String[]::new))
                .param("audience", p.audience().name())
                .param("threshold", p.supportThreshold())
                .param("ideasBox", p.ideasBox())
                .param("announced", announcedPhase)
                .param("createdAt", Timestamp.from(p.createdAt()))
                .param("key", idempotencyKey)
                .update();
        if (inserted == 0) {
            return false;
        }
        for (Phase phase : p.phases()) {
            jdbc.sql("INSERT INTO process_phase (process_id, type, starts_at, ends_at) VALUES (:id, :type, :starts, :ends)")
                    .param("id", p.id())
                    .param("type", phase.type().name())
                    .param("starts", Timestamp.from(phase.startsAt()))
                    .param("ends", phase.endsAt() == null ? null : Timestamp.from(phase.endsAt()))
                    .update();
        }
        return true;
    }

    public Optional<Process> find(UUID id) {
        return first(jdbc.sql("SELECT " + COLUMNS + " FROM process WHERE id = :id").param("id", id)
                .query(ProcessRepository::map).list());
    }

    Optional<Process> findByIdempotencyKey(String municipality, String key) {
        return first(jdbc.sql("SELECT " + COLUMNS + " FROM process WHERE municipality = :m AND idempotency_key = :k")
                .param("m", municipality).param("k", key).query(ProcessRepository::map).list());
    }

    Optional<Process> ideasBox(String municipality) {
        return first(jdbc.sql("SELECT " + COLUMNS + " FROM process WHERE municipality = :m AND ideas_box")
                .param("m", municipality).query(ProcessRepository::map).list());
    }

    /** The municipality's processes, newest first; its staff processes only if {@code withStaff}. */
    List<Process> forMunicipality(String municipality, boolean withStaff, int limit) {
        return withPhases(jdbc.sql("SELECT " + COLUMNS + " FROM process WHERE municipality = :m"
                        + (withStaff ? "" : " AND audience = 'CITIZENS'") + " ORDER BY created_at DESC, id LIMIT :limit")
                .param("m", municipality).param("limit", limit).query(ProcessRepository::map).list());
    }

    /** A process whose current phase differs from the one last announced, locked (others skip it). */
    record Due(UUID id, String municipality, String announcedPhase) {
    }

    List<Due> lockUnannounced(Instant now, int limit) {
        return jdbc.sql("""
                        SELECT p.id, p.municipality, p.announced_phase
                        FROM process p
                        WHERE NOT p.ideas_box
                          AND p.announced_phase IS DISTINCT FROM coalesce((
                                SELECT f.type FROM process_phase f
                                WHERE f.process_id = p.id AND f.starts_at <= :now AND (f.ends_at IS NULL OR f.ends_at > :now)
                                LIMIT 1), '')
                        ORDER BY p.id
                        LIMIT :limit
                        FOR UPDATE SKIP LOCKED""")
                .param("now", Timestamp.from(now)).param("limit", limit)
                .query((rs, row) -> new Due(rs.getObject("id", UUID.class), rs.getString("municipality"),
                        rs.getString("announced_phase")))
                .list();
    }

    void announced(UUID id, String phase) {
        jdbc.sql("UPDATE process SET announced_phase = :phase WHERE id = :id").param("phase", phase).param("id", id)
                .update();
    }

    private Optional<Process> first(List<Process> found) {
        return withPhases(found).stream().findFirst();
    }

    /** The processes with their phases, read in one statement. */
    private List<Process> withPhases(List<Process> processes) {
        if (processes.isEmpty()) {
            return processes;
        }
        Map<UUID, List<Phase>> phases = new LinkedHashMap<>();
        processes.forEach(p -> phases.put(p.id(), new ArrayList<>()));
        jdbc.sql("SELECT process_id, type, starts_at, ends_at FROM process_phase WHERE process_id = ANY(:ids) ORDER BY starts_at")
                .param("ids", ids(processes))
                .query(rs -> {
                    Timestamp ends = rs.getTimestamp("ends_at");
                    phases.get(rs.getObject("process_id", UUID.class)).add(new Phase(
                            PhaseType.valueOf(rs.getString("type")), rs.getTimestamp("starts_at").toInstant(),
                            Rows.instant(ends)));
                });
        return processes.stream().map(p -> new Process(p.id(), p.municipality(), p.title(), p.description(), p.topics(),
                p.audience(), p.supportThreshold(), p.ideasBox(), List.copyOf(phases.get(p.id())), p.createdAt())).toList();
    }

    private static UUID[] ids(Collection<Process> processes) {
        return processes.stream().map(Process::id).toArray(UUID[]::new);
    }

    private static Process map(ResultSet rs, int row) throws SQLException {
        return new Process(rs.getObject("id", UUID.class), rs.getString("municipality"), rs.getString("title"),
                rs.getString("description"), Arrays.asList((String[]) rs.getArray("topics").getArray()),
                Audience.valueOf(rs.getString("audience")), (Integer) rs.getObject("support_threshold"),
                rs.getBoolean("ideas_box"), List.of(), rs.getTimestamp("created_at").toInstant());
    }
}
