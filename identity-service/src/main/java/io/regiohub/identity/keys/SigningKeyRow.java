package io.regiohub.identity.keys;

import java.time.Instant;

/**
 * A row of {@code signing_key}.
 *
 * @param publicJwk     the public key as a JWK (JSON), with kid, {@code use: sig} and {@code alg: RS256}
 * @param privateKeyJwe the private key, encrypted by {@link KeyEncryption}
 * @param retiresAt     null while no successor is scheduled
 */
public record SigningKeyRow(String kid, String publicJwk, String privateKeyJwe, Instant createdAt,
                            Instant activatesAt, Instant retiresAt) {
}
