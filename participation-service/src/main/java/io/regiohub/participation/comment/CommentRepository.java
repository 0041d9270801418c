package io.regiohub.participation.comment;

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
public class CommentRepository {

    private static final String COLUMNS =
            "id, proposal_id, parent_id, depth, municipality, citizen, body, stance, created_at, report_count, hidden";

    private final JdbcClient jdbc;

    public CommentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Comment c) {
        jdbc.sql("""
                        INSERT INTO comment (id, proposal_id, parent_id, depth, municipality, citizen, body, stance, created_at)
                        VALUES (:id, :proposal, :parent, :depth, :municipality, :citizen, :body, :stance, :at)""")
                .param("id", c.id()).param("proposal", c.proposalId()).param("parent", c.parentId())
                .param("depth", c.depth()).param("municipality", c.municipality()).param("citizen", c.citizen())
                .param("body", c.body()).param("stance", c.stance().name()).param("at", Timestamp.from(c.createdAt()))
                .update();
    }

    Optional<Comment> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM comment WHERE id = :id").param("id", id)
                .query(CommentRepository::map).optional();
    }

    Optional<Comment> lock(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM comment WHERE id = :id FOR UPDATE").param("id", id)
                .query(CommentRepository::map).optional();
    }

    /** A proposal's comments, oldest first (the service builds the tree). */
    List<Comment> forProposal(UUID proposalId, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM comment WHERE proposal_id = :p ORDER BY created_at, id LIMIT :limit")
                .param("p", proposalId).param("limit", limit).query(CommentRepository::map).list();
    }

    /** The count after the citizen's report, or null if the citizen had reported it already. */
    Integer report(UUID id, String citizen, String reason, Instant at) {
        return jdbc.sql("""
                        WITH added AS (
                            INSERT INTO comment_report (comment_id, citizen, reason, reported_at)
                            VALUES (:id, :citizen, :reason, :at)
                            ON CONFLICT DO NOTHING RETURNING comment_id)
                        UPDATE comment SET report_count = report_count + 1
                        WHERE id = :id AND EXISTS (SELECT 1 FROM added)
                        RETURNING report_count""")
                .param("id", id).param("citizen", citizen).param("reason", reason).param("at", Timestamp.from(at))
                .query(Integer.class).optional().orElse(null);
    }

    /**
     * Hides the comment because of its reports: true only for the one transaction that hides it, and
     * never once a moderator restored it (a moderator's judgement outweighs further reports).
     */
    boolean hideByReports(UUID id) {
        return jdbc.sql("""
                        UPDATE comment SET hidden = true
                        WHERE id = :id AND NOT hidden
                          AND NOT EXISTS (SELECT 1 FROM moderation m WHERE m.comment_id = :id AND m.action = 'RESTORED')""")
                .param("id", id).update() == 1;
    }

    void setHidden(UUID id, boolean hidden) {
        jdbc.sql("UPDATE comment SET hidden = :hidden WHERE id = :id").param("id", id).param("hidden", hidden).update();
    }

    /** One entry of a comment's moderation log. */
    public record Moderation(String action, String reason, String actor, Instant at) {
    }

    void log(UUID id, Moderation m) {
        jdbc.sql("INSERT INTO moderation (comment_id, action, reason, actor, at) VALUES (:id, :action, :reason, :actor, :at)")
                .param("id", id).param("action", m.action()).param("reason", m.reason()).param("actor", m.actor())
                .param("at", Timestamp.from(m.at()))
                .update();
    }

    List<Moderation> moderation(UUID id) {
        return jdbc.sql("SELECT action, reason, actor, at FROM moderation WHERE comment_id = :id ORDER BY id")
                .param("id", id)
                .query((rs, row) -> new Moderation(rs.getString("action"), rs.getString("reason"), rs.getString("actor"),
                        rs.getTimestamp("at").toInstant()))
                .list();
    }

    private static Comment map(ResultSet rs, int row) throws SQLException {
        return new Comment(rs.getObject("id", UUID.class), rs.getObject("proposal_id", UUID.class),
                rs.getObject("parent_id", UUID.class), rs.getInt("depth"), rs.getString("municipality"),
                rs.getString("citizen"), rs.getString("body"), Stance.valueOf(rs.getString("stance")),
                rs.getTimestamp("created_at").toInstant(), rs.getInt("report_count"), rs.getBoolean("hidden"));
    }
}
