package io.regiohub.funding.programme;

import io.regiohub.starter.jdbc.Rows;
import static io.regiohub.starter.jdbc.Rows.instant;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class ProgrammeRepository {

    private static final String COLUMNS = "id, name, funder, description, topics, url, eligible_kinds, min_population, "
            + "max_population, classification, opens_at, deadline, budget, budget_left, published_at";

    private final JdbcClient jdbc;

    public ProgrammeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Programmes tagged with at least one of the topics (uses the GIN index on {@code topics}). */
    public List<FundingProgramme> withAnyTopic(Collection<String> topics) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM funding_programme WHERE topics && CAST(:topics AS text[]) ORDER BY id")
                .param("topics", topics.toArray(String[]::new))
                .query(ProgrammeRepository::map).list();
    }

    public List<FundingProgramme> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM funding_programme ORDER BY id").query(ProgrammeRepository::map).list();
    }

    public Optional<FundingProgramme> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM funding_programme WHERE id = :id").param("id", id)
                .query(ProgrammeRepository::map).optional();
    }

    /**
     * Inserts the programme or replaces the published version. A changed budget keeps what was granted
     * from it: budget left = new budget - granted so far; below zero the CHECK refuses the change.
     */
    FundingProgramme upsert(String id, PublishProgramme p, Instant publishedAt) {
        return jdbc.sql("""
                        INSERT INTO funding_programme (id, name, funder, description, topics, url, eligible_kinds,
                            min_population, max_population, classification, opens_at, deadline, budget, budget_left,
                            published_at)
                        VALUES (:id, :name, :funder, :description, :topics, :url, :kinds, :minPopulation, :maxPopulation,
                            :classification, :opensAt, :deadline, :budget, :budget, :publishedAt)
                        ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, funder = EXCLUDED.funder,
                            description = EXCLUDED.description, topics = EXCLUDED.topics, url = EXCLUDED.url,
                            eligible_kinds = EXCLUDED.eligible_kinds, min_population = EXCLUDED.min_population,
                            max_population = EXCLUDED.max_population, classification = EXCLUDED.classification,
                            opens_at = EXCLUDED.opens_at, deadline = EXCLUDED.deadline, budget = EXCLUDED.budget,
                            budget_left = CASE WHEN EXCLUDED.budget IS NULL THEN NULL
                                ELSE EXCLUDED.budget - COALESCE(funding_programme.budget - funding_programme.budget_left, 0) END,
                            published_at = EXCLUDED.published_at
                        RETURNING\s""" + COLUMNS)
                .param("id", id)
                .param("name", p.name())
                .param("funder", p.funder())
                .param("description", p.description())
                .param("topics", p.topics().toArray(String[]::new))
                .param("url", p.url())
                .param("kinds", p.eligibleKinds().toArray(String[]::new))
                .param("minPopulation", p.minPopulation())
                .param("maxPopulation", p.maxPopulation())
                .param("classification", p.classification())
                .param("opensAt", p.opensAt() == null ? null : Timestamp.from(p.opensAt()))
                .param("deadline", p.deadline() == null ? null : Timestamp.from(p.deadline()))
                .param("budget", p.budget())
                .param("publishedAt", Timestamp.from(publishedAt))
                .query(ProgrammeRepository::map).single();
    }

    /**
     * Grants {@code amount} from the programme's budget if that much is left, in one statement: racing
     * approvals queue on the programme's row and each sees what the one before it left, so the budget is
     * never over-granted. A programme without a budget grants without limit.
     *
     * @return false when less than {@code amount} is left
     */
    public boolean grant(String id, java.math.BigDecimal amount) {
        return jdbc.sql("UPDATE funding_programme SET budget_left = budget_left - :amount "
                        + "WHERE id = :id AND (budget IS NULL OR budget_left >= :amount)")
                .param("id", id).param("amount", amount).update() == 1;
    }

    static FundingProgramme map(ResultSet rs, int row) throws SQLException {
        return new FundingProgramme(rs.getString("id"), rs.getString("name"), rs.getString("funder"),
                rs.getString("description"), strings(rs.getArray("topics")), rs.getString("url"),
                new Eligibility(strings(rs.getArray("eligible_kinds")), (Integer) rs.getObject("min_population"),
                        (Integer) rs.getObject("max_population"), rs.getString("classification")),
                instant(rs.getTimestamp("opens_at")), instant(rs.getTimestamp("deadline")),
                rs.getBigDecimal("budget"), rs.getBigDecimal("budget_left"), instant(rs.getTimestamp("published_at")));
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
