package io.regiohub.funding.transition;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import io.regiohub.funding.pipeline.PipelineCounts;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Every state change of a consultation or an application, recorded in the transaction that makes it:
 * from which state to which, by which client, when, and a short detail (the booking, the decision).
 */
@Repository
public class Transitions {

    /** One recorded change; {@code from} is null for the creation. */
    public record Transition(String from, String to, String actor, Instant at, String detail) {
    }

    private final JdbcClient jdbc;
    private final PipelineCounts pipeline;

    public Transitions(JdbcClient jdbc, PipelineCounts pipeline) {
        this.jdbc = jdbc;
        this.pipeline = pipeline;
    }

    /**
     * Records the change and counts it in the programme office's pipeline, in the caller's transaction.
     * {@code from == to} records an event without a change of state (an advisor assigned).
     */
    public void record(String aggregate, UUID id, String programmeId, Enum<?> from, Enum<?> to, String actor,
                       Instant at, String detail) {
        pipeline.stage(programmeId, aggregate, from, to);
        jdbc.sql("""
                        INSERT INTO funding_transition (aggregate, aggregate_id, from_status, to_status, actor, at, detail)
                        VALUES (:aggregate, :id, :from, :to, :actor, :at, :detail)""")
                .param("aggregate", aggregate).param("id", id).param("from", from == null ? null : from.name())
                .param("to", to.name()).param("actor", actor).param("at", Timestamp.from(at)).param("detail", detail)
                .update();
    }

    public List<Transition> of(UUID id) {
        return jdbc.sql("SELECT from_status, to_status, actor, at, detail FROM funding_transition "
                        + "WHERE aggregate_id = :id ORDER BY id")
                .param("id", id)
                .query((rs, row) -> new Transition(rs.getString("from_status"), rs.getString("to_status"),
                        rs.getString("actor"), rs.getTimestamp("at").toInstant(), rs.getString("detail")))
                .list();
    }
}
