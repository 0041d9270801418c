package io.regiohub.funding.opportunity;

import io.regiohub.funding.programme.FundingProgramme;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class OpportunityRepository {

    private final JdbcClient jdbc;

    public OpportunityRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records the opportunity once; the unique (proposal, programme) pair guards against duplicates as well. */
    void record(String municipality, UUID proposalId, String proposalTitle, List<String> proposalTopics,
                FundingProgramme programme, List<String> matchedTopics) {
        jdbc.sql("""
                        INSERT INTO funding_opportunity (municipality, proposal_id, proposal_title, programme_id,
                                                         matched_topics, proposal_topics)
                        VALUES (:municipality, :proposalId, :title, :programmeId, :topics, :proposalTopics)
                        ON CONFLICT (proposal_id, programme_id) DO NOTHING""")
                .param("municipality", municipality)
                .param("proposalId", proposalId)
                .param("title", proposalTitle)
                .param("programmeId", programme.id())
                .param("topics", matchedTopics.toArray(String[]::new))
                .param("proposalTopics", proposalTopics.toArray(String[]::new))
                .update();
    }

    /** A stored match, with the share of the proposal's topics the programme covers. */
    record Match(UUID proposalId, String proposalTitle, String programmeId, List<String> matchedTopics, double fit,
                 Instant recordedAt) {
    }

    /** The municipality's newest {@code limit} matches. */
    List<Match> forMunicipality(String municipality, int limit) {
        return jdbc.sql("""
                        SELECT proposal_id, proposal_title, programme_id, matched_topics, recorded_at,
                               cardinality(matched_topics)::float8 / greatest(cardinality(proposal_topics), 1) AS fit
                        FROM funding_opportunity
                        WHERE municipality = :m
                        ORDER BY recorded_at DESC, programme_id
                        LIMIT :limit""")
                .param("m", municipality).param("limit", limit)
                .query(OpportunityRepository::map).list();
    }

    private static Match map(ResultSet rs, int row) throws SQLException {
        return new Match(rs.getObject("proposal_id", UUID.class), rs.getString("proposal_title"),
                rs.getString("programme_id"), Arrays.asList((String[]) rs.getArray("matched_topics").getArray()),
                rs.getDouble("fit"), rs.getTimestamp("recorded_at").toInstant());
    }
}
