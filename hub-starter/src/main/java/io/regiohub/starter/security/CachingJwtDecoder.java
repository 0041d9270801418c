package io.regiohub.starter.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * A {@link JwtDecoder} that remembers the tokens it has validated until they expire, as the
 * gateway's token cache does: a portal sends the same token with every request for its lifetime
 * (5 minutes), and verifying its RSA signature and parsing its JSON again each time was about a
 * tenth of a service's CPU per request (JFR, participation-service under 1,200 supports/s).
 *
 * <p>What is cached is only a successful validation by the delegate (signature, issuer, time
 * claims); a cached token is handed out only while {@code exp} lies ahead (no clock skew added, so
 * never longer than the delegate would accept it), and failures are never cached. Tokens are
 * stateless: a revoked client's tokens end with their lifetime, with or without this cache.
 */
public final class CachingJwtDecoder implements JwtDecoder {

    private final JwtDecoder delegate;
    private final Cache<String, Jwt> validated;
    private final Clock clock;

    public CachingJwtDecoder(JwtDecoder delegate, long maximumSize, Clock clock) {
        this.delegate = delegate;
        this.clock = clock;
        // as the gateway's TokenCache: each entry leaves at its token's exp
        this.validated = Caffeine.newBuilder().maximumSize(maximumSize).executor(Runnable::run)
                .expireAfter(Expiry.writing((String token, Jwt jwt) -> untilExpiry(jwt)))
                .build();
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Instant now = clock.instant();
        Jwt cached = validated.getIfPresent(token);
        if (cached != null) {
            if (cached.getExpiresAt() != null && now.isBefore(cached.getExpiresAt())) {
                return cached;
            }
            validated.invalidate(token);
        }
        Jwt jwt = delegate.decode(token);
        if (jwt.getExpiresAt() != null && now.isBefore(jwt.getExpiresAt())) {
            validated.put(token, jwt);
        }
        return jwt;
    }

    private Duration untilExpiry(Jwt jwt) {
        Instant expiresAt = jwt.getExpiresAt();
        Instant now = clock.instant();
        return expiresAt == null || !expiresAt.isAfter(now) ? Duration.ZERO : Duration.between(now, expiresAt);
    }
}
