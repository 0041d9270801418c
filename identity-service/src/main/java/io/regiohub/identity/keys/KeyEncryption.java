package io.regiohub.identity.keys;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import com.nimbusds.jose.jwk.RSAKey;
import io.regiohub.identity.IdentityProperties;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.text.ParseException;
import java.util.Arrays;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts the private half of a signing key for the database: its PKCS#8 encoding as the payload
 * of a JWE (RFC 7516, {@code alg dir}, {@code enc A256GCM}: AES-256-GCM with a random IV per key,
 * done by Nimbus JOSE) whose authenticated header carries the key's {@code kid}, so a ciphertext
 * copied onto another row does not decrypt there. The AES key is derived from
 * {@code regiohub.identity.key-encryption-secret} with PBKDF2-HMAC-SHA256 once at start.
 */
public final class KeyEncryption {

    /** Fixed, not secret: separates this use of the secret from any other (the secret itself is high-entropy). */
    private static final byte[] SALT = "regiohub.identity/signing-key-encryption/v1".getBytes(StandardCharsets.UTF_8);
    private static final int ITERATIONS = 600_000;

    private final SecretKey key;

    public KeyEncryption(String secret) {
        if (secret == null || secret.strip().length() < IdentityProperties.MIN_SECRET_LENGTH) {
            throw new IllegalStateException("the key-encryption secret must have at least "
                    + IdentityProperties.MIN_SECRET_LENGTH + " characters");
        }
        PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), SALT, ITERATIONS, 256);
        try {
            byte[] derived = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            key = new SecretKeySpec(derived, "AES");
            Arrays.fill(derived, (byte) 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive the key-encryption key", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** The private half of {@code key} (which must carry one), encrypted and bound to its kid. */
    public String encrypt(RSAKey key) {
        byte[] pkcs8;
        try {
            pkcs8 = key.toRSAPrivateKey().getEncoded();
        } catch (JOSEException e) {
            throw new IllegalArgumentException("not a private RSA key: " + key.getKeyID(), e);
        }
        JWEObject jwe = new JWEObject(new JWEHeader.Builder(JWEAlgorithm.DIR, EncryptionMethod.A256GCM)
                .keyID(key.getKeyID()).build(), new Payload(pkcs8));
        try {
            jwe.encrypt(new DirectEncrypter(this.key));
            return jwe.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot encrypt signing key " + key.getKeyID(), e);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    /**
     * The full signing key: {@code publicKey} with the private half decrypted from {@code encrypted}.
     *
     * @throws IllegalStateException if it does not decrypt (another secret, a tampered or moved row)
     */
    public RSAKey decrypt(RSAKey publicKey, String encrypted) {
        String kid = publicKey.getKeyID();
        byte[] pkcs8 = null;
        try {
            JWEObject jwe = JWEObject.parse(encrypted);
            if (!JWEAlgorithm.DIR.equals(jwe.getHeader().getAlgorithm())
                    || !EncryptionMethod.A256GCM.equals(jwe.getHeader().getEncryptionMethod())
                    || !kid.equals(jwe.getHeader().getKeyID())) {
                throw new IllegalStateException("the encrypted private key of " + kid + " belongs to another key"
                        + " or uses another algorithm");
            }
            jwe.decrypt(new DirectDecrypter(this.key));
            pkcs8 = jwe.getPayload().toBytes();
            RSAPrivateKey privateKey = (RSAPrivateKey) KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            if (!privateKey.getModulus().equals(publicKey.getModulus().decodeToBigInteger())) {
                throw new IllegalStateException("the private key stored for " + kid + " does not match its public key");
            }
            return new RSAKey.Builder(publicKey).privateKey(privateKey).build();
        } catch (ParseException | JOSEException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot decrypt signing key " + kid
                    + ": is regiohub.identity.key-encryption-secret the one it was stored with?", e);
        } finally {
            if (pkcs8 != null) {
                Arrays.fill(pkcs8, (byte) 0);
            }
        }
    }
}
