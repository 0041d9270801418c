package io.regiohub.gateway.security;

import java.util.function.Supplier;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * What the gateway may spend on a bearer token it has not validated yet. Checking a signature is the
 * dearest work a caller without a valid token can make the gateway do, and such a caller never reaches
 * a client's rate limit: a forged or expired token is refused with 401 before any bucket is asked. The
 * rate limit ({@code RateLimitFilter}) charges each such check to the caller's address, in a bucket of its
 * own ({@code regiohub.gateway.rate-limit.token-checks}); a valid token is checked once and then found in
 * the {@link TokenCache}.
 */
@FunctionalInterface
public interface UnknownTokenLimit {

    /** Every token is checked (rate limits turned off). */
    UnknownTokenLimit NONE = (exchange, check) -> check.get();

    /** {@code check} when the caller may have a token checked now; otherwise the refusal (429 Problem Details). */
    Mono<Void> check(ServerWebExchange exchange, Supplier<Mono<Void>> check);
}
