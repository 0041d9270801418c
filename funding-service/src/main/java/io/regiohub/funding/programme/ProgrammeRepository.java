package io.regiohub.funding.programme;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class ProgrammeRepository {

    private final JdbcClient jdbc;

    public ProgrammeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Programmes tagged with at least one of the topics (uses the GIN index on {@code topics}). */
    public List<FundingProgramme> withAnyTopic(Collection<String> topics) {
        return jdbc.sql("SELECT id, name, funder, description, topics, url FROM funding_programme "
                        + "WHERE topics && CAST(:topics AS text[]) ORDER BY id")
                .param("topics", topics.toArray(String[]::new))
                .query(ProgrammeRepository::map).list();
    }

    public List<FundingProgramme> all() {
        return jdbc.sql("SELECT id, name, funder, description, topics, url FROM funding_programme ORDER BY id")
                .query(ProgrammeRepository::map).list();
    }

    private static FundingProgramme map(ResultSet rs, int row) throws SQLException {
        return new FundingProgramme(rs.getString("id"), rs.getString("name"), rs.getString("funder"),
                rs.getString("description"), Arrays.asList((String[]) rs.getArray("topics").getArray()),
                rs.getString("url"));
    }
}
