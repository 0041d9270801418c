package io.regiohub.identity.directory;

import io.regiohub.starter.web.SingleLine;
import io.regiohub.starter.web.ValidMunicipalityKey;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /api/identity/municipalities} (programme office). */
public record RegisterMunicipality(
        @NotNull @ValidMunicipalityKey String key,
        @NotBlank @Size(max = 200) @SingleLine
        String name,
        @NotNull @Pattern(regexp = "DISTRICT_FREE_CITY|MUNICIPALITY|DISTRICT",
                message = "must be DISTRICT_FREE_CITY, MUNICIPALITY or DISTRICT") String kind,
        @Pattern(regexp = "(0[1-9]|1[0-6])\\d{3}", message = "must be a district key (5 digits)") String districtKey,
        @PositiveOrZero Integer population,
        @NotNull @Pattern(regexp = "URBAN|RURAL", message = "must be URBAN or RURAL") String classification) {
}
