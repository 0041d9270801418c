package io.regiohub.funding.session;

import io.regiohub.starter.web.SingleLine;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/**
 * The body of {@code POST /api/funding/sessions}. A {@code ONE_TO_ONE} session has one place
 * (capacity may be left out); a {@code GROUP} session names its capacity.
 *
 * @param programmeId the programme the session is about, if it is about one
 */
public record CreateSession(
        @NotBlank @Size(min = 3, max = 200) @SingleLine
        String title,
        @NotNull AdvisorySession.SessionFormat format,
        @Min(1) @Max(500) Integer capacity,
        @NotNull Instant startsAt,
        @NotNull Instant endsAt,
        @NotBlank @Size(min = 2, max = 200) @SingleLine
        String advisor,
        @NotBlank @Size(max = 300) @SingleLine
        String location,
        @Pattern(regexp = "[a-z0-9][a-z0-9-]{1,63}", message = "must be a programme id") String programmeId) {
}
