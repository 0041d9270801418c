package io.regiohub.participation.proposal;

import io.regiohub.starter.security.HubAccess;
import io.regiohub.starter.security.HubRoles;
import io.regiohub.starter.web.HubProblem;
import io.regiohub.starter.web.ValidMunicipalityKey;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/participation")
public class ProposalController {

    private final ProposalService proposals;

    public ProposalController(ProposalService proposals) {
        this.proposals = proposals;
    }

    /**
     * Submits a proposal to the municipality's standing ideas box. An {@code Idempotency-Key}
     * makes a retried request return the proposal the first one created instead of a second one.
     */
    @PostMapping("/municipalities/{ags}/proposals")
    @HubAccess(roles = HubRoles.MUNICIPALITY, tenant = "ags") // only the municipality's own client submits for its citizens
    public ResponseEntity<Proposal> submit(@PathVariable("ags") @ValidMunicipalityKey String ags,
                                           @RequestHeader(name = "Idempotency-Key", required = false)
                                           @Size(min = 8, max = 128) String idempotencyKey,
                                           @Valid @RequestBody SubmitProposal request) {
        ProposalService.Submitted result = proposals.submit(ags, request, idempotencyKey);
        URI location = URI.create("/api/participation/proposals/" + result.proposal().id());
        return result.created()
                ? ResponseEntity.created(location).body(result.proposal())
                : ResponseEntity.ok().location(location).body(result.proposal());
    }

    /** Published content: anonymous reading is allowed (regiohub.security.public-get). */
    @GetMapping("/proposals/{id}")
    @HubAccess(published = true)
    public Proposal get(@PathVariable("id") UUID id) {
        return proposals.find(id).orElseThrow(() -> HubProblem.notFound("proposal", id));
    }

    /** The municipality's proposals, newest first. */
    @GetMapping("/municipalities/{ags}/proposals")
    @HubAccess(published = true)
    public List<Proposal> list(@PathVariable("ags") @ValidMunicipalityKey String ags,
                               @RequestParam(name = "limit", defaultValue = "50") @Min(1) @Max(500) int limit) {
        return proposals.list(ags, limit);
    }
}
