package io.regiohub.starter.security;

import io.regiohub.starter.web.HubProblem;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Ownership checks of the services (defence in depth behind the gateway): a {@code MUNICIPALITY}
 * client acts only on rows of its own municipality; the programme office reads every tenant.
 */
public class TenantAccess {

    /** The caller as its token describes it. */
    public record Caller(String clientId, String municipality, List<String> roles) {
        public boolean has(String role) {
            return roles.contains(role);
        }
    }

    public Caller caller() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth instanceof JwtAuthenticationToken jwt) {
            List<String> roles = jwt.getToken().getClaimAsStringList("roles");
            return new Caller(jwt.getName(), jwt.getToken().getClaimAsString("municipality"),
                    roles == null ? List.of() : roles);
        }
        throw new HubProblem(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
                "A valid bearer token is required", List.of());
    }

    /** Writing a tenant's data: only that municipality's own client. */
    public void requireOwnMunicipality(String municipality) {
        Caller caller = caller();
        if (!(caller.has(HubRoles.MUNICIPALITY) && municipality.equals(caller.municipality()))) {
            throw forbidden(caller, municipality);
        }
    }

    /** Reading a tenant's data: that municipality's own client, or the programme office. */
    public void requireReadAccess(String municipality) {
        if (!mayRead(municipality)) {
            throw forbidden(caller(), municipality);
        }
    }

    public boolean mayRead(String municipality) {
        Caller caller = caller();
        return caller.has(HubRoles.PROGRAM_OFFICE)
                || (caller.has(HubRoles.MUNICIPALITY) && municipality.equals(caller.municipality()));
    }

    private static HubProblem forbidden(Caller caller, String municipality) {
        return new HubProblem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                "client " + caller.clientId() + " may not act for municipality " + municipality, List.of());
    }
}
