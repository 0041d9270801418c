package io.regiohub.participation.survey;

import io.regiohub.events.participation.SurveyClosed;
import io.regiohub.events.participation.SurveyClosed.QuestionResult;
import io.regiohub.participation.process.Phase;
import io.regiohub.participation.process.Process;
import io.regiohub.participation.process.ProcessService;
import io.regiohub.starter.outbox.Outbox;
import io.regiohub.starter.security.TenantAccess;
import io.regiohub.starter.web.HubProblem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Surveys to evaluate prototypes: attached to a phase of a process and open while it runs; one
 * response per citizen, replaceable while open; results counted live from the answers; published
 * as {@code survey.closed} once the phase has ended.
 */
@Service
public class SurveyService {

    private static final int TEXTS_SHOWN = 500;

    private final SurveyRepository surveys;
    private final ProcessService processes;
    private final TenantAccess access;
    private final Outbox outbox;

    public SurveyService(SurveyRepository surveys, ProcessService processes, TenantAccess access, Outbox outbox) {
        this.surveys = surveys;
        this.processes = processes;
        this.access = access;
        this.outbox = outbox;
    }

    /** A survey with whether it takes responses now. */
    public record SurveyView(UUID id, UUID processId, String municipality, String phase, String title,
                             String description, List<Question> questions, boolean open, Instant createdAt,
                             Instant closedAt) {
    }

    /**
     * Results as counted now; {@code texts} (the newest free-text answers per question position) only for
     * the survey's own municipality and the programme office.
     */
    public record SurveyResults(UUID surveyId, boolean open, int responses, List<QuestionResult> results,
                                Map<Integer, List<String>> texts) {
    }

    /** What a response left: the citizen's answers as stored. */
    public record ResponseView(UUID surveyId, String citizen, int answers, Instant submittedAt) {
    }

    @Transactional
    public SurveyView create(UUID processId, CreateSurvey request) {
        Process process = processes.visible(processId);
        access.requireOwnMunicipality(process.municipality());
        Phase phase = process.phases().stream().filter(p -> p.type() == request.phase()).findFirst()
                .orElseThrow(() -> HubProblem.invalidField("phase", "is not a phase of process " + processId));
        Instant now = processes.now();
        if (phase.endsAt() != null && !phase.endsAt().isAfter(now)) {
            throw HubProblem.unprocessable("phase-over", "Phase over", "phase " + phase.type() + " of process "
                    + processId + " ended at " + phase.endsAt(), "phase", "has ended");
        }
        Survey survey = new Survey(UUID.randomUUID(), processId, process.municipality(), request.phase(),
                request.title(), request.description(), request.checkedQuestions(), now, null);
        surveys.insert(survey);
        return view(survey, process, now);
    }

    public List<SurveyView> forProcess(UUID processId) {
        Process process = processes.visible(processId);
        Instant now = processes.now();
        return surveys.forProcess(processId).stream().map(s -> view(s, process, now)).toList();
    }

    public SurveyView get(UUID id) {
        Survey survey = readable(id);
        return view(survey, processes.cached(survey.processId()).orElseThrow(), processes.now());
    }

    /** Stores the citizen's response, replacing an earlier one; 409 unless the survey's phase runs. */
    @Transactional
    public ResponseView respond(UUID id, String citizen, SurveyAnswers request) {
        Survey survey = readable(id);
        access.requireOwnMunicipality(survey.municipality());
        Process process = processes.cached(survey.processId()).orElseThrow();
        Instant now = processes.now();
        process.require("answering survey " + id, p -> p == survey.phase(), survey.phase().name(), now);
        Optional<Instant> closed = surveys.closedAtLocked(id);
        if (closed.isPresent()) {
            throw new HubProblem(HttpStatus.CONFLICT, "survey-closed", "Survey closed",
                    "survey " + id + " closed at " + closed.get(), List.of());
        }
        List<SurveyRepository.AnswerRow> rows = rows(survey, request.answers());
        surveys.respond(id, citizen, rows, now);
        return new ResponseView(id, citizen, request.answers().size(), now);
    }

