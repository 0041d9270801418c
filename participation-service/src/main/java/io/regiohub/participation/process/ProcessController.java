package io.regiohub.participation.process;

import io.regiohub.starter.security.HubAccess;
import io.regiohub.starter.security.HubRoles;
import io.regiohub.starter.web.ValidMunicipalityKey;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
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
public class ProcessController {

    private final ProcessService processes;

    public ProcessController(ProcessService processes) {
        this.processes = processes;
    }

    /** A process as the API shows it: with its current phase and what that phase allows now. */
    public record ProcessView(UUID id, String municipality, String title, String description, List<String> topics,
                              Audience audience, Integer supportThreshold, boolean ideasBox, List<Phase> phases,
                              PhaseType currentPhase, List<Action> allowedNow, Instant createdAt) {

        static ProcessView of(Process p, Instant now) {
            PhaseType current = p.phaseAt(now).map(Phase::type).orElse(null);
            return new ProcessView(p.id(), p.municipality(), p.title(), p.description(), p.topics(), p.audience(),
                    p.supportThreshold(), p.ideasBox(), p.phases(), current,
                    List.of(Action.values()).stream().filter(a -> a.allowedIn(current)).toList(), p.createdAt());
        }
    }

    /** The municipality opens a process ({@code Idempotency-Key}: a retry returns the first one). */
    @PostMapping("/municipalities/{ags}/processes")
    @HubAccess(roles = HubRoles.MUNICIPALITY, tenant = "ags")
    public ResponseEntity<ProcessView> open(@PathVariable("ags") @ValidMunicipalityKey String ags,
                                            @RequestHeader(name = "Idempotency-Key", required = false)
                                            @Size(min = 8, max = 128) String idempotencyKey,
                                            @Valid @RequestBody OpenProcess request) {
        ProcessService.Opened result = processes.open(ags, request, idempotencyKey);
        URI location = URI.create("/api/participation/processes/" + result.process().id());
        ProcessView view = ProcessView.of(result.process(), processes.now());
        return result.created() ? ResponseEntity.created(location).body(view)
                : ResponseEntity.ok().location(location).body(view);
    }

    /** Published content; a process for the administration's staff only for its municipality and the programme office. */
    @GetMapping("/processes/{id}")
    @HubAccess(published = true)
    public ProcessView get(@PathVariable("id") UUID id) {
        return ProcessView.of(processes.visible(id), processes.now());
    }

    /** The municipality's processes, newest first (its staff processes only for its own client and the programme office). */
    @GetMapping("/municipalities/{ags}/processes")
    @HubAccess(published = true)
    public List<ProcessView> list(@PathVariable("ags") @ValidMunicipalityKey String ags,
                                  @RequestParam(name = "limit", defaultValue = "50") @Min(1) @Max(500) int limit) {
        Instant now = processes.now();
        return processes.forMunicipality(ags, limit).stream().map(p -> ProcessView.of(p, now)).toList();
    }
}
