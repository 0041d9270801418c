package io.regiohub.funding.application;

import io.regiohub.starter.jdbc.Rows;
import static io.regiohub.starter.jdbc.Rows.instant;

import java.math.BigDecimal;
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
public class ApplicationRepository {

    private static final String COLUMNS = "id, municipality, programme_id, title, amount_requested, amount_granted, "
            + "consultation_id, proposal_id, status, decision_reason, created_at, submitted_at, decided_at, "
            + "disbursed_at, completed_at";

    private final JdbcClient jdbc;

    public ApplicationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return false if the municipality already used the idempotency key */
    boolean insert(Application a, String idempotencyKey) {
        return jdbc.sql("""
                        INSERT INTO application (id, municipality, programme_id, title, amount_requested, consultation_id,
                                                 proposal_id, status, created_at, idempotency_key)
                        VALUES (:id, :municipality, :programmeId, :title, :amount, :consultationId, :proposalId, :status,
                                :createdAt, :key)
                        ON CONFLICT (municipality, idempotency_key) DO NOTHING""")
                .param("id", a.id()).param("municipality", a.municipality()).param("programmeId", a.programmeId())
                .param("title", a.title()).param("amount", a.amountRequested())
                .param("consultationId", a.consultationId()).param("proposalId", a.proposalId())
                .param("status", a.status().name()).param("createdAt", Timestamp.from(a.createdAt()))
                .param("key", idempotencyKey)
                .update() == 1;
    }

    Optional<Application> findByIdempotencyKey(String municipality, String key) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM application WHERE municipality = :m AND idempotency_key = :k")
                .param("m", municipality).param("k", key).query(ApplicationRepository::map).optional();
    }

    Optional<Application> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM application WHERE id = :id").param("id", id)
                .query(ApplicationRepository::map).optional();
    }

    /** The application, its row locked until the transaction ends: decisions on one application queue up. */
    Optional<Application> lock(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM application WHERE id = :id FOR UPDATE").param("id", id)
                .query(ApplicationRepository::map).optional();
    }

    List<Application> forMunicipality(String municipality, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM application WHERE municipality = :m "
                        + "ORDER BY created_at DESC, id LIMIT :limit")
                .param("m", municipality).param("limit", limit).query(ApplicationRepository::map).list();
    }

    /** Moves the application to {@code status}, stamping the time of the step and, for approvals, the amount. */
    void moveTo(UUID id, ApplicationStatus status, Instant at, BigDecimal granted, String reason) {
        jdbc.sql("""
                        UPDATE application SET status = :status,
                            submitted_at = CASE WHEN :status = 'SUBMITTED' THEN :at ELSE submitted_at END,
                            decided_at = CASE WHEN :status IN ('APPROVED', 'REJECTED') THEN :at ELSE decided_at END,
                            amount_granted = CASE WHEN :status = 'APPROVED' THEN :granted ELSE amount_granted END,
                            decision_reason = CASE WHEN :status IN ('APPROVED', 'REJECTED') THEN :reason
                                                   ELSE decision_reason END,
                            disbursed_at = CASE WHEN :status = 'FUNDS_DISBURSED' THEN :at ELSE disbursed_at END,
                            completed_at = CASE WHEN :status = 'COMPLETED' THEN :at ELSE completed_at END
                        WHERE id = :id""")
                .param("id", id).param("status", status.name()).param("at", Timestamp.from(at))
                .param("granted", granted).param("reason", reason)
                .update();
    }

    static Application map(ResultSet rs, int row) throws SQLException {
        return new Application(rs.getObject("id", UUID.class), rs.getString("municipality"),
                rs.getString("programme_id"), rs.getString("title"), rs.getBigDecimal("amount_requested"),
                rs.getBigDecimal("amount_granted"), rs.getObject("consultation_id", UUID.class),
                rs.getObject("proposal_id", UUID.class), ApplicationStatus.valueOf(rs.getString("status")),
                rs.getString("decision_reason"), rs.getTimestamp("created_at").toInstant(),
                instant(rs.getTimestamp("submitted_at")), instant(rs.getTimestamp("decided_at")),
                instant(rs.getTimestamp("disbursed_at")), instant(rs.getTimestamp("completed_at")));
    }
}
