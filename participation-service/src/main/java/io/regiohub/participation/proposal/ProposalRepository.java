package io.regiohub.participation.proposal;

import io.regiohub.starter.jdbc.Rows;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class ProposalRepository {

    private static final String COLUMNS = "p.id, p.municipality, p.process_id, p.title, p.description, p.topics, "
            + "p.citizen, p.status, t.support_count, p.answer, p.answered_at, p.submitted_at, p.edited_at";
    /** A proposal with its tally (its support count, on a row of its own: V7__proposal_tally.sql). */
    private static final String PROPOSALS = " FROM proposal p JOIN proposal_tally t ON t.proposal_id = p.id";
    private static final String OPEN = "('SUBMITTED', 'EVALUATING')";

    private final JdbcClient jdbc;

    public ProposalRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return false if a proposal with the same municipality and idempotency key exists already */
    boolean insert(Proposal p, String idempotencyKey) {
        // its tally row follows (trigger proposal_tally_insert)
        return jdbc.sql("""
                        INSERT INTO proposal (id, municipality, process_id, title, description, topics, citizen, status,
                                              submitted_at, idempotency_key)
                        VALUES (:id, :municipality, :processId, :title, :description, :topics, :citizen, :status,
                                :submittedAt, :idempotencyKey)
                        ON CONFLICT (municipality, idempotency_key) DO NOTHING""")
                .param("id", p.id())
                .param("municipality", p.municipality())
                .param("processId", p.processId())
                .param("title", p.title())
                .param("description", p.description())
                .param("topics", p.topics().toArray(String[]::new))
                .param("citizen", p.citizen())
                .param("status", p.status().name())
                .param("submittedAt", Timestamp.from(p.submittedAt()))
                .param("idempotencyKey", idempotencyKey)
                .update() == 1;
    }

    public Optional<Proposal> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + PROPOSALS + " WHERE p.id = :id").param("id", id)
                .query(ProposalRepository::map).optional();
    }

    /**
     * The proposal, its row and its tally's locked until the transaction ends: what changes its state or
     * text takes both (a support waits for the tally's, and sees the state it leaves).
     */
    Optional<Proposal> lock(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + PROPOSALS + " WHERE p.id = :id FOR UPDATE").param("id", id)
                .query(ProposalRepository::map).optional();
    }

    Optional<Proposal> findByIdempotencyKey(String municipality, String key) {
        return jdbc.sql("SELECT " + COLUMNS + PROPOSALS + " WHERE p.municipality = :m AND p.idempotency_key = :k")
                .param("m", municipality).param("k", key)
                .query(ProposalRepository::map).optional();
    }

    /** The municipality's proposals in its published processes, newest first. */
    List<Proposal> list(String municipality, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + PROPOSALS + " WHERE p.municipality = :m"
                        + " AND EXISTS (SELECT 1 FROM process r WHERE r.id = p.process_id AND r.audience = 'CITIZENS')"
                        + " ORDER BY p.submitted_at DESC, p.id DESC LIMIT :limit")
                .param("m", municipality).param("limit", limit)
                .query(ProposalRepository::map).list();
    }

    /** Rows of a page, with their full-text rank when sorted by relevance (for the next page's cursor). */
    record PageRows(List<Proposal> proposals, List<Float> ranks) {
    }

    /** One page of a process's proposals and one more (whether there is a next page), keyset-paginated. */
    PageRows page(UUID processId, ProposalQuery query) {
        StringBuilder sql = new StringBuilder();
        boolean search = query.text() != null;
        if (search) {
            sql.append("WITH q AS (SELECT websearch_to_tsquery('german', :text) AS query) ");
        }
        sql.append("SELECT ").append(COLUMNS);
        if (query.sort() == ProposalQuery.Sort.RELEVANCE) {
            sql.append(", ts_rank(p.search, q.query) AS rank");
        }
        // both tables named by the process: by supports the tally's index leads, otherwise the proposal's
        sql.append(PROPOSALS).append(search ? ", q" : "")
                .append(" WHERE p.process_id = :process AND t.process_id = :process AND p.status = ANY(:statuses)");
        if (query.topic() != null) {
            sql.append(" AND p.topics @> ARRAY[:topic]::text[]");
        }
        if (search) {
            // by supports the tally's index leads and its copy of the search filters as it walks
            sql.append(query.sort() == ProposalQuery.Sort.SUPPORTS ? " AND t.search @@ q.query" : " AND p.search @@ q.query");
        }
        ProposalQuery.Cursor after = query.after();
        if (after != null) {
            sql.append(switch (query.sort()) {
                case SUPPORTS -> " AND (t.support_count, t.proposal_id) < (:afterKey, :afterId)";
                case NEWEST -> " AND (p.submitted_at, p.id) < (:afterKey, :afterId)";
                case RELEVANCE -> " AND (ts_rank(p.search, q.query), p.id) < (:afterKey, :afterId)";
            });
        }
        sql.append(switch (query.sort()) {
            case SUPPORTS -> " ORDER BY t.support_count DESC, t.proposal_id DESC";
            case NEWEST -> " ORDER BY p.submitted_at DESC, p.id DESC";
            case RELEVANCE -> " ORDER BY rank DESC, p.id DESC";
        });
        sql.append(" LIMIT :limit");
        var statement = jdbc.sql(sql.toString())
                .param("process", processId)
                .param("statuses", query.statuses().stream().map(Enum::name).toArray(String[]::new))
                .param("limit", query.limit() + 1);
        if (query.topic() != null) {
            statement = statement.param("topic", query.topic());
        }
        if (search) {
            statement = statement.param("text", query.text());
        }
        if (after != null) {
            statement = statement.param("afterId", after.id()).param("afterKey", switch (query.sort()) {
                case SUPPORTS -> (Object) (int) after.key();
                case NEWEST -> Timestamp.from(ProposalQuery.Cursor.instant(after.key()));
                case RELEVANCE -> Float.intBitsToFloat((int) after.key());
            });
        }
        List<Proposal> rows = new ArrayList<>();
        List<Float> ranks = new ArrayList<>();
        statement.query(rs -> {
            rows.add(map(rs, rows.size()));
            if (query.sort() == ProposalQuery.Sort.RELEVANCE) {
                ranks.add(rs.getFloat("rank"));
            }
        });
        return new PageRows(rows, ranks);
    }

    /** Changes title, description and topics while the proposal is open and has no support yet (call under {@link #lock}). */
    boolean edit(UUID id, String title, String description, List<String> topics, Instant at) {
        return jdbc.sql("UPDATE proposal SET title = :title, description = :description, topics = :topics, edited_at = :at"
                        + " WHERE id = :id AND status IN " + OPEN
                        + " AND NOT EXISTS (SELECT 1 FROM proposal_tally WHERE proposal_id = :id AND support_count > 0)")
                .param("id", id).param("title", title).param("description", description)
                .param("topics", topics.toArray(String[]::new)).param("at", Timestamp.from(at))
                .update() == 1;
    }

    /**
     * What a support or its withdrawal did: {@code changed} false if the citizen supported it already
     * (or had not, for a withdrawal); {@code supportCount} the count after it, null if the proposal is
     * no longer open (nothing was changed); the threshold as it was.
     */
    record SupportChange(boolean changed, Integer supportCount, Instant thresholdReachedAt) {
    }

    /**
     * Supports, any number, in one statement and one round trip: the tallies of the proposals that
     * are still open are locked in id order (batches never deadlock, and a closing transaction holds
     * the same lock, so a support racing it waits and then finds the proposal closed); the support
     * rows are added (the primary key makes a second support of the same citizen a no-op, however
     * concurrent, also twice in one call); each count rises by the rows added. The proposals' own
     * rows are not read: the caller judged the supports by where each proposal belongs
     * ({@link Placed}) and by its process. Returns one change per support, in the order given; the
     * count is the proposal's after the whole call.
     */
    List<SupportChange> supportAll(List<UUID> proposals, List<String> citizens, List<Instant> at) {
        List<SupportChange> changes = new ArrayList<>(proposals.size());
        jdbc.sql("""
                        WITH item AS (
                            SELECT * FROM unnest(CAST(:proposals AS uuid[]), CAST(:citizens AS text[]),
                                                 CAST(:at AS timestamptz[]))
                                WITH ORDINALITY AS i(proposal_id, citizen, at, n)),
                        tally AS (
                            SELECT proposal_id, support_count, threshold_reached_at FROM proposal_tally
                            WHERE proposal_id IN (SELECT proposal_id FROM item) AND open
                            ORDER BY proposal_id FOR UPDATE),
                        added AS (
                            INSERT INTO support (proposal_id, citizen, supported_at)
                            SELECT DISTINCT ON (i.proposal_id, i.citizen) i.proposal_id, i.citizen, i.at
                            FROM item i JOIN tally t ON t.proposal_id = i.proposal_id
                            ORDER BY i.proposal_id, i.citizen, i.n
                            ON CONFLICT DO NOTHING RETURNING proposal_id, citizen),
                        counted AS (
                            UPDATE proposal_tally t SET support_count = t.support_count + a.n
                            FROM (SELECT proposal_id, count(*) AS n FROM added GROUP BY proposal_id) a
                            WHERE t.proposal_id = a.proposal_id
                            RETURNING t.proposal_id, t.support_count)
                        SELECT a.citizen IS NOT NULL AS changed,
                               coalesce(c.support_count, t.support_count) AS support_count,
                               t.threshold_reached_at
                        FROM item i
                        LEFT JOIN tally t ON t.proposal_id = i.proposal_id
                        LEFT JOIN added a ON a.proposal_id = i.proposal_id AND a.citizen = i.citizen
                        LEFT JOIN counted c ON c.proposal_id = i.proposal_id
                        ORDER BY i.n""")
                .param("proposals", proposals.toArray(UUID[]::new))
                .param("citizens", citizens.toArray(String[]::new))
                .param("at", at.stream().map(Timestamp::from).toArray(Timestamp[]::new))
                .query(rs -> {
                    changes.add(supportChange(rs, 0));
                });
        return changes;
    }

    /**
     * Removes the citizen's support, if any, and counts it off; like {@link #supportAll}, only while the
     * proposal is open (count null otherwise, and nothing removed). Two statements in the caller's
     * transaction: the tally's lock first, so that the removal's snapshot, taken after the lock was
     * granted, sees every support committed while it waited.
     */
    SupportChange withdrawSupport(UUID id, String citizen) {
        Optional<SupportChange> open = jdbc.sql("""
                        SELECT false AS changed, support_count, threshold_reached_at FROM proposal_tally
                        WHERE proposal_id = :id AND open FOR UPDATE""")
                .param("id", id).query(ProposalRepository::supportChange).optional();
        if (open.isEmpty()) {
            return new SupportChange(false, null, null);
        }
        return jdbc.sql("""
                        WITH removed AS (
                            DELETE FROM support WHERE proposal_id = :id AND citizen = :citizen RETURNING proposal_id),
                        counted AS (
                            UPDATE proposal_tally SET support_count = support_count - 1
                            WHERE proposal_id = (SELECT proposal_id FROM removed)
                            RETURNING support_count, threshold_reached_at)
                        SELECT EXISTS (SELECT 1 FROM removed) AS changed,
                               coalesce((SELECT support_count FROM counted), :count) AS support_count,
                               CAST(:reached AS timestamptz) AS threshold_reached_at""")
                .param("id", id).param("citizen", citizen).param("count", open.get().supportCount())
                .param("reached", open.get().thresholdReachedAt() == null ? null
                        : Timestamp.from(open.get().thresholdReachedAt()))
                .query(ProposalRepository::supportChange).single();
    }

    /** For the rest of the current transaction, a lock not granted within {@code timeout} fails the statement. */
    void lockTimeout(String timeout) {
        jdbc.sql("SELECT set_config('lock_timeout', :timeout, true)").param("timeout", timeout).query(String.class).single();
    }

    /** Where each of the proposals that exist belongs. */
    Map<UUID, ProposalService.Placement> placements(java.util.Collection<UUID> ids) {
        Map<UUID, ProposalService.Placement> found = new java.util.HashMap<>();
        jdbc.sql("SELECT id, municipality, process_id FROM proposal WHERE id = ANY(:ids)")
                .param("ids", ids.toArray(UUID[]::new))
                .query(rs -> {
                    UUID id = rs.getObject("id", UUID.class);
                    found.put(id, new ProposalService.Placement(id, rs.getString("municipality"),
                            rs.getObject("process_id", UUID.class)));
                });
        return found;
    }

    boolean supports(UUID id, String citizen) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM support WHERE proposal_id = :id AND citizen = :citizen)")
                .param("id", id).param("citizen", citizen).query(Boolean.class).single();
    }

    /** Marks the threshold reached; true only for the one transaction that marks it. */
    boolean markThresholdReached(UUID id, Instant at) {
        return jdbc.sql("UPDATE proposal_tally SET threshold_reached_at = :at"
                        + " WHERE proposal_id = :id AND threshold_reached_at IS NULL")
                .param("id", id).param("at", Timestamp.from(at)).update() == 1;
    }

    /** The state (the tally's {@code open} follows, trigger proposal_tally_open); call under {@link #lock}. */
    void changeStatus(UUID id, ProposalStatus status, String answer, Instant answeredAt) {
        jdbc.sql("UPDATE proposal SET status = :status, answer = coalesce(:answer, answer),"
                        + " answered_at = coalesce(:answeredAt, answered_at) WHERE id = :id")
                .param("id", id).param("status", status.name()).param("answer", answer)
                .param("answeredAt", answeredAt == null ? null : Timestamp.from(answeredAt))
                .update();
    }

    void addStep(UUID id, ProposalStep step, String actor) {
        jdbc.sql("""
                        INSERT INTO proposal_step (proposal_id, status, at, source, actor, detail, reference, programme)
                        VALUES (:id, :status, :at, :source, :actor, :detail, :reference, :programme)""")
                .param("id", id).param("status", step.status().name()).param("at", Timestamp.from(step.at()))
                .param("source", step.source()).param("actor", actor).param("detail", step.detail())
                .param("reference", step.reference()).param("programme", step.programme())
                .update();
    }

    List<ProposalStep> steps(UUID id) {
        return jdbc.sql("SELECT status, at, source, detail, reference, programme FROM proposal_step WHERE proposal_id = :id ORDER BY id")
                .param("id", id)
                .query((rs, row) -> new ProposalStep(ProposalStatus.valueOf(rs.getString("status")),
                        rs.getTimestamp("at").toInstant(), rs.getString("source"), rs.getString("detail"),
                        rs.getString("reference"), rs.getString("programme")))
                .list();
    }

    private static SupportChange supportChange(ResultSet rs, int row) throws SQLException {
        Timestamp reached = rs.getTimestamp("threshold_reached_at");
        return new SupportChange(rs.getBoolean("changed"), (Integer) rs.getObject("support_count"),
                Rows.instant(reached));
    }

    private static Proposal map(ResultSet rs, int row) throws SQLException {
        Array topics = rs.getArray("topics");
        Timestamp answeredAt = rs.getTimestamp("answered_at");
        Timestamp editedAt = rs.getTimestamp("edited_at");
        return new Proposal(rs.getObject("id", UUID.class), rs.getString("municipality"),
                rs.getObject("process_id", UUID.class), rs.getString("title"), rs.getString("description"),
                Arrays.asList((String[]) topics.getArray()), rs.getString("citizen"),
                ProposalStatus.valueOf(rs.getString("status")), rs.getInt("support_count"), rs.getString("answer"),
                Rows.instant(answeredAt), rs.getTimestamp("submitted_at").toInstant(),
                Rows.instant(editedAt));
    }
}
