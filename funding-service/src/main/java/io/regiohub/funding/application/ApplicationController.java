package io.regiohub.funding.application;

import io.regiohub.starter.security.HubAccess;
import io.regiohub.starter.security.HubRoles;
import io.regiohub.starter.web.ValidMunicipalityKey;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
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
@RequestMapping("/api/funding")
public class ApplicationController {

    private final ApplicationService applications;

    public ApplicationController(ApplicationService applications) {
        this.applications = applications;
    }

    /** The municipality drafts an application ({@code Idempotency-Key}: a retry returns the first draft). */
    @PostMapping("/municipalities/{ags}/applications")
    @HubAccess(roles = HubRoles.MUNICIPALITY, tenant = "ags")
    public ResponseEntity<Application> draft(@PathVariable("ags") @ValidMunicipalityKey String ags,
                                             @RequestHeader(name = "Idempotency-Key", required = false)
                                             @Size(min = 8, max = 128) String idempotencyKey,
                                             @Valid @RequestBody DraftApplication request) {
        ApplicationService.Drafted result = applications.draft(ags, request, idempotencyKey);
        URI location = URI.create("/api/funding/applications/" + result.application().id());
        return result.created() ? ResponseEntity.created(location).body(result.application())
                : ResponseEntity.ok().location(location).body(result.application());
    }

    @GetMapping("/municipalities/{ags}/applications")
    @HubAccess(roles = {HubRoles.MUNICIPALITY, HubRoles.PROGRAM_OFFICE}, tenant = "ags")
    public List<Application> list(@PathVariable("ags") @ValidMunicipalityKey String ags,
                                  @RequestParam(name = "limit", defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return applications.forMunicipality(ags, limit);
    }

    /** One application with its history: its municipality's client or the programme office (others: 404). */
    @GetMapping("/applications/{id}")
    @HubAccess(roles = {HubRoles.MUNICIPALITY, HubRoles.PROGRAM_OFFICE})
    public ApplicationService.ApplicationView get(@PathVariable("id") UUID id) {
        return applications.view(id);
    }

    /** Submits the draft; 422 after the deadline, before the window opens, or when not eligible. */
    @PostMapping("/applications/{id}/submit")
    @HubAccess(roles = HubRoles.MUNICIPALITY)
    public ApplicationService.ApplicationView submit(@PathVariable("id") UUID id) {
        return applications.submit(id);
    }

    @PostMapping("/applications/{id}/review")
    @HubAccess(roles = HubRoles.PROGRAM_OFFICE)
    public ApplicationService.ApplicationView review(@PathVariable("id") UUID id) {
        return applications.review(id);
    }

    /** @param amountGranted required for an approval, at most the amount requested; left out for a rejection */
    public record Decision(@NotNull Boolean approved,
                           @DecimalMin("0.00") @Digits(integer = 13, fraction = 2) BigDecimal amountGranted,
                           @Size(max = 4000) String reason) {
    }

    /** The programme office decides; 409 when the programme's budget has less left than is granted. */
    @PostMapping("/applications/{id}/decision")
    @HubAccess(roles = HubRoles.PROGRAM_OFFICE)
    public ApplicationService.ApplicationView decide(@PathVariable("id") UUID id, @Valid @RequestBody Decision body) {
        return applications.decide(id, body.approved(), body.amountGranted(), body.reason());
    }

    @PostMapping("/applications/{id}/disbursement")
    @HubAccess(roles = HubRoles.PROGRAM_OFFICE)
    public ApplicationService.ApplicationView disburse(@PathVariable("id") UUID id) {
        return applications.disburse(id);
    }

    @PostMapping("/applications/{id}/completion")
    @HubAccess(roles = {HubRoles.MUNICIPALITY, HubRoles.PROGRAM_OFFICE})
    public ApplicationService.ApplicationView complete(@PathVariable("id") UUID id) {
        return applications.complete(id);
    }
}
