package io.regiohub.funding.programme;

import io.regiohub.starter.security.HubAccess;
import io.regiohub.starter.security.HubRoles;
import io.regiohub.starter.web.HubProblem;
import io.regiohub.starter.web.ValidMunicipalityKey;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The programme catalogue: published content, maintained by the programme office. */
@RestController
@RequestMapping("/api/funding/programs")
public class ProgrammeController {

    private static final String ID = "[a-z0-9][a-z0-9-]{1,63}";

    private final ProgrammeService service;
    private final ProgrammeRepository programmes;

    public ProgrammeController(ProgrammeService service, ProgrammeRepository programmes) {
        this.service = service;
        this.programmes = programmes;
    }

    /**
     * Every programme, open application windows first; with {@code municipality} only those the
     * municipality is eligible for, each with the reasons ({@code includeIneligible=true}: all, with
     * the reason why not).
     */
    @GetMapping
    @HubAccess(published = true)
    public List<ProgrammeService.ProgrammeForMunicipality> list(
            @RequestParam(name = "municipality", required = false) @ValidMunicipalityKey String municipality,
            @RequestParam(name = "includeIneligible", defaultValue = "false") boolean includeIneligible) {
        return municipality == null ? service.all() : service.forMunicipality(municipality, includeIneligible);
    }

    @GetMapping("/{id}")
    @HubAccess(published = true)
    public FundingProgramme get(@PathVariable("id") @Pattern(regexp = ID) String id) {
        return programmes.find(id).orElseThrow(() -> HubProblem.notFound("programme", id));
    }

    /** Publishes a programme or a new version of it (same id: replaced; the budget keeps what was granted). */
    @PutMapping("/{id}")
    @HubAccess(roles = HubRoles.PROGRAM_OFFICE)
    public FundingProgramme publish(@PathVariable("id") @Pattern(regexp = ID,
                                            message = "must be 2 to 64 lower-case letters, digits or hyphens") String id,
                                    @Valid @RequestBody PublishProgramme request) {
        return service.publish(id, request);
    }
}
