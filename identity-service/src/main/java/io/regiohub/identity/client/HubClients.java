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
