package io.regiohub.identity.directory;

import io.regiohub.starter.security.HubAccess;
import io.regiohub.starter.security.HubRoles;
import io.regiohub.starter.web.HubProblem;
import io.regiohub.starter.web.ValidMunicipalityKey;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The municipality directory: published for reading, registered by the programme office. */
@RestController
@RequestMapping("/api/identity/municipalities")
public class DirectoryController {

    private final DirectoryService directory;

    public DirectoryController(DirectoryService directory) {
        this.directory = directory;
    }

    @GetMapping
    @HubAccess(published = true)
    public List<Municipality> all() {
        return directory.all();
    }

    @GetMapping("/{key}")
    @HubAccess(published = true)
    public Municipality one(@PathVariable("key") @ValidMunicipalityKey String key) {
        return directory.find(key).orElseThrow(() -> HubProblem.notFound("municipality", key));
    }

    @PostMapping
    @HubAccess(roles = HubRoles.PROGRAM_OFFICE)
    public ResponseEntity<Municipality> register(@Valid @RequestBody RegisterMunicipality request) {
        Municipality m = directory.register(request);
        return ResponseEntity.created(URI.create("/api/identity/municipalities/" + m.key())).body(m);
    }
}
