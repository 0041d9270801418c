package io.regiohub.identity.client;

import io.regiohub.events.MunicipalityKey;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * Registers the hub's machine clients in Spring Authorization Server's repository: client
 * credentials only, the secret stored as a hash, the tenant and roles kept in the client settings
 * from where the token customizer copies them into every access token.
 */
public class HubClients {

    public static final String MUNICIPALITY_SETTING = "regiohub.municipality";
    public static final String ROLES_SETTING = "regiohub.roles";

    private final RegisteredClientRepository repository;
    private final PasswordEncoder encoder;
    private final Duration tokenLifetime;

    public HubClients(RegisteredClientRepository repository, PasswordEncoder encoder, Duration tokenLifetime) {
        this.repository = repository;
        this.encoder = encoder;
        this.tokenLifetime = tokenLifetime;
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** A new client secret: 256 random bits, URL-safe. */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Replaces a client's secret (the old one stops working at once) and lifts a revocation.
     *
     * @return the client's municipality, or empty if there is no such client
     */
    public java.util.Optional<String> replaceSecret(String clientId, String rawSecret) {
        RegisteredClient existing = repository.findByClientId(clientId);
        if (existing == null) {
            return java.util.Optional.empty();
        }
        repository.save(RegisteredClient.from(existing)
                .clientSecret(encoder.encode(rawSecret))
                .clientSecretExpiresAt(null)
                .build());
        return java.util.Optional.of(existing.getClientSettings().<String>getSetting(MUNICIPALITY_SETTING));
    }

    /**
     * Revokes a client: its secret expires now, so no new token is issued; tokens already issued
     * end with their (short) lifetime.
     */
    public boolean revoke(String clientId) {
        RegisteredClient existing = repository.findByClientId(clientId);
        if (existing == null) {
            return false;
        }
        repository.save(RegisteredClient.from(existing)
                .clientSecret(encoder.encode(newSecret()))
                .clientSecretExpiresAt(java.time.Instant.now().minusSeconds(1))
                .build());
        return true;
    }

    /** Registers a client unless one with this id exists; the raw secret is hashed and forgotten. */
    public boolean registerIfAbsent(String clientId, String rawSecret, String municipality, List<HubRole> roles) {
        if (repository.findByClientId(clientId) != null) {
            return false;
        }
        if (municipality != null) {
            MunicipalityKey.of(municipality);
        }
        RegisteredClient client = RegisteredClient.withId(UUID.randomUUID().toString())
                .clientId(clientId)
                .clientName(clientId)
                .clientSecret(encoder.encode(rawSecret))
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .scope("hub")
                .clientSettings(ClientSettings.builder()
                        .setting(MUNICIPALITY_SETTING, municipality == null ? "" : municipality)
                        .setting(ROLES_SETTING, String.join(",", roles.stream().map(Enum::name).toList()))
                        .build())
                .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(tokenLifetime).build())
                .build();
        repository.save(client);
        return true;
    }
}
