package io.regiohub.identity.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The private halves of the signing keys are stored encrypted and bound to their kid. */
class KeyEncryptionTest {

    static final String SECRET = "test-only-key-encryption-secret-0123456789";
    static final KeyEncryption ENCRYPTION = new KeyEncryption(SECRET);

    static RSAKey newKey() throws Exception {
        return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                .keyIDFromThumbprint(true).generate();
    }

    @Test
    void aKeyDecryptsToItselfAndTheCiphertextHoldsNoPlaintext() throws Exception {
        RSAKey key = newKey();
        String stored = ENCRYPTION.encrypt(key);

        byte[] pkcs8 = key.toRSAPrivateKey().getEncoded();
        assertThat(stored).doesNotContain(Base64.getEncoder().encodeToString(pkcs8))
                .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(pkcs8))
                .doesNotContain(key.getPrivateExponent().toString());
        JWEObject jwe = JWEObject.parse(stored);
        assertThat(jwe.getHeader().getAlgorithm().getName()).isEqualTo("dir");
        assertThat(jwe.getHeader().getEncryptionMethod().getName()).isEqualTo("A256GCM");
        assertThat(jwe.getHeader().getKeyID()).isEqualTo(key.getKeyID());

        RSAKey opened = new KeyEncryption(SECRET).decrypt(key.toPublicJWK(), stored);
        assertThat(opened).isEqualTo(key);
        assertThat(opened.toRSAPrivateKey().getEncoded()).isEqualTo(pkcs8);
    }

    @Test
    void anotherSecretOrAnotherKeysRowDoesNotDecrypt() throws Exception {
        RSAKey key = newKey();
        String stored = ENCRYPTION.encrypt(key);

        assertThatThrownBy(() -> new KeyEncryption("another-secret-of-enough-length-0123456789")
                .decrypt(key.toPublicJWK(), stored))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("key-encryption-secret");
        assertThatThrownBy(() -> ENCRYPTION.decrypt(newKey().toPublicJWK(), stored))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("belongs to another key");
    }

    @Test
    void aShortSecretIsRefused() {
        assertThatThrownBy(() -> new KeyEncryption("too-short")).isInstanceOf(IllegalStateException.class);
    }
}
