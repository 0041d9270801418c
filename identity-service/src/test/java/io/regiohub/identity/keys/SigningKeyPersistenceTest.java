package io.regiohub.identity.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import io.regiohub.identity.IdentityApplication;
import io.regiohub.identity.client.DemoClients;
import io.regiohub.test.HttpJson;
import io.regiohub.test.UsesHubInfrastructure;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * The signing keys live in the database: a second instance (or the same one after a restart) reads
 * them back instead of making its own, validates the first one's tokens and signs with the same key;
 * instances rotating at the same moment create one key; the private halves are stored encrypted.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UsesHubInfrastructure(database = "identity_restart")
@ActiveProfiles("local")
@DirtiesContext // closed while the embedded PostgreSQL still runs (its own context, nothing to share)
class SigningKeyPersistenceTest {

    @LocalServerPort
    int port;
    @Autowired
    Environment environment;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SigningKeys keys;

    /** Another identity-service process on the same database and broker, as a second replica or a restart. */
    ConfigurableApplicationContext startInstance(String... profiles) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off"));
        for (String p : List.of("spring.datasource.url", "spring.datasource.username", "spring.datasource.password",
                "spring.kafka.bootstrap-servers", "spring.cloud.stream.kafka.binder.brokers")) {
            args.add("--" + p + "=" + environment.getRequiredProperty(p));
        }
        return new SpringApplicationBuilder(IdentityApplication.class).profiles(profiles).run(args.toArray(String[]::new));
    }

    static HttpJson http(ConfigurableApplicationContext context) {
        return new HttpJson("http://localhost:" + context.getEnvironment().getRequiredProperty("local.server.port"));
    }

    static String token(HttpJson http) {
        var r = http.clientCredentials("demo-ops", DemoClients.SECRET);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().path("access_token").asString();
    }

    List<String> storedKids() {
        return jdbc.sql("SELECT kid FROM signing_key ORDER BY kid").query(String.class).list();
    }

    @Test
    void aSecondInstanceAndARestartReadTheKeysBackAndValidateTheFirstInstancesTokens() throws Exception {
        HttpJson first = new HttpJson("http://localhost:" + port);
        String token = token(first);
        String kid = SignedJWT.parse(token).getHeader().getKeyID();
        List<String> kidsBefore = storedKids();

        try (ConfigurableApplicationContext second = startInstance("local")) {
            HttpJson other = http(second);
            assertThat(JWKSet.parse(other.get("/oauth2/jwks").body()).getKeyByKeyId(kid)).isNotNull();
            NimbusJwtDecoder.withJwkSetUri(
                    "http://localhost:" + second.getEnvironment().getProperty("local.server.port") + "/oauth2/jwks")
                    .build().decode(token);
            assertThat(other.withToken(token).get("/api/identity/keys").status()).isEqualTo(200);
            assertThat(SignedJWT.parse(token(other)).getHeader().getKeyID()).isEqualTo(kid);
        }
        try (ConfigurableApplicationContext restarted = startInstance("local")) {
            assertThat(SignedJWT.parse(token(http(restarted))).getHeader().getKeyID()).isEqualTo(kid);
        }
        assertThat(storedKids()).isEqualTo(kidsBefore);
    }

    @Test
    void instancesRotatingAtTheSameMomentCreateOneKey() throws Exception {
        try (ConfigurableApplicationContext second = startInstance("local")) {
            SigningKeys[] instances = {keys, second.getBean(SigningKeys.class)};
            int existing = storedKids().size();
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<SigningKeys.Rotation>> rotations = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    SigningKeys instance = instances[i % 2];
                    rotations.add(pool.submit(() -> {
                        go.await();
                        return instance.rotate();
                    }));
                }
                go.countDown();
                List<SigningKeys.Rotation> results = new ArrayList<>();
                for (Future<SigningKeys.Rotation> r : rotations) {
                    results.add(r.get());
                }
                assertThat(results).filteredOn(SigningKeys.Rotation::created).hasSize(1);
                assertThat(results).extracting(r -> r.next().kid()).containsOnly(results.getFirst().next().kid());
            } finally {
                pool.shutdownNow();
            }
            assertThat(storedKids()).hasSize(existing + 1);
            second.getBean(SigningKeys.class).maintain();
            assertThat(second.getBean(SigningKeys.class).keys()).isEqualTo(keys.keys());
        }
    }

    @Test
    void thePrivateKeysAreStoredEncryptedNeverAsPlaintextPkcs8() throws Exception {
        RSAKey signing = keys.signingKey();
        byte[] pkcs8 = signing.toRSAPrivateKey().getEncoded();
        var rows = jdbc.sql("SELECT kid, public_jwk, private_key_jwe FROM signing_key").query().listOfRows();
        assertThat(rows).isNotEmpty().anySatisfy(r -> assertThat(r.get("kid")).isEqualTo(signing.getKeyID()));
        for (var row : rows) {
            String stored = (String) row.get("private_key_jwe");
            byte[] bytes = stored.getBytes(StandardCharsets.UTF_8);
            assertThat(indexOf(bytes, pkcs8)).as("raw PKCS#8").isEqualTo(-1);
            assertThat(stored).doesNotContain(Base64.getEncoder().encodeToString(pkcs8))
                    .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(pkcs8))
                    .doesNotContain(signing.getPrivateExponent().toString())
                    .doesNotContain("PRIVATE KEY");
            JWEObject jwe = JWEObject.parse(stored);
            assertThat(jwe.getHeader().getEncryptionMethod().getName()).isEqualTo("A256GCM");
            assertThat(jwe.getHeader().getKeyID()).isEqualTo(row.get("kid"));
            assertThat(JWK.parse((String) row.get("public_jwk")).isPrivate()).isFalse();
        }
        String stored = (String) rows.stream().filter(r -> r.get("kid").equals(signing.getKeyID())).findFirst()
                .orElseThrow().get("private_key_jwe");
        assertThatThrownBy(() -> new KeyEncryption("not-the-secret-the-keys-were-stored-with")
                .decrypt(signing.toPublicJWK(), stored)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void withoutAKeyEncryptionSecretTheServiceDoesNotStart() {
        // no profile "local": no default secret
        assertThatThrownBy(() -> startInstance().close())
                .satisfies(e -> assertThat(Stream.iterate((Throwable) e, t -> t != null, Throwable::getCause)
                        .map(Throwable::getMessage))
                        .anySatisfy(m -> assertThat(m).contains("key-encryption-secret is not set")));
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
