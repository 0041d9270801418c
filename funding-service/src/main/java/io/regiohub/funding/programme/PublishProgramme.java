package io.regiohub.funding.programme;

import io.regiohub.starter.web.SingleLine;
import io.regiohub.starter.web.ValidTopic;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The body of {@code PUT /api/funding/programs/{id}}: the programme office publishes a programme or a
 * new version of it. Eligibility fields left out mean "no restriction"; no deadline means "open
 * continuously"; no budget means the hub does not cap grants.
 */
public record PublishProgramme(
        @NotBlank @Size(min = 3, max = 200) @SingleLine
        String name,
        @NotBlank @Size(min = 2, max = 200) @SingleLine
        String funder,
        @NotBlank @Size(max = 10_000) String description,
        @NotEmpty @Size(max = 10) List<@NotNull @ValidTopic String> topics,
        @Size(max = 500) @Pattern(regexp = "https://[^\\s]+", message = "must be an https URL") String url,
        @Size(max = 3) List<@NotNull @Pattern(regexp = "DISTRICT_FREE_CITY|MUNICIPALITY|DISTRICT",
                message = "must be DISTRICT_FREE_CITY, MUNICIPALITY or DISTRICT") String> eligibleKinds,
        @Min(0) Integer minPopulation,
        @Min(0) Integer maxPopulation,
        @Pattern(regexp = "URBAN|RURAL", message = "must be URBAN or RURAL") String classification,
        Instant opensAt,
        Instant deadline,
        @DecimalMin("0.00") @Digits(integer = 13, fraction = 2) BigDecimal budget) {

    public PublishProgramme {
        name = name == null ? null : name.strip();
        funder = funder == null ? null : funder.strip();
        topics = topics == null ? null : topics.stream().distinct().toList();
        eligibleKinds = eligibleKinds == null ? List.of() : eligibleKinds.stream().distinct().toList();
    }
}
