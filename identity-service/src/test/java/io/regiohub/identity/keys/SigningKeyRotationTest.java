package io.regiohub.identity.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.regiohub.identity.client.DemoClients;
import io.regiohub.test.HttpJson;
import io.regiohub.test.UsesHubInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/**
 * Rotation of the signing keys without a failed token: the next key is published before it signs,
 * tokens of the old key validate until they expired. A database of its own, and a clock the test
 * moves (Spring Authorization Server stamps iat/exp with the real time, so the tokens themselves stay
 * valid; which key signs and which are published follows this clock). Every instance checks every
 * 100 ms here.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "regiohub.identity.key-rotation.check-interval=100ms")
@UsesHubInfrastructure(database = "identity_keys")
@ActiveProfiles("local")
@DirtiesContext // closed while the embedded PostgreSQL still runs (its own context, nothing to share)
class SigningKeyRotationTest {

    static final Duration PERIOD = Duration.ofDays(30);
    static final Duration LEAD = Duration.ofHours(1);
    /** token lifetime 5m + clock skew 1m */
    static final Duration STILL_PUBLISHED = Duration.ofMinutes(6);

    @TestConfiguration
    static class Clocks {
        @Bean
        MutableClock testClock() {
            return new MutableClock(Instant.now());
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    MutableClock clock;
    @Autowired
    SigningKeys keys;
    @Autowired
    JdbcClient jdbc;

    HttpJson http;

    @BeforeEach
    void setUp() {
        http = new HttpJson("http://localhost:" + port);
    }

    String token(String clientId) {
        var r = http.clientCredentials(clientId, DemoClients.SECRET);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().path("access_token").asString();
    }

    static String kid(String token) throws Exception {
        return SignedJWT.parse(token).getHeader().getKeyID();
    }

    List<String> publishedKids() throws Exception {
        var r = http.get("/oauth2/jwks");
        assertThat(r.status()).isEqualTo(200);
        assertThat(JWKSet.parse(r.body()).getKeys()).noneMatch(JWK::isPrivate);
        return JWKSet.parse(r.body()).getKeys().stream().map(JWK::getKeyID).toList();
    }

    /** As a resource server validates: a fresh decoder that fetches the JWK set over HTTP. */
    void validate(String token) {
        NimbusJwtDecoder.withJwkSetUri("http://localhost:" + port + "/oauth2/jwks").build().decode(token);
    }

    boolean stored(String kid) {
        return jdbc.sql("SELECT count(*) FROM signing_key WHERE kid = :kid").param("kid", kid)
                .query(Integer.class).single() == 1;
    }

    @Test
    void aRequestedRotationPublishesTheNextKeyFirstAndKeepsTheOldOneUntilItsTokensExpired() throws Exception {
        String before = token("demo-ops");
        String oldKid = kid(before);
        assertThat(publishedKids()).first().isEqualTo(oldKid); // the signing key comes first

        var rotated = http.withToken(before).post("/api/identity/keys/rotate", "");
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(201);
        JsonNode body = rotated.json();
        String newKid = body.path("next").path("kid").asString();
        Instant activatesAt = Instant.parse(body.path("next").path("activatesAt").asString());
        assertThat(newKid).isNotEqualTo(oldKid);
        assertThat(body.path("next").path("state").asString()).isEqualTo("NEXT");
        assertThat(activatesAt).isBetween(clock.instant().plus(LEAD).minusSeconds(1), clock.instant().plus(LEAD));
        assertThat(body.path("signing").path("kid").asString()).isEqualTo(oldKid);
        assertThat(Instant.parse(body.path("signing").path("retiresAt").asString())).isEqualTo(activatesAt);

        // published ahead of time, not signing yet; asking again changes nothing
        assertThat(publishedKids()).contains(oldKid, newKid);
        assertThat(kid(token("demo-06412000"))).isEqualTo(oldKid);
        var again = http.withToken(before).post("/api/identity/keys/rotate", "");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("next").path("kid").asString()).isEqualTo(newKid);

        // the new key signs; the token from before still validates, here and at a resource server
        clock.set(activatesAt);
        assertThat(kid(token("demo-06412000"))).isEqualTo(newKid);
        assertThat(publishedKids()).contains(oldKid, newKid);
        validate(before);
        assertThat(http.withToken(before).get("/api/identity/keys").status()).isEqualTo(200);

        // until every token of the old key has expired (on the service's clock)
        clock.set(activatesAt.plus(STILL_PUBLISHED).minusMillis(1));
        assertThat(publishedKids()).contains(oldKid, newKid);
        validate(before);

        clock.set(activatesAt.plus(STILL_PUBLISHED));
        assertThat(publishedKids()).contains(newKid).doesNotContain(oldKid);
        assertThatThrownBy(() -> validate(before)).isInstanceOf(JwtException.class);
        assertThat(http.withToken(before).get("/api/identity/keys").status()).isEqualTo(401);
        await().atMost(Duration.ofSeconds(10)).until(() -> !stored(oldKid)); // deleted, private half and all
        assertThat(stored(newKid)).isTrue();
    }

    @Test
    void theScheduleCreatesTheNextKeyLeadTimeBeforeTheSigningKeyIsDue() throws Exception {
        SigningKeys.KeyView signing = keys.keys().stream()
                .filter(k -> k.state() == RotationPolicy.State.SIGNING).findFirst().orElseThrow();
        Instant due = signing.activatesAt().plus(PERIOD).minus(LEAD);

        clock.set(due.minusSeconds(1));
        keys.maintain();
        assertThat(keys.keys()).noneMatch(k -> k.state() == RotationPolicy.State.NEXT);

        clock.set(due);
        SigningKeys.KeyView next = await().atMost(Duration.ofSeconds(10)).until(
                () -> keys.keys().stream().filter(k -> k.state() == RotationPolicy.State.NEXT).findFirst().orElse(null),
                k -> k != null);
        assertThat(next.activatesAt()).isEqualTo(signing.activatesAt().plus(PERIOD));
        assertThat(keys.keys()).filteredOn(k -> k.kid().equals(signing.kid()))
                .singleElement().satisfies(k -> assertThat(k.retiresAt()).isEqualTo(next.activatesAt()));
        assertThat(publishedKids()).contains(signing.kid(), next.kid());
        String before = token("demo-ops");
        assertThat(kid(before)).isEqualTo(signing.kid());

        clock.set(next.activatesAt());
        assertThat(kid(token("demo-ops"))).isEqualTo(next.kid());
        validate(before);

        clock.set(next.activatesAt().plus(STILL_PUBLISHED));
        assertThat(publishedKids()).doesNotContain(signing.kid());
        await().atMost(Duration.ofSeconds(10)).until(() -> !stored(signing.kid()));
    }

    @Test
    void onlyOperationsMayRotate() {
        assertThat(http.post("/api/identity/keys/rotate", "").status()).isEqualTo(401);
        assertThat(http.withToken("not.a.token").post("/api/identity/keys/rotate", "").status()).isEqualTo(401);
        var municipality = http.withToken(token("demo-06412000")).post("/api/identity/keys/rotate", "");
        assertThat(municipality.status()).isEqualTo(403);
        assertThat(municipality.header("Content-Type")).startsWith("application/problem+json");
        assertThat(http.withToken(token("demo-program-office")).post("/api/identity/keys/rotate", "").status())
                .isEqualTo(403);
        assertThat(http.withToken(token("demo-06412000")).get("/api/identity/keys").status()).isEqualTo(403);
        assertThat(http.get("/api/identity/keys").status()).isEqualTo(401);
    }
}
