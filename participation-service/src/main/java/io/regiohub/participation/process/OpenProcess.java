package io.regiohub.participation.process;

import io.regiohub.starter.web.PlainText;
import io.regiohub.starter.web.SingleLine;
import io.regiohub.starter.web.HubProblem;
import io.regiohub.starter.web.ValidTopic;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code POST /api/participation/municipalities/{ags}/processes}.
 *
 * @param audience         {@code CITIZENS} (default) or {@code STAFF} for internal participation
 * @param phases           one to five phases of different types, in the order INFORMATION, PROPOSALS,
 *                         DIALOGUE, EVALUATION, RESULTS, each ending before or when the next starts
 * @param supportThreshold supports at which a proposal is announced as having reached it; none if absent
 */
public record OpenProcess(
        @NotBlank @Size(max = 200)
        @SingleLine
        String title,
        @Size(max = 10_000)
        @PlainText
        String description,
        @NotEmpty @Size(max = 10) List<@NotNull @ValidTopic String> topics,
        Audience audience,
        @NotEmpty @Size(max = 5) List<@NotNull @Valid PhaseRequest> phases,
        @Min(1) @Max(1_000_000) Integer supportThreshold) {

    public OpenProcess {
        title = title == null ? null : title.strip();
        description = description == null || description.isBlank() ? null : description.strip();
        audience = audience == null ? Audience.CITIZENS : audience;
    }

    public record PhaseRequest(@NotNull PhaseType type, @NotNull Instant startsAt, @NotNull Instant endsAt) {
    }

    /** The phases as stored; 400 naming the phase at fault unless they follow one another in order. */
    public List<Phase> checkedPhases() {
        Set<PhaseType> seen = EnumSet.noneOf(PhaseType.class);
        PhaseRequest previous = null;
        for (int i = 0; i < phases.size(); i++) {
            PhaseRequest p = phases.get(i);
            String field = "phases[" + i + "]";
            if (!p.endsAt().isAfter(p.startsAt())) {
                throw HubProblem.invalidField(field + ".endsAt", "must be after startsAt");
            }
            if (!seen.add(p.type())) {
                throw HubProblem.invalidField(field + ".type", "names phase " + p.type() + " a second time");
            }
            if (previous != null) {
                if (p.type().compareTo(previous.type()) < 0) {
                    throw HubProblem.invalidField(field + ".type", "phase " + p.type() + " must come before phase "
                            + previous.type() + " (order: INFORMATION, PROPOSALS, DIALOGUE, EVALUATION, RESULTS)");
                }
                if (p.startsAt().isBefore(previous.endsAt())) {
                    throw HubProblem.invalidField(field + ".startsAt", "overlaps the previous phase, which ends at "
                            + previous.endsAt());
                }
            }
            previous = p;
        }
        return phases.stream().map(p -> new Phase(p.type(), p.startsAt(), p.endsAt())).toList();
    }
}
