package io.regiohub.participation.survey;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * The body of {@code PUT /api/participation/surveys/{id}/responses/{citizen}}: one answer per
 * question answered, naming the question by its position; {@code choice} for a single choice,
 * {@code choices} for a multiple choice, {@code value} (1 to 5) for a scale, {@code text} for free text.
 */
public record SurveyAnswers(@NotNull @Size(max = 50) List<@NotNull @Valid Answer> answers) {

    public record Answer(@NotNull @Min(0) Integer question, Integer choice, List<@NotNull Integer> choices,
                         Integer value, @Size(max = 5000) String text) {
    }
}
