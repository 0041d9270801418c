package io.regiohub.funding.consultation;

import static io.regiohub.starter.jdbc.Rows.instant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class ConsultationRepository {

    private static final String COLUMNS = "id, municipality, programme_id, project_idea, proposal_id, status, advisor, "
            + "outcome, requested_at, first_scheduled_at, first_held_at, closed_at";

    private final JdbcClient jdbc;

    public ConsultationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return false if the municipality already used the idempotency key */
    boolean insert(Consultation c, String idempotencyKey) {
        return jdbc.sql("""
                        INSERT INTO consultation (id, municipality, programme_id, project_idea, proposal_id, status,
                                                  requested_at, idempotency_key)
                        VALUES (:id, :municipality, :programmeId, :projectIdea, :proposalId, :status, :requestedAt, :key)
                        ON CONFLICT (municipality, idempotency_key) DO NOTHING""")
                .param("id", c.id()).param("municipality", c.municipality()).param("programmeId", c.programmeId())
                .param("projectIdea", c.projectIdea()).param("proposalId", c.proposalId())
                .param("status", c.status().name()).param("requestedAt", Timestamp.from(c.requestedAt()))
                .param("key", idempotencyKey)
                .update() == 1;
    }

    Optional<Consultation> findByIdempotencyKey(String municipality, String key) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM consultation WHERE municipality = :m AND idempotency_key = :k")
                .param("m", municipality).param("k", key).query(ConsultationRepository::map).optional();
    }

    public Optional<Consultation> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM consultation WHERE id = :id").param("id", id)
                .query(ConsultationRepository::map).optional();
    }

    /** The consultation, its row locked until the transaction ends: state changes of one consultation queue up. */
    public Optional<Consultation> lock(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM consultation WHERE id = :id FOR UPDATE").param("id", id)
                .query(ConsultationRepository::map).optional();
    }

    List<Consultation> forMunicipality(String municipality, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM consultation WHERE municipality = :m "
                        + "ORDER BY requested_at DESC, id LIMIT :limit")
                .param("m", municipality).param("limit", limit).query(ConsultationRepository::map).list();
    }

    /** Moves the consultation to {@code status}, stamping the first scheduling, the first session held, the closing. */
    public void moveTo(UUID id, ConsultationStatus status, Instant at) {
        jdbc.sql("""
                        UPDATE consultation SET status = :status,
                            first_scheduled_at = CASE WHEN :status = 'SCHEDULED' THEN COALESCE(first_scheduled_at, :at)
                                                      ELSE first_scheduled_at END,
                            first_held_at = CASE WHEN :status IN ('HELD', 'FOLLOW_UP') THEN COALESCE(first_held_at, :at)
                                                 ELSE first_held_at END,
                            closed_at = CASE WHEN :status = 'CLOSED' THEN :at ELSE closed_at END
                        WHERE id = :id""")
                .param("id", id).param("status", status.name()).param("at", Timestamp.from(at)).update();
    }

    void setAdvisor(UUID id, String advisor) {
        jdbc.sql("UPDATE consultation SET advisor = :advisor WHERE id = :id").param("id", id).param("advisor", advisor)
                .update();
    }

    void setOutcome(UUID id, String outcome) {
        jdbc.sql("UPDATE consultation SET outcome = :outcome WHERE id = :id").param("id", id).param("outcome", outcome)
                .update();
    }

    static Consultation map(ResultSet rs, int row) throws SQLException {
        return new Consultation(rs.getObject("id", UUID.class), rs.getString("municipality"),
                rs.getString("programme_id"), rs.getString("project_idea"), rs.getObject("proposal_id", UUID.class),
                ConsultationStatus.valueOf(rs.getString("status")), rs.getString("advisor"), rs.getString("outcome"),
                rs.getTimestamp("requested_at").toInstant(), instant(rs.getTimestamp("first_scheduled_at")),
                instant(rs.getTimestamp("first_held_at")), instant(rs.getTimestamp("closed_at")));
    }
}
