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

    /**
     * The caller holds one of {@code roles}; when {@code municipality} is given, a {@code MUNICIPALITY}
     * caller must be that municipality's client, while {@code PROGRAM_OFFICE}, if allowed, acts for any.
     */
    public void requireAccess(String[] roles, String municipality) {
        Caller caller = caller();
        boolean roleAllowed = false;
        for (String role : roles) {
            if (caller.has(role)) {
                roleAllowed = true;
                break;
            }
        }
        if (!roleAllowed) {
            throw new HubProblem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                    "client " + caller.clientId() + " lacks the role for this request (one of "
                            + String.join(", ", roles) + ")", List.of());
        }
        if (municipality == null) {
            return;
        }
        boolean officeAllowed = List.of(roles).contains(HubRoles.PROGRAM_OFFICE) && caller.has(HubRoles.PROGRAM_OFFICE);
        boolean own = caller.has(HubRoles.MUNICIPALITY) && municipality.equals(caller.municipality());
        if (!officeAllowed && !own) {
            throw forbidden(caller, municipality);
        }
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

    /**
     * For published endpoints that also hold rows not everyone may read (a municipality's internal
     * participation): false for an anonymous reader instead of 401.
     */
    public boolean mayReadIfAuthenticated(String municipality) {
        return SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken
                && mayRead(municipality);
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
