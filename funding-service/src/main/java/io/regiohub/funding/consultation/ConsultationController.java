package io.regiohub.funding.consultation;

import io.regiohub.starter.web.SingleLine;
import io.regiohub.starter.security.HubAccess;
import io.regiohub.starter.security.HubRoles;
import io.regiohub.starter.web.ValidMunicipalityKey;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
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
@RequestMapping("/api/funding")
public class ConsultationController {

    private final ConsultationService consultations;

    public ConsultationController(ConsultationService consultations) {
        this.consultations = consultations;
    }

    /** A municipality asks for advice ({@code Idempotency-Key}: a retried request returns the first one's consultation). */
    @PostMapping("/municipalities/{ags}/consultations")
    @HubAccess(roles = {HubRoles.MUNICIPALITY, HubRoles.PROGRAM_OFFICE}, tenant = "ags")
    public ResponseEntity<Consultation> request(@PathVariable("ags") @ValidMunicipalityKey String ags,
                                                @RequestHeader(name = "Idempotency-Key", required = false)
                                                @Size(min = 8, max = 128) String idempotencyKey,
                                                @Valid @RequestBody RequestConsultation request) {
        ConsultationService.Requested result = consultations.request(ags, request, idempotencyKey);
        URI location = URI.create("/api/funding/consultations/" + result.consultation().id());
        return result.created() ? ResponseEntity.created(location).body(result.consultation())
                : ResponseEntity.ok().location(location).body(result.consultation());
    }

    /** The municipality's consultations, newest first. */
    @GetMapping("/municipalities/{ags}/consultations")
    @HubAccess(roles = {HubRoles.MUNICIPALITY, HubRoles.PROGRAM_OFFICE}, tenant = "ags")
    public List<Consultation> list(@PathVariable("ags") @ValidMunicipalityKey String ags,
                                   @RequestParam(name = "limit", defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return consultations.forMunicipality(ags, limit);
    }

    /** One consultation with its history: its municipality's client or the programme office (others: 404). */
    @GetMapping("/consultations/{id}")
    @HubAccess(roles = {HubRoles.MUNICIPALITY, HubRoles.PROGRAM_OFFICE})
    public ConsultationService.ConsultationView get(@PathVariable("id") UUID id) {
        return consultations.view(id);
    }

    public record AssignAdvisor(@NotBlank @Size(min = 2, max = 200)
                                @SingleLine
                                String advisor) {
    }

    @PostMapping("/consultations/{id}/advisor")
    @HubAccess(roles = HubRoles.PROGRAM_OFFICE)
    public ConsultationService.ConsultationView assignAdvisor(@PathVariable("id") UUID id,
                                                              @Valid @RequestBody AssignAdvisor body) {
        return consultations.assignAdvisor(id, body.advisor().strip());
    }

    /** @param followUp the municipality needs another session */
    public record RecordOutcome(@NotBlank @Size(min = 3, max = 4000) String outcome, @NotNull Boolean followUp) {
    }

    @PostMapping("/consultations/{id}/outcome")
    @HubAccess(roles = HubRoles.PROGRAM_OFFICE)
    public ConsultationService.ConsultationView recordOutcome(@PathVariable("id") UUID id,
                                                              @Valid @RequestBody RecordOutcome body) {
        return consultations.recordOutcome(id, body.outcome().strip(), body.followUp());
    }

    public record Close(@Size(max = 1000) String reason) {
    }

    @PostMapping("/consultations/{id}/close")
    @HubAccess(roles = {HubRoles.MUNICIPALITY, HubRoles.PROGRAM_OFFICE})
    public ConsultationService.ConsultationView close(@PathVariable("id") UUID id,
                                                      @Valid @RequestBody(required = false) Close body) {
        return consultations.close(id, body == null ? null : body.reason());
    }
}
