package io.regiohub.participation.proposal;

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
        @NotBlank @Size(min = 3, max = 200) String title,
        @Size(max = 10_000) String description,
        @NotEmpty @Size(max = 10) List<@NotNull @ValidTopic String> topics,
        @NotBlank @Pattern(regexp = "[A-Za-z0-9_.:-]{3,64}",
                message = "must be a pseudonym of 3 to 64 letters, digits or _.:- (no names or e-mail addresses)")
        String citizen) {
}
