package io.regiohub.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import io.regiohub.identity.client.DemoClients;
import io.regiohub.test.HttpJson;
import io.regiohub.test.UsesHubInfrastructure;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Client-credentials tokens of the demo clients, against the real database. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UsesHubInfrastructure(database = "identity")
@ActiveProfiles("local")
class TokenIssuingTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    HttpJson http;

    @BeforeEach
    void setUp() {
        http = new HttpJson("http://localhost:" + port);
    }

    HttpJson.Response token(String clientId, String secret) {
        return http.clientCredentials(clientId, secret);
    }

    @Test
    void aMunicipalityClientGetsAShortLivedSignedJwtWithItsMunicipalityAndRole() throws Exception {
        var response = token("demo-06412000", DemoClients.SECRET);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode body = JsonMapper.builder().build().readTree(response.body());
        assertThat(body.path("token_type").asString()).isEqualTo("Bearer");
        assertThat(body.path("expires_in").asInt()).isBetween(1, 300);

        SignedJWT jwt = SignedJWT.parse(body.path("access_token").asString());
        JWKSet keys = JWKSet.parse(http.get("/oauth2/jwks").body());
        RSAKey key = (RSAKey) keys.getKeyByKeyId(jwt.getHeader().getKeyID());
        JWSVerifier verifier = new RSASSAVerifier(key);
        assertThat(jwt.verify(verifier)).as("signed by a key of the published JWK set").isTrue();
        assertThat(jwt.getJWTClaimsSet().getStringClaim("municipality")).isEqualTo("06412000");
        assertThat(jwt.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("MUNICIPALITY");
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("demo-06412000");
        assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant())
                .isBefore(Instant.now().plus(Duration.ofMinutes(6)));
    }

    @Test
    void theProgrammeOfficeAndOpsClientsCarryTheirRolesAndNoMunicipality() throws Exception {
        for (String[] c : new String[][] {{"demo-program-office", "PROGRAM_OFFICE"}, {"demo-ops", "OPS"}}) {
            var response = token(c[0], DemoClients.SECRET);
            assertThat(response.status()).isEqualTo(200);
            SignedJWT jwt = SignedJWT.parse(JsonMapper.builder().build().readTree(response.body())
                    .path("access_token").asString());
            assertThat(jwt.getJWTClaimsSet().getStringListClaim("roles")).containsExactly(c[1]);
            assertThat(jwt.getJWTClaimsSet().getClaim("municipality")).isNull();
        }
    }

    @Test
    void aWrongSecretOrAnUnknownClientGetsNoToken() throws Exception {
        assertThat(token("demo-06412000", "guessed").status()).isEqualTo(401);
        assertThat(token("nobody", DemoClients.SECRET).status()).isEqualTo(401);
    }

    @Test
    void secretsAreStoredOnlyAsHashes() {
        var stored = jdbc.sql("SELECT client_secret FROM oauth2_registered_client").query(String.class).list();
        assertThat(stored).hasSizeGreaterThanOrEqualTo(5).allSatisfy(s -> {
            assertThat(s).startsWith("{bcrypt}");
            assertThat(s).doesNotContain(DemoClients.SECRET);
        });
    }

    @Test
    void theDirectoryIsPublishedAndEverythingElseIsClosed() {
        var all = http.get("/api/identity/municipalities");
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.body()).contains("06412000", "Frankfurt am Main", "06535", "Vogelsbergkreis", "06535012");
        var lauterbach = http.get("/api/identity/municipalities/06535012").json();
        assertThat(lauterbach.path("districtKey").asString()).isEqualTo("06535");
        assertThat(lauterbach.path("classification").asString()).isEqualTo("RURAL");
        assertThat(http.get("/api/identity/municipalities/07111000").status()).isEqualTo(404);
        assertThat(http.get("/api/identity/municipalities/xyz").status()).isEqualTo(400);
        assertThat(http.get("/actuator/health").status()).isEqualTo(200);
        assertThat(http.get("/actuator/env").status()).isIn(401, 403);
    }
}
