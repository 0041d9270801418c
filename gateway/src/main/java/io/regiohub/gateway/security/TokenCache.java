package io.regiohub.gateway.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import reactor.core.publisher.Mono;

/**
 * Validates bearer tokens with Spring Security's JWT authentication manager (signature against
 * identity-service's keys, issuer, timestamps, roles) and remembers the caller of every token that
 * passed validation until the token expires, so a client's later requests cost one map lookup instead of an RSA signature check and a claims
 * conversion. Only valid tokens are cached, and never past their {@code exp}: a revoked client's
 * tokens keep working at most until they expire, which is why identity-service keeps lifetimes short.
 */
public final class TokenCache {

    private final ReactiveAuthenticationManager delegate;
    private final Clock clock;
    private final Cache<String, JwtAuthenticationToken> valid;

    public TokenCache(ReactiveAuthenticationManager delegate, long maximumSize, Clock clock) {
        this.delegate = delegate;
        this.clock = clock;
        this.valid = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                // gone at the token's exp; a read does not extend it
                .expireAfter(Expiry.writing((String token, JwtAuthenticationToken auth) -> untilExpiry(auth)))
                .build();
    }

    private Duration untilExpiry(JwtAuthenticationToken auth) {
        Instant expiresAt = auth.getToken().getExpiresAt();
        Instant now = clock.instant();
        return expiresAt == null || !expiresAt.isAfter(now) ? Duration.ZERO : Duration.between(now, expiresAt);
    }

    /** The remembered caller of a token that passed validation and has not expired; null otherwise. */
    public JwtAuthenticationToken cached(String token) {
        JwtAuthenticationToken known = valid.getIfPresent(token);
        Instant expiresAt = known == null ? null : known.getToken().getExpiresAt();
        return expiresAt != null && expiresAt.isAfter(clock.instant()) ? known : null;
    }

    /**
     * Validates a token that is not remembered; the caller, or an {@code AuthenticationException}
     * ({@code AuthenticationServiceException} when identity-service's keys cannot be fetched).
     */
    public Mono<JwtAuthenticationToken> validate(String token) {
        return delegate.authenticate(new BearerTokenAuthenticationToken(token))
                // Nimbus reports keys it cannot fetch (identity-service down, a key id it has never seen
                // while the JWK set is unreachable) as IllegalStateException, which the manager passes on
                .onErrorMap(e -> !(e instanceof AuthenticationException),
                        e -> new AuthenticationServiceException("The signing keys cannot be fetched", e))
                .cast(JwtAuthenticationToken.class)
                .doOnNext(caller -> valid.put(token, caller));
    }
}
