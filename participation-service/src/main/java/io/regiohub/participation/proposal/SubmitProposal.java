package io.regiohub.participation.proposal;

import io.regiohub.starter.web.PlainText;
import io.regiohub.starter.web.SingleLine;
import io.regiohub.starter.web.ValidTopic;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * The body of {@code POST /api/participation/municipalities/{ags}/proposals}.
 *
 * @param citizen the citizen's pseudonym, issued by the municipality's portal: never a name or e-mail address
 */
public record SubmitProposal(
        @NotBlank @Size(min = 3, max = 200)
        @SingleLine
        String title,
        @Size(max = 10_000)
        @PlainText
        String description,
        @NotEmpty @Size(max = 10) List<@NotNull @ValidTopic String> topics,
        @NotBlank @Pattern(regexp = Citizens.PSEUDONYM, message = Citizens.PSEUDONYM_MESSAGE) String citizen) {

    /** Validation sees what is stored: surrounding (Unicode) white space is not part of a title. */
    public SubmitProposal {
        title = title == null ? null : title.strip();
        description = description == null || description.isBlank() ? null : description.strip();
    }
}
