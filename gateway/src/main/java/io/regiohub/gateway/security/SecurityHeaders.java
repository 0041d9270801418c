package io.regiohub.gateway.security;

import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The response headers Spring Security's defaults would write, with the hub's content security and
 * referrer policies, written just before the response is committed and only where the response has
 * none of its own: a service's own header wins, and a response that sets its caching (departure boards,
 * {@code Cache-Control: public, max-age=5}) keeps it. {@code Strict-Transport-Security} only over HTTPS,
 * as Spring Security does.
 */
final class SecurityHeaders {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; "
            + "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'none'";

    private static final Map<String, String> ALWAYS = Map.of(
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "X-XSS-Protection", "0",
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            "Referrer-Policy", "no-referrer");

    private SecurityHeaders() {
    }

    /** Registers the headers to be written when {@code exchange}'s response commits. */
    static void writeOnCommit(ServerWebExchange exchange) {
        ServerHttpResponse response = exchange.getResponse();
        response.beforeCommit(() -> {
            write(response.getHeaders(), response.getStatusCode() == HttpStatus.NOT_MODIFIED,
                    "https".equals(exchange.getRequest().getURI().getScheme()));
            return Mono.empty();
        });
    }

    static void write(HttpHeaders headers, boolean notModified, boolean secure) {
        ALWAYS.forEach((name, value) -> {
            if (!headers.containsHeader(name)) {
                headers.set(name, value);
            }
        });
        // a response that says how it may be cached is left alone; anything else must not be stored
        if (!notModified && !headers.containsHeader(HttpHeaders.CACHE_CONTROL)
                && !headers.containsHeader(HttpHeaders.PRAGMA) && !headers.containsHeader(HttpHeaders.EXPIRES)) {
            headers.set(HttpHeaders.CACHE_CONTROL, "no-cache, no-store, max-age=0, must-revalidate");
            headers.set(HttpHeaders.PRAGMA, "no-cache");
            headers.set(HttpHeaders.EXPIRES, "0");
        }
        if (secure && !headers.containsHeader("Strict-Transport-Security")) {
            headers.set("Strict-Transport-Security", "max-age=31536000 ; includeSubDomains");
        }
    }
}
