package io.regiohub.funding.opportunity;

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

    private final OpportunityRepository opportunities;

    public OpportunityController(OpportunityRepository opportunities) {
        this.opportunities = opportunities;
    }

    /** The funding opportunities the radar found for a municipality's proposals, newest first. */
    @GetMapping
    public List<FundingOpportunity> list(@PathVariable("ags") @ValidMunicipalityKey String ags,
                                         @RequestParam(name = "limit", defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return opportunities.forMunicipality(ags, limit);
    }
}
