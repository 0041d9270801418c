package io.regiohub.funding.application;

import io.regiohub.starter.web.SingleLine;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.UUID;

/**
 * The body of {@code POST /api/funding/municipalities/{ags}/applications}: a draft, submitted later.
 *
 * @param consultationId the consultation that prepared it, if any (of the same municipality)
 * @param proposalId     the participation proposal it funds; taken from the consultation when left out
 */
public record DraftApplication(
        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{1,63}", message = "must be a programme id") String programmeId,
        @NotBlank @Size(min = 3, max = 200) @SingleLine
        String title,
        @NotNull @DecimalMin(value = "0.01") @Digits(integer = 13, fraction = 2) BigDecimal amountRequested,
        UUID consultationId,
        UUID proposalId) {

    public DraftApplication {
        title = title == null ? null : title.strip();
    }
}
