package io.regiohub.identity;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code regiohub.identity.*}: token lifetime and the signing keys. Invalid values stop the start.
 *
 * @param keyEncryptionSecret the secret the signing keys' private halves are encrypted with in the
 *                            database (at least {@value #MIN_SECRET_LENGTH} characters, e.g.
 *                            {@code openssl rand -base64 32}); no default outside the profile
 *                            {@code local}; env {@code REGIOHUB_IDENTITY_KEYENCRYPTIONSECRET}
 * @param tokenLifetime       lifetime of the access tokens of newly registered clients
 * @param keyRotation         when signing keys are rotated and how long retired ones stay published
 */
@ConfigurationProperties("regiohub.identity")
public record IdentityProperties(
        String keyEncryptionSecret,
        @DefaultValue("5m") Duration tokenLifetime,
        @DefaultValue KeyRotation keyRotation) {

    public static final int MIN_SECRET_LENGTH = 32;

    public IdentityProperties {
        if (keyEncryptionSecret == null || keyEncryptionSecret.isBlank()) {
            throw new IllegalStateException("regiohub.identity.key-encryption-secret is not set (env "
                    + "REGIOHUB_IDENTITY_KEYENCRYPTIONSECRET): the signing keys are stored encrypted with it; "
                    + "generate one with 'openssl rand -base64 32' and keep it in the secret store");
        }
        if (keyEncryptionSecret.strip().length() < MIN_SECRET_LENGTH) {
            throw new IllegalStateException("regiohub.identity.key-encryption-secret is too short: at least "
                    + MIN_SECRET_LENGTH + " characters (e.g. 'openssl rand -base64 32')");
        }
        requirePositive("regiohub.identity.token-lifetime", tokenLifetime);
    }

    /**
     * @param period        how long a key signs before the scheduled rotation replaces it
     * @param leadTime      how long a new key is published in the JWK set before it signs: longer than
     *                      any resource server caches the JWK set, and than {@code checkInterval}
     * @param clockSkew     margin on top of the token lifetime before a retired key leaves the JWK set
     * @param checkInterval how often each instance reloads the keys from the database and checks
     *                      whether a rotation is due
     */
    public record KeyRotation(
            @DefaultValue("30d") Duration period,
            @DefaultValue("1h") Duration leadTime,
            @DefaultValue("1m") Duration clockSkew,
            @DefaultValue("1m") Duration checkInterval) {

        public KeyRotation {
            requirePositive("regiohub.identity.key-rotation.period", period);
            requirePositive("regiohub.identity.key-rotation.lead-time", leadTime);
            requirePositive("regiohub.identity.key-rotation.check-interval", checkInterval);
            if (clockSkew.isNegative()) {
                throw new IllegalStateException("regiohub.identity.key-rotation.clock-skew must not be negative");
            }
            if (leadTime.compareTo(period) >= 0) {
                throw new IllegalStateException("regiohub.identity.key-rotation.lead-time (" + leadTime
                        + ") must be shorter than the period (" + period + ")");
            }
            if (checkInterval.compareTo(leadTime) >= 0) {
                throw new IllegalStateException("regiohub.identity.key-rotation.check-interval (" + checkInterval
                        + ") must be shorter than the lead-time (" + leadTime
                        + "): every instance must know the next key before it signs");
            }
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalStateException(name + " must be positive, not " + value);
        }
    }

    /** Never prints the secret (records print every component). */
    @Override
    public String toString() {
        return "IdentityProperties[keyEncryptionSecret=<hidden>, tokenLifetime=" + tokenLifetime
                + ", keyRotation=" + keyRotation + "]";
    }
}