    /** The answers as rows; 400 naming the answer that does not fit its question. */
    private static List<SurveyRepository.AnswerRow> rows(Survey survey, List<SurveyAnswers.Answer> answers) {
        List<SurveyRepository.AnswerRow> rows = new ArrayList<>();
        Set<Integer> answered = new HashSet<>();
        for (int i = 0; i < answers.size(); i++) {
            SurveyAnswers.Answer a = answers.get(i);
            String field = "answers[" + i + "]";
            if (a.question() >= survey.questions().size()) {
                throw HubProblem.invalidField(field + ".question", "names no question of survey " + survey.id());
            }
            if (!answered.add(a.question())) {
                throw HubProblem.invalidField(field + ".question", "answers question " + a.question() + " a second time");
            }
            Question q = survey.questions().get(a.question());
            boolean shapeFits = switch (q.kind()) {
                case SINGLE_CHOICE -> a.choice() != null && a.choices() == null && a.value() == null && a.text() == null;
                case MULTIPLE_CHOICE -> a.choices() != null && !a.choices().isEmpty() && a.choice() == null
                        && a.value() == null && a.text() == null;
                case SCALE -> a.value() != null && a.choice() == null && a.choices() == null && a.text() == null;
                case FREE_TEXT -> a.text() != null && !a.text().isBlank() && a.choice() == null && a.choices() == null
                        && a.value() == null;
            };
            if (!shapeFits) {
                throw HubProblem.invalidField(field, "question " + q.position() + " is " + q.kind() + ": answer it with "
                        + switch (q.kind()) {
                            case SINGLE_CHOICE -> "choice (an option's index)";
                            case MULTIPLE_CHOICE -> "choices (the options' indexes)";
                            case SCALE -> "value (1 to 5)";
                            case FREE_TEXT -> "text";
                        } + " only");
            }
            switch (q.kind()) {
                case SINGLE_CHOICE -> rows.add(choice(q, a.choice(), field + ".choice"));
                case MULTIPLE_CHOICE -> {
                    if (new HashSet<>(a.choices()).size() != a.choices().size()) {
                        throw HubProblem.invalidField(field + ".choices", "must not name an option twice");
                    }
                    a.choices().forEach(c -> rows.add(choice(q, c, field + ".choices")));
                }
                case SCALE -> {
                    if (a.value() < 1 || a.value() > 5) {
                        throw HubProblem.invalidField(field + ".value", "must be between 1 and 5");
                    }
                    rows.add(new SurveyRepository.AnswerRow(q.position(), null, a.value(), null));
                }
                case FREE_TEXT -> rows.add(new SurveyRepository.AnswerRow(q.position(), null, null, a.text().strip()));
            }
        }
        for (Question q : survey.questions()) {
            if (q.required() && !answered.contains(q.position())) {
                throw HubProblem.invalidField("answers", "miss required question " + q.position());
            }
        }
        return rows;
    }

    private static SurveyRepository.AnswerRow choice(Question q, int choice, String field) {
        if (choice < 0 || choice >= q.options().size()) {
            throw HubProblem.invalidField(field, "must be an option's index, 0 to " + (q.options().size() - 1));
        }
        return new SurveyRepository.AnswerRow(q.position(), choice, null, null);
    }

    public SurveyResults results(UUID id) {
        Survey survey = readable(id);
        Process process = processes.cached(survey.processId()).orElseThrow();
        SurveyRepository.Tally tally = surveys.tally(id);
        Map<Integer, List<String>> texts = access.mayReadIfAuthenticated(survey.municipality())
                ? surveys.texts(id, TEXTS_SHOWN) : Map.of();
        return new SurveyResults(id, open(survey, process, processes.now()), tally.responses(), results(survey, tally), texts);
    }

    private static List<QuestionResult> results(Survey survey, SurveyRepository.Tally tally) {
        return survey.questions().stream().map(q -> {
            int answered = tally.answered().getOrDefault(q.position(), 0);
            return switch (q.kind()) {
                case SINGLE_CHOICE, MULTIPLE_CHOICE -> {
                    Map<Integer, Integer> counts = tally.choices().getOrDefault(q.position(), Map.of());
                    List<Integer> perOption = java.util.stream.IntStream.range(0, q.options().size())
                            .mapToObj(i -> counts.getOrDefault(i, 0)).toList();
                    yield new QuestionResult(q.position(), q.kind().name(), q.text(), q.options(), perOption, null, answered);
                }
                case SCALE -> {
                    Map<Integer, Integer> counts = tally.values().getOrDefault(q.position(), Map.of());
                    List<Integer> perValue = java.util.stream.IntStream.rangeClosed(1, 5)
                            .mapToObj(v -> counts.getOrDefault(v, 0)).toList();
                    int n = perValue.stream().mapToInt(Integer::intValue).sum();
                    double sum = java.util.stream.IntStream.rangeClosed(1, 5).mapToDouble(v -> v * perValue.get(v - 1)).sum();
                    Double mean = n == 0 ? null : Math.round(sum / n * 100) / 100.0;
                    yield new QuestionResult(q.position(), q.kind().name(), q.text(), null, perValue, mean, answered);
                }
                case FREE_TEXT -> new QuestionResult(q.position(), q.kind().name(), q.text(), null, List.of(), null, answered);
            };
        }).toList();
    }

    /** Publishes the results of every survey whose phase has ended; several instances close each once. */
    @Transactional
    public int closeDue(int limit) {
        Instant now = processes.now();
        List<UUID> due = surveys.lockDue(now, limit);
        for (UUID id : due) {
            Survey survey = surveys.find(id).orElseThrow();
            SurveyRepository.Tally tally = surveys.tally(id);
            surveys.close(id, now);
            outbox.publish(new SurveyClosed(id, survey.municipality(), survey.processId(), survey.title(),
                    tally.responses(), results(survey, tally), now));
        }
        return due.size();
    }

    private Survey readable(UUID id) {
        return surveys.find(id)
                .filter(s -> processes.cached(s.processId()).map(p -> p.published()
                        || access.mayReadIfAuthenticated(p.municipality())).orElse(false))
                .orElseThrow(() -> HubProblem.notFound("survey", id));
    }

    private static boolean open(Survey survey, Process process, Instant now) {
        return survey.closedAt() == null && process.phaseAt(now).map(p -> p.type() == survey.phase()).orElse(false);
    }

    private static SurveyView view(Survey s, Process process, Instant now) {
        return new SurveyView(s.id(), s.processId(), s.municipality(), s.phase().name(), s.title(), s.description(),
                s.questions(), open(s, process, now), s.createdAt(), s.closedAt());
    }
}
