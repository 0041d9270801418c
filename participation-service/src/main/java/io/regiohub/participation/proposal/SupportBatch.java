package io.regiohub.participation.proposal;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/**
 * The body of {@code POST /api/participation/supports}: the supports a municipality's portal
 * collected from its citizens since its last batch, up to 500.
 */
public record SupportBatch(@NotEmpty @Size(max = SupportBatch.MAX) List<@NotNull @Valid Item> supports) {

    /** The most supports in one batch. */
    public static final int MAX = 500;

    public record Item(@NotNull UUID proposalId,
                       @NotBlank @Pattern(regexp = Citizens.PSEUDONYM, message = Citizens.PSEUDONYM_MESSAGE) String citizen) {
    }

    /** What became of one support: {@code ADDED}, {@code ALREADY} (the citizen supported it before) or {@code REFUSED}. */
    public record Outcome(UUID proposalId, String citizen, String outcome, String reason, Integer supportCount) {
    }

    /** The outcome of every support of the batch, in the order sent, and how many of each. */
    public record Result(int added, int already, int refused, List<Outcome> outcomes) {
    }
}
