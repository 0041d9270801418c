package io.regiohub.participation.proposal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class ProposalRepository {

    private static final String COLUMNS =
            "id, municipality, process_id, title, description, topics, citizen, status, submitted_at";

    private final JdbcClient jdbc;

    public ProposalRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return false if a proposal with the same municipality and idempotency key exists already */
    boolean insert(Proposal p, String idempotencyKey) {
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

    Optional<Proposal> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM proposal WHERE id = :id").param("id", id)
                .query(ProposalRepository::map).optional();
    }

    Optional<Proposal> findByIdempotencyKey(String municipality, String key) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM proposal WHERE municipality = :m AND idempotency_key = :k")
                .param("m", municipality).param("k", key)
                .query(ProposalRepository::map).optional();
    }

    List<Proposal> list(String municipality, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM proposal WHERE municipality = :m ORDER BY submitted_at DESC, id LIMIT :limit")
                .param("m", municipality).param("limit", limit)
                .query(ProposalRepository::map).list();
    }

    private static Proposal map(ResultSet rs, int row) throws SQLException {
        Array topics = rs.getArray("topics");
        return new Proposal(rs.getObject("id", UUID.class), rs.getString("municipality"),
                rs.getObject("process_id", UUID.class), rs.getString("title"), rs.getString("description"),
                Arrays.asList((String[]) topics.getArray()), rs.getString("citizen"),
                ProposalStatus.valueOf(rs.getString("status")), rs.getTimestamp("submitted_at").toInstant());
    }
}
