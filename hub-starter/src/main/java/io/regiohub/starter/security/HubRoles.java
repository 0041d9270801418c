package io.regiohub.starter.security;

import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;

/** The hub's roles, as the token's {@code roles} claim carries them and Spring Security sees them. */
public final class HubRoles {

    public static final String MUNICIPALITY = "MUNICIPALITY";
    public static final String PROGRAM_OFFICE = "PROGRAM_OFFICE";
    public static final String OPS = "OPS";

    private HubRoles() {
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
