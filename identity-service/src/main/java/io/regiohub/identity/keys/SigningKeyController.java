package io.regiohub.identity.keys;

import io.regiohub.starter.security.HubAccess;
import io.regiohub.starter.security.HubRoles;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The token signing keys for operations (role {@code OPS}): list them, and rotate on demand, e.g.
 * when a key may have leaked or before the schedule. A requested rotation, like the scheduled one,
 * publishes the new key first and lets it sign after the lead time, so no token fails validation.
 */
@RestController
@RequestMapping("/api/identity/keys")
public class SigningKeyController {

    private static final Logger log = LoggerFactory.getLogger(SigningKeyController.class);

    private final SigningKeys keys;

    public SigningKeyController(SigningKeys keys) {
        this.keys = keys;
    }

    /** Every stored key with its state (no key material). */
    @GetMapping
    @HubAccess(roles = HubRoles.OPS)
    public List<SigningKeys.KeyView> list() {
        return keys.keys();
    }

    /** 201 with the new next key, or 200 with the one scheduled already. */
    @PostMapping("/rotate")
    @HubAccess(roles = HubRoles.OPS)
    public ResponseEntity<SigningKeys.Rotation> rotate(Authentication caller) {
        SigningKeys.Rotation rotation = keys.rotate();
        log.info("Signing key rotation requested by {}: {} signs from {}{}", caller.getName(), rotation.next().kid(),
                rotation.next().activatesAt(), rotation.created() ? "" : " (scheduled already)");
        return ResponseEntity.status(rotation.created() ? HttpStatus.CREATED : HttpStatus.OK).body(rotation);
    }
}
