package io.regiohub.gateway.security;

import io.regiohub.gateway.GatewaySettings;
import io.regiohub.gateway.web.GatewayProblems;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import reactor.core.publisher.Mono;

/**
 * The gateway's first line of defence: a valid token of identity-service for everything except the
 * published content ({@code regiohub.gateway.public-get}), the token endpoint, the API documentation
 * and the gateway's health. Roles and ownership are the services' to check (they validate the token
 * again); the gateway only refuses what no service would accept. Actuator endpoints beyond health
 * need an {@code OPS} token; the services' actuators are never routed.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
public class GatewaySecurity {

    /** The API documentation (aggregated Swagger UI) is public: it describes the API, it holds no data. */
    static final String[] DOCUMENTATION = {"/v3/api-docs/**", "/gateway/api-docs/**", "/swagger-ui.html",
            "/swagger-ui/**", "/webjars/**"};

    @Bean
    SecurityWebFilterChain gatewayFilterChain(ServerHttpSecurity http, GatewaySettings settings,
                                           ReactiveAuthenticationManager tokens) {
        http.authorizeExchange(a -> a.anyExchange().access(
                        new AccessRules(List.of(DOCUMENTATION), settings.publicGet())))
                .oauth2ResourceServer(o -> o
                        .bearerTokenConverter(new BearerTokens())
                        .jwt(j -> j.authenticationManager(tokens))
                        .authenticationEntryPoint((exchange, e) -> unauthorized(exchange))
                        .accessDeniedHandler((exchange, e) -> forbidden(exchange)))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((exchange, ex) -> unauthorized(exchange))
                        .accessDeniedHandler((exchange, ex) -> forbidden(exchange)))
                .cors(c -> c.configurationSource(cors(settings.cors())))
                .headers(h -> h
                        .contentSecurityPolicy(csp -> csp.policyDirectives(
                                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                                        + "frame-ancestors 'none'; form-action 'none'"))
                        .referrerPolicy(r -> r.policy(ReferrerPolicy.NO_REFERRER)))
                .csrf(ServerHttpSecurity.CsrfSpec::disable) // bearer tokens only, no cookies: nothing to forge
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable);
        return http.build();
    }

    /**
     * identity-service's keys from its JWK set (fetched, cached and refreshed by Nimbus when an unknown
     * key id appears, so key rotation needs no restart), the issuer and the timestamps checked, roles
     * from the {@code roles} claim, and every valid token's authentication remembered until it expires.
     */
    @Bean
    ReactiveAuthenticationManager tokenAuthentication(
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
        return new CachingAuthenticationManager(jwt, cacheSize, Clock.systemUTC());
    }

    /** Spring Security's strict firewall, with header checks that need no regular expressions. */
    @Bean
    ServerWebExchangeFirewall firewall() {
        return HeaderCharacters.firewall();
    }

    /**
     * Spring Security would observe every one of its filters and every authorization decision per
     * request; measured under load (JFR) that was the gateway's largest single cost. Routed requests
     * keep their per-route timers ({@code spring.cloud.gateway.requests}); the gateway's own 401 and
     * 403 answers are not timed.
     */
    @Bean
    SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
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

    static CorsConfigurationSource cors(GatewaySettings.Cors settings) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (settings.allowedOriginPatterns().isEmpty()) {
            return source; // no configuration: cross-origin requests get no CORS headers, browsers refuse them
        }
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

    private static Mono<Void> unauthorized(org.springframework.web.server.ServerWebExchange exchange) {
        exchange.getResponse().getHeaders().set("WWW-Authenticate", "Bearer");
        return GatewayProblems.write(exchange, HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
                "A valid bearer token is required");
    }

    private static Mono<Void> forbidden(org.springframework.web.server.ServerWebExchange exchange) {
        return GatewayProblems.write(exchange, HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                "The token's role does not allow this request");
    }
}
