package io.regiohub.mobility;

import static org.assertj.core.api.Assertions.assertThat;

import io.regiohub.test.HttpJson;
import io.regiohub.test.TestTokens;
import io.regiohub.test.UsesHubInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The mobility service runs on the hub runtime against the real broker and database. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UsesHubInfrastructure(database = "mobility")
class MobilityServiceTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    @Test
    void startsWithTheHubRuntimeAndReportsUp() {
        HttpJson http = new HttpJson("http://localhost:" + port);
        var health = http.get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asString()).isEqualTo("UP");
        assertThat(jdbc.sql("SELECT count(*) FROM hub.outbox").query(Long.class).single()).isZero();

        assertThat(http.get("/api/mobility/feeds").status()).as("without a token").isEqualTo(401);
        var unknown = http.withToken(TestTokens.get().programmeOffice()).get("/api/mobility/feeds");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");
    }
}
