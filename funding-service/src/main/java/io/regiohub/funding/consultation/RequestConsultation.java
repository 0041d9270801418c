package io.regiohub.funding.consultation;

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
        @Pattern(regexp = "(?s)[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]*",
                message = "must not contain control characters other than tabs and line breaks")
        String projectIdea,
        UUID proposalId) {

    public RequestConsultation {
        projectIdea = projectIdea == null ? null : projectIdea.strip();
    }
}
