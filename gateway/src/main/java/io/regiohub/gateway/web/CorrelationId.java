package io.regiohub.gateway.web;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Every request gets a correlation id: the caller's {@code X-Correlation-Id} when it is a sane token
 * (letters, digits, {@code . _ -}, at most 64), otherwise a new UUID. It goes to the service with the
 * request (which logs it), back to the caller on the response, and into every Problem Details body,
 * so one id follows a request through the gateway, the service and the events it causes.
 *
 * <p>The id reaches the service through {@link ToService}, a header filter of the proxied request,
 * rather than by mutating the exchange (which copies the request and its headers once more). The
 * services echo it ({@code hub-starter}'s {@code CorrelationIdFilter}); {@link FromService} drops that
 * echo, since the gateway's response carries the id already and Spring Cloud Gateway adds the service's
 * headers to it: the caller would get the header twice.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class CorrelationId implements WebFilter {

    public static final String HEADER = "X-Correlation-Id";
    private static final String ATTRIBUTE = CorrelationId.class.getName();

    public static String of(ServerWebExchange exchange) {
        return exchange.getAttribute(ATTRIBUTE);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String given = exchange.getRequest().getHeaders().getFirst(HEADER);
        String id = sane(given) ? given : newId();
        exchange.getAttributes().put(ATTRIBUTE, id);
        exchange.getResponse().getHeaders().set(HEADER, id);
        return chain.filter(exchange);
    }

    /** Letters, digits, {@code . _ -}; 1 to 64 of them. */
    static boolean sane(String id) {
        if (id == null || id.isEmpty() || id.length() > 64) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
                    || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /**
     * A random (version 4) UUID from the thread's own generator: a correlation id must be unique, not
     * unguessable, and {@code UUID.randomUUID()} would draw on the shared {@code SecureRandom} for
     * every request.
     */
    static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
        return new UUID(high, low).toString();
    }

    /** Sets the request's correlation id on the request that goes to the service. */
    @Component
    public static class ToService implements HttpHeadersFilter, Ordered {

        @Override
        public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
            String id = of(exchange);
            if (id == null || id.equals(input.getFirst(HEADER))) {
                return input;
            }
            HttpHeaders withId = new HttpHeaders();
            withId.putAll(input);
            withId.set(HEADER, id);
            return withId;
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE; // after the gateway's own header filters
        }
    }

    /** Drops the service's echo of the id from its response: the gateway's response has it already. */
    @Component
    public static class FromService implements HttpHeadersFilter, Ordered {

        @Override
        public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
            if (!input.containsHeader(HEADER)) {
                return input;
            }
            HttpHeaders withoutId = new HttpHeaders();
            withoutId.putAll(input);
            withoutId.remove(HEADER);
            return withoutId;
        }

        @Override
        public boolean supports(Type type) {
            return type == Type.RESPONSE;
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
