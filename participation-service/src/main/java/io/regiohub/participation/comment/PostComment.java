package io.regiohub.participation.comment;

import io.regiohub.starter.web.PlainText;
import io.regiohub.participation.proposal.Citizens;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/**
 * The body of {@code POST /api/participation/proposals/{id}/comments}.
 *
 * @param parentId the comment this one replies to (two levels of replies at most)
 */
public record PostComment(
        @NotBlank @Pattern(regexp = Citizens.PSEUDONYM, message = Citizens.PSEUDONYM_MESSAGE) String citizen,
        @NotBlank @Size(max = 5000)
        @PlainText
        String body,
        @NotNull Stance stance,
        UUID parentId) {

    public PostComment {
        body = body == null ? null : body.strip();
    }
}
