package io.regiohub.starter.security;

import io.regiohub.events.MunicipalityKey;
import io.regiohub.starter.web.HubProblem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Enforces {@link HubAccess} before argument resolution: a caller without the role, or acting for
 * another municipality, gets 403 Problem Details whatever it sent, and learns nothing from validation
 * messages about the resource it may not touch.
 */
public class HubAccessInterceptor implements HandlerInterceptor {

    private final TenantAccess tenants;

    public HubAccessInterceptor(TenantAccess tenants) {
        this.tenants = tenants;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)) {
            return true;
        }
        HubAccess access = method.getMethodAnnotation(HubAccess.class);
        if (access == null || access.roles().length == 0) {
            return true;
        }
        String municipality = null;
        if (!access.tenant().isEmpty()) {
            @SuppressWarnings("unchecked")
            Map<String, String> variables =
                    (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
            municipality = variables == null ? null : variables.get(access.tenant());
            if (municipality == null) {
                throw new IllegalStateException(method + " names tenant path variable '" + access.tenant()
                        + "', which its mapping does not have");
            }
        }
        if (municipality != null && !MunicipalityKey.isValid(municipality)) {
            // a malformed key names nobody's data: say what is wrong with it, as validation would
            throw HubProblem.invalidField(access.tenant(), MunicipalityKey.problemWith(municipality));
        }
        tenants.requireAccess(access.roles(), municipality);
        return true;
    }
}
