package io.regiohub.gateway.security;

import io.regiohub.gateway.GatewaySettings;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * The gateway's first line of defence ({@link GatewayGuard}): a valid token of identity-service for
 * everything except the published content ({@code regiohub.gateway.public-get}), the token endpoint,
 * the API documentation and the gateway's health. Roles and ownership are the services' to check (they
 * validate the token again); the gateway only refuses what no service would accept. Actuator
 * endpoints beyond health need an {@code OPS} token; the services' actuators are never routed.
 */
@Configuration(proxyBeanMethods = false)
public class GatewaySecurity {

    /** The API documentation (aggregated Swagger UI) is public: it describes the API, it holds no data. */
    static final String[] DOCUMENTATION = {"/v3/api-docs/**", "/gateway/api-docs/**", "/swagger-ui.html",
            "/swagger-ui/**", "/webjars/**"};

    @Bean
    GatewayGuard gatewayGuard(GatewaySettings settings, TokenCache tokens,
                              ObjectProvider<UnknownTokenLimit> unknownTokens) {
        return new GatewayGuard(HeaderCharacters.firewall(), new AccessRules(List.of(DOCUMENTATION),
                settings.publicGet()), tokens, cors(settings.cors()),
                unknownTokens.getIfAvailable(() -> UnknownTokenLimit.NONE)); // none when rate limits are off
    }

    /**
     * identity-service's keys from its JWK set (fetched, cached and refreshed by Nimbus when an unknown
     * key id appears, so key rotation needs no restart), the issuer and the timestamps checked, roles
     * from the {@code roles} claim, and every valid token's authentication remembered until it expires.
     */
    @Bean
    TokenCache tokenCache(
            @Value("${spring.security.oauth2.resourceserver.jwt.jwk-set-uri}") String jwkSetUri,
            @Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri}") String issuer,
            @Value("${regiohub.gateway.token-cache-size:100000}") long cacheSize,
            @Value("${regiohub.gateway.clock-skew:10s}") Duration clockSkew) {
        NimbusReactiveJwtDecoder nimbus = NimbusReactiveJwtDecoder.withJwkSetUri(jwkSetUri).build();
        // Spring's default tolerates 60 s past exp; the hub's clocks are synchronised, and a revoked
        // client's tokens should end close to their lifetime
        nimbus.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(clockSkew),
                new JwtIssuerValidator(issuer)));
        JwtReactiveAuthenticationManager jwt = new JwtReactiveAuthenticationManager(nimbus);
        jwt.setJwtAuthenticationConverter(new ReactiveJwtAuthenticationConverterAdapter(rolesFromClaim()));
        return new TokenCache(jwt, cacheSize, Clock.systemUTC());
    }

    /** {@code roles: ["OPS"]} becomes {@code ROLE_OPS}, as in the services. */
    static JwtAuthenticationConverter rolesFromClaim() {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName("roles");
        roles.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(roles);
        return converter;
    }

    /** Null when no origin is allowed: cross-origin requests get no CORS headers, browsers refuse them. */
    static CorsConfigurationSource cors(GatewaySettings.Cors settings) {
        if (settings.allowedOriginPatterns().isEmpty()) {
            return null;
        }
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        CorsConfiguration api = new CorsConfiguration();
        api.setAllowedOriginPatterns(settings.allowedOriginPatterns());
        api.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE"));
        api.setAllowedHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key", "X-Correlation-Id",
                "If-None-Match"));
        api.setExposedHeaders(List.of("Location", "Retry-After", "X-Correlation-Id", "X-RateLimit-Remaining", "ETag"));
        api.setAllowCredentials(false); // bearer tokens travel in a header, never as cookies
        api.setMaxAge(settings.maxAge());
        source.registerCorsConfiguration("/api/**", api);
        source.registerCorsConfiguration("/oauth2/token", api);
        return source;
    }
}
