package io.regiohub.starter.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;

/** The hub's roles, as the token's {@code roles} claim carries them and Spring Security sees them. */
public final class HubRoles {

    public static final String MUNICIPALITY = "MUNICIPALITY";
    public static final String PROGRAM_OFFICE = "PROGRAM_OFFICE";
    public static final String OPS = "OPS";

    private HubRoles() {
    }

    /**
     * What every resource server of the hub shares: JWT bearer tokens with roles from the
     * {@code roles} claim, 401/403 as Problem Details, no sessions, no CSRF (bearer tokens only, no
     * cookies: nothing to forge). {@code decoder} may be null: then Boot's decoder from
     * {@code spring.security.oauth2.resourceserver.jwt.*} is used.
     */
    public static HttpSecurity resourceServer(HttpSecurity http, JwtDecoder decoder) throws Exception {
        return http.oauth2ResourceServer(o -> o
                        .jwt(j -> {
                            j.jwtAuthenticationConverter(authenticationConverter());
                            if (decoder != null) {
                                j.decoder(decoder);
                            }
                        })
                        .authenticationEntryPoint(SecurityProblems::unauthorized)
                        .accessDeniedHandler(SecurityProblems::forbidden))
                .exceptionHandling(e -> e.authenticationEntryPoint(SecurityProblems::unauthorized)
                        .accessDeniedHandler(SecurityProblems::forbidden))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(c -> c.disable());
    }

    /** {@code roles: ["PROGRAM_OFFICE"]} becomes the authority {@code ROLE_PROGRAM_OFFICE}. */
    public static JwtAuthenticationConverter authenticationConverter() {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName("roles");
        roles.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(roles);
        return converter;
    }
}
