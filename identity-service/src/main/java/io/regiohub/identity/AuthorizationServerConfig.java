package io.regiohub.identity;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.regiohub.identity.client.HubClients;
import io.regiohub.identity.keys.SigningKeys;
import io.regiohub.starter.security.HubRoles;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Spring Authorization Server for the hub's machine clients: the client-credentials grant only,
 * JWT access tokens carrying {@code municipality} and {@code roles}, clients in PostgreSQL with
 * hashed secrets, the JWK set at {@code /oauth2/jwks} of the persisted, rotating signing keys
 * ({@link SigningKeys}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IdentityProperties.class)
public class AuthorizationServerConfig {

    /** The token endpoint, JWK set and metadata; clients authenticate with their id and secret. */
    @Bean
    @Order(1)
    SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
        http.oauth2AuthorizationServer(server -> http.securityMatcher(server.getEndpointsMatcher()))
                .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(c -> c.disable()); // machine clients, no browser sessions: nothing to forge
        return http.build();
    }

    /**
     * Everything else: health for operations and the directory are public reading; registering
     * municipalities and onboarding clients take a token of the programme office; the signing keys
     * (list, rotate) a token of operations; nothing else is open.
     */
    @Bean
    @Order(2)
    SecurityFilterChain everythingElse(HttpSecurity http, JWKSource<SecurityContext> jwkSource) throws Exception {
        http.authorizeHttpRequests(a -> a
                        .requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/info",
                                "/actuator/prometheus").permitAll()
                        .requestMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/identity/municipalities", "/api/identity/municipalities/*")
                        .permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/identity/municipalities",
                                "/api/identity/municipalities/*/clients", "/api/identity/clients/*/secret")
                        .hasRole("PROGRAM_OFFICE")
                        .requestMatchers(HttpMethod.DELETE, "/api/identity/clients/*").hasRole("PROGRAM_OFFICE")
                        .requestMatchers(HttpMethod.GET, "/api/identity/keys").hasRole(HubRoles.OPS)
                        .requestMatchers(HttpMethod.POST, "/api/identity/keys/rotate").hasRole(HubRoles.OPS)
                        .requestMatchers("/error").permitAll()
                        .anyRequest().denyAll());
        HubRoles.resourceServer(http, NimbusJwtDecoder.withJwkSource(jwkSource).build());
        return http.build();
    }

    @Bean
    RegisteredClientRepository registeredClientRepository(JdbcTemplate jdbc) {
        return new JdbcRegisteredClientRepository(jdbc);
    }

    /** {@code {bcrypt}} hashes; the raw secret is never stored. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    HubClients hubClients(RegisteredClientRepository repository, PasswordEncoder encoder,
                          IdentityProperties properties) {
        return new HubClients(repository, encoder, properties.tokenLifetime());
    }

    /** Copies the client's tenant and roles into its access token. */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> hubClaims() {
        return context -> {
            var settings = context.getRegisteredClient().getClientSettings();
            String municipality = settings.getSetting(HubClients.MUNICIPALITY_SETTING);
            String roles = settings.getSetting(HubClients.ROLES_SETTING);
            if (municipality != null && !municipality.isEmpty()) {
                context.getClaims().claim("municipality", municipality);
            }
            List<String> roleList = roles == null || roles.isEmpty() ? List.of() : Arrays.asList(roles.split(","));
            context.getClaims().claim("roles", roleList);
        };
    }

    /**
     * The JWK set at {@code /oauth2/jwks} and this service's own token validation: the public keys
     * of the signing key, the next (pre-published) key and the retired keys whose tokens may still
     * be valid.
     */
    @Bean
    JWKSource<SecurityContext> jwkSource(SigningKeys keys) {
        return keys.publishedKeySource();
    }

    /**
     * Signs the tokens with the one key that signs now. Spring Authorization Server takes this
     * encoder instead of building one on {@link #jwkSource}, whose several RSA keys would all match
     * the encoder's key selection (key type, {@code use}, {@code alg}) and make it refuse to sign.
     */
    @Bean
    JwtEncoder jwtEncoder(SigningKeys keys) {
        return new NimbusJwtEncoder(keys.signingKeySource());
    }
}
