package io.regiohub.participation.survey;

import io.regiohub.starter.jdbc.Rows;
import io.regiohub.participation.process.PhaseType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class SurveyRepository {

    private static final String COLUMNS =
            "id, process_id, municipality, phase, title, description, created_at, closed_at";

    private final JdbcClient jdbc;

    public SurveyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Survey s) {
        jdbc.sql("""
                        INSERT INTO survey (id, process_id, municipality, phase, title, description, created_at)
                        VALUES (:id, :process, :municipality, :phase, :title, :description, :at)""")
                .param("id", s.id()).param("process", s.processId()).param("municipality", s.municipality())
                .param("phase", s.phase().name()).param("title", s.title()).param("description", s.description())
                .param("at", Timestamp.from(s.createdAt()))
                .update();
        for (Question q : s.questions()) {
            jdbc.sql("""
                            INSERT INTO survey_question (survey_id, position, kind, text, options, required)
                            VALUES (:id, :position, :kind, :text, :options, :required)""")
                    .param("id", s.id()).param("position", q.position()).param("kind", q.kind().name())
                    .param("text", q.text()).param("options", q.options().toArray(String[]::new))
                    .param("required", q.required())
                    .update();
        }
    }

    Optional<Survey> find(UUID id) {
        return withQuestions(jdbc.sql("SELECT " + COLUMNS + " FROM survey WHERE id = :id").param("id", id)
                .query(SurveyRepository::map).list()).stream().findFirst();
    }

    List<Survey> forProcess(UUID processId) {
        return withQuestions(jdbc.sql("SELECT " + COLUMNS + " FROM survey WHERE process_id = :p ORDER BY created_at, id")
                .param("p", processId).query(SurveyRepository::map).list());
    }

    /**
     * The survey's closing time, read under a share lock: a response and the closing of its survey
     * (which locks the row for update) never overlap, so no response lands after the results were published.
     */
    Optional<Instant> closedAtLocked(UUID id) {
        return jdbc.sql("SELECT closed_at FROM survey WHERE id = :id FOR SHARE").param("id", id)
                .query((rs, row) -> Optional.ofNullable(rs.getTimestamp("closed_at")).map(Timestamp::toInstant))
                .single();
    }

    /** Replaces the citizen's response (one per citizen): the response row serialises concurrent ones. */
    void respond(UUID surveyId, String citizen, List<AnswerRow> answers, Instant at) {
        jdbc.sql("""
                        INSERT INTO survey_response (survey_id, citizen, submitted_at) VALUES (:id, :citizen, :at)
                        ON CONFLICT (survey_id, citizen) DO UPDATE SET submitted_at = excluded.submitted_at""")
                .param("id", surveyId).param("citizen", citizen).param("at", Timestamp.from(at))
                .update();
        jdbc.sql("DELETE FROM survey_answer WHERE survey_id = :id AND citizen = :citizen")
                .param("id", surveyId).param("citizen", citizen).update();
        for (AnswerRow a : answers) {
            jdbc.sql("""
                            INSERT INTO survey_answer (survey_id, citizen, position, choice, value, text)
                            VALUES (:id, :citizen, :position, :choice, :value, :text)""")
                    .param("id", surveyId).param("citizen", citizen).param("position", a.position())
                    .param("choice", a.choice()).param("value", a.value()).param("text", a.text())
                    .update();
        }
    }

    /** One stored answer: an option chosen, a scale value or a text. */
    record AnswerRow(int position, Integer choice, Integer value, String text) {
    }

    /** Counted answers: per question, option or value the number of answers, and who answered each question. */
    record Tally(int responses, Map<Integer, Map<Integer, Integer>> choices, Map<Integer, Map<Integer, Integer>> values,
                 Map<Integer, Integer> answered) {
    }

    Tally tally(UUID surveyId) {
        Map<Integer, Map<Integer, Integer>> choices = new HashMap<>();
        Map<Integer, Map<Integer, Integer>> values = new HashMap<>();
        Map<Integer, Integer> answered = new HashMap<>();
        int[] responses = {0};
        jdbc.sql("""
                        SELECT 'c' AS what, position, choice AS key, count(*) AS n FROM survey_answer
                        WHERE survey_id = :id AND choice IS NOT NULL GROUP BY position, choice
                        UNION ALL
                        SELECT 'v', position, value, count(*) FROM survey_answer
                        WHERE survey_id = :id AND value IS NOT NULL GROUP BY position, value
                        UNION ALL
                        SELECT 'a', position, NULL, count(DISTINCT citizen) FROM survey_answer
                        WHERE survey_id = :id GROUP BY position
                        UNION ALL
                        SELECT 'r', NULL, NULL, count(*) FROM survey_response WHERE survey_id = :id""")
                .param("id", surveyId)
                .query(rs -> {
                    int n = rs.getInt("n");
                    switch (rs.getString("what")) {
                        case "c" -> choices.computeIfAbsent(rs.getInt("position"), k -> new HashMap<>()).put(rs.getInt("key"), n);
                        case "v" -> values.computeIfAbsent(rs.getInt("position"), k -> new HashMap<>()).put(rs.getInt("key"), n);
                        case "a" -> answered.put(rs.getInt("position"), n);
                        default -> responses[0] = n;
                    }
                });
        return new Tally(responses[0], choices, values, answered);
    }

    /** The newest free-text answers, for the survey's own municipality. */
    Map<Integer, List<String>> texts(UUID surveyId, int limit) {
        Map<Integer, List<String>> texts = new HashMap<>();
        jdbc.sql("""
                        SELECT a.position, a.text FROM survey_answer a
                        JOIN survey_response r ON r.survey_id = a.survey_id AND r.citizen = a.citizen
                        WHERE a.survey_id = :id AND a.text IS NOT NULL
                        ORDER BY r.submitted_at DESC LIMIT :limit""")
                .param("id", surveyId).param("limit", limit)
                .query(rs -> {
                    texts.computeIfAbsent(rs.getInt("position"), k -> new ArrayList<>()).add(rs.getString("text"));
                });
        return texts;
    }

    /** Surveys whose phase has ended and whose results are not published yet, locked (others skip them). */
    List<UUID> lockDue(Instant now, int limit) {
        return jdbc.sql("""
                        SELECT s.id FROM survey s
                        JOIN process_phase f ON f.process_id = s.process_id AND f.type = s.phase
                        WHERE s.closed_at IS NULL AND f.ends_at <= :now
                        ORDER BY s.id LIMIT :limit
                        FOR UPDATE OF s SKIP LOCKED""")
                .param("now", Timestamp.from(now)).param("limit", limit)
                .query((rs, row) -> rs.getObject("id", UUID.class)).list();
    }

    void close(UUID id, Instant at) {
        jdbc.sql("UPDATE survey SET closed_at = :at WHERE id = :id").param("id", id).param("at", Timestamp.from(at)).update();
    }

    private List<Survey> withQuestions(List<Survey> surveys) {
        if (surveys.isEmpty()) {
            return surveys;
        }
        Map<UUID, List<Question>> questions = new HashMap<>();
        jdbc.sql("SELECT survey_id, position, kind, text, options, required FROM survey_question"
                        + " WHERE survey_id = ANY(:ids) ORDER BY survey_id, position")
                .param("ids", surveys.stream().map(Survey::id).toArray(UUID[]::new))
                .query(rs -> {
                    questions.computeIfAbsent(rs.getObject("survey_id", UUID.class), k -> new ArrayList<>()).add(
                            new Question(rs.getInt("position"), QuestionKind.valueOf(rs.getString("kind")),
                                    rs.getString("text"), Arrays.asList((String[]) rs.getArray("options").getArray()),
                                    rs.getBoolean("required")));
                });
        return surveys.stream().map(s -> new Survey(s.id(), s.processId(), s.municipality(), s.phase(), s.title(),
                s.description(), List.copyOf(questions.getOrDefault(s.id(), List.of())), s.createdAt(), s.closedAt()))
                .toList();
    }

    private static Survey map(ResultSet rs, int row) throws SQLException {
        Timestamp closed = rs.getTimestamp("closed_at");
        return new Survey(rs.getObject("id", UUID.class), rs.getObject("process_id", UUID.class),
                rs.getString("municipality"), PhaseType.valueOf(rs.getString("phase")), rs.getString("title"),
                rs.getString("description"), List.of(), rs.getTimestamp("created_at").toInstant(),
                Rows.instant(closed));
    }
}
