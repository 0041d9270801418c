package io.regiohub.starter.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

class CachingJwtDecoderTest {

    private Instant now = Instant.parse("2026-11-26T10:00:00Z");
    private final AtomicInteger validations = new AtomicInteger();

    /** Plays Nimbus: "good-…" tokens are valid for 5 minutes from now, anything else is refused. */
    private final JwtDecoder delegate = token -> {
        validations.incrementAndGet();
        if (!token.startsWith("good")) {
            throw new BadJwtException("bad signature");
        }
        if (token.equals("good-expired")) {
            throw new BadJwtException("expired");
        }
        return Jwt.withTokenValue(token).header("alg", "RS256").claim("municipality", "06412000")
                .issuedAt(now).expiresAt(now.plus(Duration.ofMinutes(5))).build();
    };

    private final CachingJwtDecoder decoder = new CachingJwtDecoder(delegate, 100, new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    });

    @Test
    void aValidTokenIsValidatedOnceForItsLifetimeAndAgainAfterIt() {
        Jwt first = decoder.decode("good-1");
        assertThat(decoder.decode("good-1")).isSameAs(first);
        now = now.plus(Duration.ofMinutes(4));
        assertThat(decoder.decode("good-1")).isSameAs(first);
        assertThat(validations).hasValue(1);

        now = now.plus(Duration.ofMinutes(1)); // its exp: the delegate judges again (here: a new token)
        assertThat(decoder.decode("good-1")).isNotSameAs(first);
        assertThat(validations).hasValue(2);
    }

    @Test
    void refusalsAreNeverCached() {
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> decoder.decode("forged")).isInstanceOf(BadJwtException.class);
            assertThatThrownBy(() -> decoder.decode("good-expired")).isInstanceOf(BadJwtException.class);
        }
        assertThat(validations).hasValue(6);
    }
}
