package io.regiohub.participation.insight;

import io.regiohub.starter.jdbc.Rows;
import io.regiohub.starter.HubSchema;
import io.regiohub.starter.directory.DirectoryEntry;
import io.regiohub.starter.directory.MunicipalityDirectory;
import io.regiohub.starter.security.HubAccess;
import io.regiohub.starter.web.HubProblem;
import io.regiohub.starter.web.ValidMunicipalityKey;
import io.regiohub.starter.web.ValidTopic;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Learning across municipalities: what other towns accepted and implemented on similar topics and
 * text, with the outcome — funded by which programme, implemented since when — narrowed, if asked,
 * to towns of the same kind or size class as the asking one. Only proposals of published processes
 * count; the answer is published content.
 */
@RestController
@RequestMapping("/api/participation")
public class Insights {

    /** The service's local copy of identity-service's municipality directory. */
    private static final String DIRECTORY = HubSchema.SCHEMA + ".municipality_directory";

    private final JdbcClient jdbc;
    private final MunicipalityDirectory directory;

    public Insights(JdbcClient jdbc, MunicipalityDirectory directory) {
        this.jdbc = jdbc;
        this.directory = directory;
    }

    /** What to compare with the asking municipality ({@code like}). */
    public enum Same { KIND, SIZE }

    /** One proposal another municipality accepted or implemented, and what became of it. */
    public record Insight(UUID proposalId, String municipality, String municipalityName, String kind,
                          SizeClass sizeClass, String title, List<String> topics, String status, int supportCount,
                          String answer, Instant answeredAt, String fundedBy, Instant fundedAt,
                          Instant implementingSince, Instant implementedAt) {
    }

    /**
     * @param topic topics of the shared taxonomy (any of them matches)
     * @param q     German full-text search over title and description
     * @param like  the asking municipality: left out of the answer, and the reference for {@code same}
     * @param same  only municipalities of the same kind and/or size class as {@code like}
     */
    @GetMapping("/insights")
    @HubAccess(published = true)
    public List<Insight> insights(
            @RequestParam(name = "topic", required = false) @Size(max = 10) List<@NotNull @ValidTopic String> topic,
            @RequestParam(name = "q", required = false) @Size(max = 200) String q,
            @RequestParam(name = "like", required = false) @ValidMunicipalityKey String like,
            @RequestParam(name = "same", required = false) List<Same> same,
            @RequestParam(name = "limit", defaultValue = "20") @Min(1) @Max(100) int limit) {
        String text = q == null || q.isBlank() ? null : q.strip();
        List<Same> narrowing = same == null ? List.of() : same;
        DirectoryEntry reference = null;
        if (!narrowing.isEmpty()) {
            if (like == null) {
                throw HubProblem.invalidField("same", "needs the municipality to compare with (like)");
            }
            reference = directory.find(like).orElseThrow(() -> HubProblem.invalidField("like",
                    "is not in the municipality directory, so its kind and size are unknown"));
        }
        StringBuilder sql = new StringBuilder();
        if (text != null) {
            sql.append("WITH q AS (SELECT websearch_to_tsquery('german', :text) AS query) ");
        }
        sql.append("""
                SELECT p.id, p.municipality, d.name, d.kind, d.population, p.title, p.topics, p.status, t.support_count,
                       p.answer, p.answered_at,
                       (SELECT s.programme FROM proposal_step s WHERE s.proposal_id = p.id AND s.status = 'FUNDED'
                          AND s.programme IS NOT NULL ORDER BY s.id LIMIT 1) AS funded_by,
                       (SELECT min(s.at) FROM proposal_step s WHERE s.proposal_id = p.id AND s.status = 'FUNDED') AS funded_at,
                       (SELECT min(s.at) FROM proposal_step s WHERE s.proposal_id = p.id AND s.status = 'IMPLEMENTING') AS implementing_at,
                       (SELECT min(s.at) FROM proposal_step s WHERE s.proposal_id = p.id AND s.status = 'IMPLEMENTED') AS implemented_at
                FROM proposal p
                JOIN proposal_tally t ON t.proposal_id = p.id
                JOIN process r ON r.id = p.process_id AND r.audience = 'CITIZENS'
                """);
        sql.append(narrowing.isEmpty() ? "LEFT JOIN " : "JOIN ").append(DIRECTORY)
                .append(" d ON d.municipality_key = p.municipality");
        if (text != null) {
            sql.append(", q");
        }
        sql.append(" WHERE p.status IN ('ACCEPTED', 'FUNDED', 'IMPLEMENTING', 'IMPLEMENTED')");
        if (like != null) {
            sql.append(" AND p.municipality <> :like");
        }
        if (topic != null && !topic.isEmpty()) {
            sql.append(" AND p.topics && CAST(:topics AS text[])");
        }
        if (text != null) {
            sql.append(" AND p.search @@ q.query");
        }
        if (narrowing.contains(Same.KIND)) {
            sql.append(" AND d.kind = :kind");
        }
        SizeClass size = reference == null ? null : SizeClass.of(reference.population());
        if (narrowing.contains(Same.SIZE)) {
            if (size == null) {
                throw HubProblem.invalidField("like", "has no population in the directory, so its size class is unknown");
            }
            sql.append(" AND ").append(size.condition("d.population"));
        }
        sql.append(" ORDER BY ");
        if (text != null) {
            sql.append("ts_rank(p.search, q.query) DESC, ");
        }
        sql.append("array_position(ARRAY['IMPLEMENTED', 'IMPLEMENTING', 'FUNDED', 'ACCEPTED'], p.status),"
                + " t.support_count DESC, p.id LIMIT :limit");
        var statement = jdbc.sql(sql.toString()).param("limit", limit);
        if (text != null) {
            statement = statement.param("text", text);
        }
        if (like != null) {
            statement = statement.param("like", like);
        }
        if (topic != null && !topic.isEmpty()) {
            statement = statement.param("topics", topic.toArray(String[]::new));
        }
        if (narrowing.contains(Same.KIND)) {
            statement = statement.param("kind", reference.kind());
        }
        return statement.query(Insights::map).list();
    }

    private static Insight map(ResultSet rs, int row) throws SQLException {
        Integer population = (Integer) rs.getObject("population");
        return new Insight(rs.getObject("id", UUID.class), rs.getString("municipality"), rs.getString("name"),
                rs.getString("kind"), SizeClass.of(population), rs.getString("title"),
                Arrays.asList((String[]) rs.getArray("topics").getArray()), rs.getString("status"),
                rs.getInt("support_count"), rs.getString("answer"), Rows.instant(rs.getTimestamp("answered_at")),
                rs.getString("funded_by"), Rows.instant(rs.getTimestamp("funded_at")),
                Rows.instant(rs.getTimestamp("implementing_at")), Rows.instant(rs.getTimestamp("implemented_at")));
    }
}
