package io.regiohub.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.regiohub.events.EventCodec;
import io.regiohub.events.HubCloudEvents;
import io.regiohub.events.TopicCatalogue;
import io.regiohub.events.identity.MunicipalityRecorded;
import io.regiohub.identity.client.DemoClients;
import io.regiohub.test.HttpJson;
import io.regiohub.test.HubInfrastructure;
import io.regiohub.test.UsesHubInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The programme office registers municipalities and onboards, rotates and revokes their clients. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UsesHubInfrastructure(database = "identity")
@ActiveProfiles("local")
@ExtendWith(OutputCaptureExtension.class)
class OnboardingTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    final HttpClient http = HttpClient.newHttpClient();

    HttpJson.Response tokenResponse(String clientId, String secret) {
        return new HttpJson("http://localhost:" + port).clientCredentials(clientId, secret);
    }

    String token(String clientId, String secret) throws Exception {
        var r = tokenResponse(clientId, secret);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).path("access_token").asString();
    }

    HttpResponse<String> call(String method, String path, String token, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theProgrammeOfficeRegistersAMunicipalityAndItIsPublishedOnTheCompactedDirectoryTopic(HubInfrastructure infra)
            throws Exception {
        String office = token("demo-program-office", DemoClients.SECRET);
        String body = """
                {"key":"06535015","name":"Schlitz","kind":"MUNICIPALITY","districtKey":"06535","classification":"RURAL"}""";
        var created = call("POST", "/api/identity/municipalities", office, body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(call("POST", "/api/identity/municipalities", office, body).statusCode()).isEqualTo(409);

        Map<String, MunicipalityRecorded> entries = new HashMap<>();
        try (var consumer = infra.newConsumer(new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TopicCatalogue.DIRECTORY_MUNICIPALITIES.topic()));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    var ce = HubCloudEvents.fromRecord(r.headers(), r.value());
                    assertThat(ce.getType()).isEqualTo(MunicipalityRecorded.TYPE);
                    assertThat(HubCloudEvents.municipality(ce)).isEqualTo(r.key());
                    entries.put(r.key(), EventCodec.fromJson(ce.getData().toBytes(), MunicipalityRecorded.class));
                });
                // the new entry, and the seeded ones published at start
                assertThat(entries).containsKeys("06535015", "06412000", "06611000", "06535", "06535012");
            });
        }
        assertThat(entries.get("06535015").districtKey()).isEqualTo("06535");
    }

    @Test
    void onlyTheProgrammeOfficeMayRegisterAndItsInputIsChecked() throws Exception {
        String frankfurt = token("demo-06412000", DemoClients.SECRET);
        String body = """
                {"key":"06535019","name":"Wartenberg","kind":"MUNICIPALITY","districtKey":"06535","classification":"RURAL"}""";
        var noToken = call("POST", "/api/identity/municipalities", null, body);
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(noToken.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        var wrongRole = call("POST", "/api/identity/municipalities", frankfurt, body);
        assertThat(wrongRole.statusCode()).isEqualTo(403);
        assertThat(wrongRole.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(call("POST", "/api/identity/municipalities", "not.a.token", body).statusCode()).isEqualTo(401);

        String office = token("demo-program-office", DemoClients.SECRET);
        var bad = call("POST", "/api/identity/municipalities", office, """
                {"key":"06412001","name":"Nirgendwo","kind":"MUNICIPALITY","districtKey":"06535","classification":"RURAL"}""");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).path("errors").get(0).path("field").asString()).isEqualTo("districtKey");
        assertThat(call("GET", "/api/identity/municipalities/06535019", null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void aClientsSecretIsShownOnceRotatedAndRevokedAndNeverLogged(CapturedOutput output) throws Exception {
        String office = token("demo-program-office", DemoClients.SECRET);
        var created = call("POST", "/api/identity/municipalities/06535012/clients", office,
                "{\"clientId\":\"lauterbach-portal\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode issued = JSON.readTree(created.body());
        String secret = issued.path("clientSecret").asString();
        assertThat(secret).hasSizeGreaterThanOrEqualTo(40);

        // the new client acts for Lauterbach
        String lauterbach = token("lauterbach-portal", secret);
        var claims = JSON.readTree(Base64.getUrlDecoder().decode(lauterbach.split("\\.")[1]));
        assertThat(claims.path("municipality").asString()).isEqualTo("06535012");
        assertThat(claims.path("roles").get(0).asString()).isEqualTo("MUNICIPALITY");
        // a municipality's client cannot onboard clients
        assertThat(call("POST", "/api/identity/municipalities/06535012/clients", lauterbach, "{}").statusCode())
                .isEqualTo(403);

        var rotated = call("POST", "/api/identity/clients/lauterbach-portal/secret", office, null);
        assertThat(rotated.statusCode()).isEqualTo(200);
        String newSecret = JSON.readTree(rotated.body()).path("clientSecret").asString();
        assertThat(newSecret).isNotEqualTo(secret);
        assertThat(tokenResponse("lauterbach-portal", secret).status()).as("the old secret").isEqualTo(401);
        token("lauterbach-portal", newSecret);

        assertThat(call("DELETE", "/api/identity/clients/lauterbach-portal", office, null).statusCode()).isEqualTo(204);
        assertThat(tokenResponse("lauterbach-portal", newSecret).status()).as("revoked").isEqualTo(401);
        assertThat(call("DELETE", "/api/identity/clients/nobody", office, null).statusCode()).isEqualTo(404);

        assertThat(output.getAll()).doesNotContain(secret).doesNotContain(newSecret);
    }
}
