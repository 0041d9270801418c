package io.regiohub.identity.client;

import io.regiohub.starter.security.HubAccess;
import io.regiohub.starter.security.HubRoles;
import io.regiohub.identity.directory.DirectoryService;
import io.regiohub.starter.web.HubProblem;
import io.regiohub.starter.web.ValidMunicipalityKey;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Onboarding of a municipality's machine client (programme office only): create it, rotate its
 * secret, revoke it. A secret is shown once, in the answer that creates it, and stored as a hash.
 */
@RestController
@RequestMapping("/api/identity")
public class ClientOnboardingController {

    private final HubClients clients;
    private final DirectoryService directory;

    public ClientOnboardingController(HubClients clients, DirectoryService directory) {
        this.clients = clients;
        this.directory = directory;
    }

    public record CreateClient(@Pattern(regexp = "[a-z0-9][a-z0-9-]{2,62}",
            message = "must be 3 to 63 lower-case letters, digits or hyphens") String clientId) {
    }

    /** The only answer that ever contains a secret. */
    public record IssuedSecret(String clientId, String municipality, String clientSecret) {
    }

    @PostMapping("/municipalities/{key}/clients")
    @HubAccess(roles = HubRoles.PROGRAM_OFFICE)
    public ResponseEntity<IssuedSecret> create(@PathVariable("key") @ValidMunicipalityKey String key,
                                               @RequestBody(required = false) CreateClient request) {
        if (directory.find(key).isEmpty()) {
            throw HubProblem.notFound("municipality", key);
        }
        String clientId = request != null && request.clientId() != null ? request.clientId() : "client-" + key;
        String secret = HubClients.newSecret();
        if (!clients.registerIfAbsent(clientId, secret, key, List.of(HubRole.MUNICIPALITY))) {
            throw HubProblem.conflict("client " + clientId + " exists already");
        }
        return ResponseEntity.created(URI.create("/api/identity/clients/" + clientId))
                .body(new IssuedSecret(clientId, key, secret));
    }

    @PostMapping("/clients/{clientId}/secret")
    @HubAccess(roles = HubRoles.PROGRAM_OFFICE)
    public IssuedSecret rotate(@PathVariable("clientId") String clientId) {
        String secret = HubClients.newSecret();
        String municipality = clients.replaceSecret(clientId, secret)
                .orElseThrow(() -> HubProblem.notFound("client", clientId));
        return new IssuedSecret(clientId, municipality, secret);
    }

    @DeleteMapping("/clients/{clientId}")
    @HubAccess(roles = HubRoles.PROGRAM_OFFICE)
    public ResponseEntity<Void> revoke(@PathVariable("clientId") String clientId) {
        if (!clients.revoke(clientId)) {
            throw HubProblem.notFound("client", clientId);
        }
        return ResponseEntity.noContent().build();
    }
}
