package io.regiohub.funding.opportunity;

import io.regiohub.funding.programme.FundingProgramme;
import java.sql.ResultSet;
import java.sql.SQLException;
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
    void record(String municipality, UUID proposalId, String proposalTitle, FundingProgramme programme,
                List<String> matchedTopics) {
        jdbc.sql("""
                        INSERT INTO funding_opportunity (municipality, proposal_id, proposal_title, programme_id,
                                                         matched_topics)
                        VALUES (:municipality, :proposalId, :title, :programmeId, :topics)
                        ON CONFLICT (proposal_id, programme_id) DO NOTHING""")
                .param("municipality", municipality)
                .param("proposalId", proposalId)
                .param("title", proposalTitle)
                .param("programmeId", programme.id())
                .param("topics", matchedTopics.toArray(String[]::new))
                .update();
    }

    List<FundingOpportunity> forMunicipality(String municipality, int limit) {
        return jdbc.sql("""
                        SELECT o.proposal_id, o.proposal_title, o.programme_id, p.name, o.matched_topics, o.recorded_at
                        FROM funding_opportunity o JOIN funding_programme p ON p.id = o.programme_id
                        WHERE o.municipality = :m
                        ORDER BY o.recorded_at DESC, o.programme_id
                        LIMIT :limit""")
                .param("m", municipality).param("limit", limit)
                .query(OpportunityRepository::map).list();
    }

    private static FundingOpportunity map(ResultSet rs, int row) throws SQLException {
        return new FundingOpportunity(rs.getObject("proposal_id", UUID.class), rs.getString("proposal_title"),
                rs.getString("programme_id"), rs.getString("name"),
                Arrays.asList((String[]) rs.getArray("matched_topics").getArray()),
                rs.getTimestamp("recorded_at").toInstant());
    }
}
