package io.regiohub.participation.survey;

import io.regiohub.starter.web.SingleLine;
import io.regiohub.participation.process.PhaseType;
import io.regiohub.starter.web.HubProblem;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.HashSet;
import java.util.List;

/**
 * The body of {@code POST /api/participation/processes/{id}/surveys}.
 *
 * @param phase the phase of the process during which the survey is open
 */
public record CreateSurvey(
        @NotBlank @Size(max = 200)
        @SingleLine
        String title,
        @Size(max = 5000) String description,
        @NotNull PhaseType phase,
        @NotEmpty @Size(max = 50) List<@NotNull @Valid QuestionRequest> questions) {

    public CreateSurvey {
        title = title == null ? null : title.strip();
        description = description == null || description.isBlank() ? null : description.strip();
    }

    /** @param options two to twenty distinct options for a choice; none for a scale or free text */
    public record QuestionRequest(@NotNull QuestionKind kind,
                                  @NotBlank @Size(max = 1000) String text,
                                  @Size(max = 20) List<@NotBlank @Size(max = 200) String> options,
                                  boolean required) {
    }

    /** The questions as stored; 400 naming the question whose options do not fit its kind. */
    List<Question> checkedQuestions() {
        return java.util.stream.IntStream.range(0, questions.size()).mapToObj(i -> {
            QuestionRequest q = questions.get(i);
            List<String> options = q.options() == null ? List.of() : q.options().stream().map(String::strip).toList();
            String field = "questions[" + i + "].options";
            if (q.kind().hasOptions()) {
                if (options.size() < 2) {
                    throw HubProblem.invalidField(field, "a " + q.kind() + " question needs two to twenty options");
                }
                if (new HashSet<>(options).size() != options.size()) {
                    throw HubProblem.invalidField(field, "must not name an option twice");
                }
            } else if (!options.isEmpty()) {
                throw HubProblem.invalidField(field, "a " + q.kind() + " question has no options");
            }
            return new Question(i, q.kind(), q.text().strip(), options, q.required());
        }).toList();
    }
}
