package io.regiohub.funding.consultation;

import io.regiohub.starter.web.PlainText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/**
 * The body of {@code POST /api/funding/municipalities/{ags}/consultations}.
 *
 * @param proposalId the participation proposal the idea comes from, if any
 */
public record RequestConsultation(
        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{1,63}", message = "must be a programme id") String programmeId,
        @NotBlank @Size(min = 3, max = 4000)
        @PlainText
        String projectIdea,
        UUID proposalId) {

    public RequestConsultation {
        projectIdea = projectIdea == null ? null : projectIdea.strip();
    }
}
