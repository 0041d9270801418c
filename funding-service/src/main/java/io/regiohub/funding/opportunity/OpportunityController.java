package io.regiohub.funding.opportunity;

import io.regiohub.starter.security.HubAccess;
import io.regiohub.starter.security.HubRoles;
import io.regiohub.starter.web.ValidMunicipalityKey;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/funding/municipalities/{ags}/opportunities")
public class OpportunityController {

    private final FundingRadarView radar;

    public OpportunityController(FundingRadarView radar) {
        this.radar = radar;
    }

    /**
     * The funding opportunities the radar found for a municipality's proposals, ranked: eligible
     * programmes first, then by topic fit, then open ones by the nearest deadline; its own client or
     * the programme office.
     */
    @GetMapping
    @HubAccess(roles = {HubRoles.MUNICIPALITY, HubRoles.PROGRAM_OFFICE}, tenant = "ags")
    public List<FundingOpportunity> list(@PathVariable("ags") @ValidMunicipalityKey String ags,
                                         @RequestParam(name = "limit", defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return radar.ranked(ags, limit);
    }
}
