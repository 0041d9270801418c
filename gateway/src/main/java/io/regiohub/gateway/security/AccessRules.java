package io.regiohub.gateway.security;

import java.util.List;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Who may pass the gateway, as one table read top to bottom (first match decides):
 *
 * <ol>
 *   <li>{@code POST /oauth2/token}: anyone (the client authenticates to identity-service);</li>
 *   <li>{@code GET /actuator/health/**}: anyone (probes);</li>
 *   <li>{@code /actuator/**}: an {@code OPS} token;</li>
 *   <li>{@code GET} of the API documentation and of the published content
 *       ({@code regiohub.gateway.public-get}): anyone;</li>
 *   <li>{@code /api/**}: any valid token (roles and ownership are the services' to check);</li>
 *   <li>everything else: no one.</li>
 * </ol>
 *
 * <p>The same decisions Spring Security's {@code authorizeExchange} DSL would make with one path
 * matcher per pattern, taken here in one synchronous pass over precompiled {@link PathPattern}s:
 * the DSL evaluates every matcher as a reactive pipeline of its own, a dozen per request.
 * {@link GatewayGuard} applies the answer: a request that needs a token and has none gets 401, one
 * whose token lacks the role 403.
 */
public final class AccessRules {

    enum Access { ANYONE, AUTHENTICATED, OPS, NO_ONE }

    private record Rule(HttpMethod method, List<PathPattern> patterns, Access access) {
        boolean matches(HttpMethod requestMethod, PathContainer path) {
            if (method != null && !method.equals(requestMethod)) {
                return false;
            }
            for (PathPattern pattern : patterns) {
                if (pattern.matches(path)) {
                    return true;
                }
            }
            return false;
        }
    }

    private final List<Rule> rules;

    public AccessRules(List<String> documentation, List<String> publicGet) {
        this.rules = List.of(
                rule(HttpMethod.POST, List.of("/oauth2/token"), Access.ANYONE),
                rule(HttpMethod.GET, List.of("/actuator/health", "/actuator/health/**"), Access.ANYONE),
                rule(null, List.of("/actuator/**"), Access.OPS),
                rule(HttpMethod.GET, documentation, Access.ANYONE),
                rule(HttpMethod.GET, publicGet, Access.ANYONE),
                rule(null, List.of("/api/**"), Access.AUTHENTICATED));
    }

    private static Rule rule(HttpMethod method, List<String> patterns, Access access) {
        return new Rule(method, patterns.stream().map(PathPatternParser.defaultInstance::parse).toList(), access);
    }

    /** The access the request's method and path need. */
    Access required(ServerHttpRequest request) {
        PathContainer path = request.getPath().pathWithinApplication();
        for (Rule rule : rules) {
            if (rule.matches(request.getMethod(), path)) {
                return rule.access();
            }
        }
        return Access.NO_ONE;
    }

    /** Whether the caller's token carries the role ({@code ROLE_OPS} for the {@code roles: ["OPS"]} claim). */
    static boolean hasRole(Authentication caller, String role) {
        for (GrantedAuthority authority : caller.getAuthorities()) {
            if (role.equals(authority.getAuthority())) {
                return true;
            }
        }
        return false;
    }
}
