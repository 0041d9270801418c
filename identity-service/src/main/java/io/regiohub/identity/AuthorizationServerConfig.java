package io.regiohub.identity;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.regiohub.identity.client.HubClients;
import io.regiohub.starter.security.HubRoles;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
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
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Spring Authorization Server for the hub's machine clients: the client-credentials grant only,
 * JWT access tokens carrying {@code municipality} and {@code roles}, clients in PostgreSQL with
 * hashed secrets, the JWK set at {@code /oauth2/jwks}.
 */
@Configuration(proxyBeanMethods = false)
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
     * municipalities and onboarding clients take a token of the programme office; nothing else is open.
     */
    @Bean
    @Order(2)
    SecurityFilterChain everythingElse(HttpSecurity http, JWKSource<SecurityContext> jwkSource) throws Exception {
        http.authorizeHttpRequests(a -> a
                        .requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/info",
                                "/actuator/prometheus").permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/identity/municipalities", "/api/identity/municipalities/*")
                        .permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/identity/municipalities",
                                "/api/identity/municipalities/*/clients", "/api/identity/clients/*/secret")
                        .hasRole("PROGRAM_OFFICE")
                        .requestMatchers(HttpMethod.DELETE, "/api/identity/clients/*").hasRole("PROGRAM_OFFICE")
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
                          @Value("${regiohub.identity.token-lifetime:5m}") Duration tokenLifetime) {
        return new HubClients(repository, encoder, tokenLifetime);
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
     * The signing key. Generated at start: tokens live minutes, and a restart only asks clients to
     * fetch a new token. Persisted keys with overlapping rotation come with the key-rotation work.
     */
    @Bean
    JWKSource<SecurityContext> jwkSource() {
        KeyPair pair = rsaKeyPair();
        RSAKey key = new RSAKey.Builder((RSAPublicKey) pair.getPublic())
                .privateKey((RSAPrivateKey) pair.getPrivate())
                .keyID(UUID.randomUUID().toString())
                .build();
        return new ImmutableJWKSet<>(new JWKSet(key));
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
