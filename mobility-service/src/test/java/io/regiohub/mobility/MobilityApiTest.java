package io.regiohub.mobility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.regiohub.test.HttpJson;
import io.regiohub.test.TestTokens;
import io.regiohub.test.UsesHubInfrastructure;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The service on a random port against the test JVM's real broker and database (one Spring context for
 * every subclass), with the callers most tests need. Polling may reach this machine's own test servers
 * (loopback), which production refuses.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "regiohub.mobility.fetch.allowed-hosts=localhost,127.0.0.1",
        "regiohub.mobility.fetch.allow-internal-addresses=true",
        "regiohub.mobility.fetch.check-interval=200ms",
        "regiohub.mobility.boards.live-refresh=1h",
        "regiohub.mobility.boards.max-window=PT24H"})
@UsesHubInfrastructure(database = "mobility")
public abstract class MobilityApiTest {

    public static final String FRANKFURT = "06412000";
    public static final String KASSEL = "06611000";

    @LocalServerPort
    protected int port;
    @Autowired
    protected JdbcClient jdbc;

    protected HttpJson anonymous;
    protected HttpJson frankfurt;
    protected HttpJson kassel;

    @BeforeEach
    void clients() {
        anonymous = new HttpJson("http://localhost:" + port);
        frankfurt = anonymous.withToken(TestTokens.get().municipality(FRANKFURT));
        kassel = anonymous.withToken(TestTokens.get().municipality(KASSEL));
    }

    protected UUID registerFeed(HttpJson client, String ags, String name) {
        var r = client.post("/api/mobility/municipalities/" + ags + "/feeds", HttpJson.toJson(java.util.Map.of("name", name)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return UUID.fromString(r.json().path("id").asString());
    }

    /** Uploads a zip and waits until its import has ended; the import as the API shows it. */
    protected JsonNode importSchedule(HttpJson client, UUID feed, byte[] zip) {
        var r = client.send("POST", "/api/mobility/feeds/" + feed + "/schedule", "application/zip", zip);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String id = r.json().path("id").asString();
        JsonNode[] done = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            var s = client.get("/api/mobility/imports/" + id);
            done[0] = s.json();
            return !"RUNNING".equals(done[0].path("status").asString());
        });
        return done[0];
    }

    /** A feed of Frankfurt with the given schedule imported successfully. */
    protected UUID feedWith(String name, byte[] zip) {
        UUID feed = registerFeed(frankfurt, FRANKFURT, name);
        JsonNode result = importSchedule(frankfurt, feed, zip);
        assertThat(result.path("status").asString()).as(result.toString()).isEqualTo("SUCCEEDED");
        return feed;
    }

    protected JsonNode board(UUID feed, String stop, String at, String window) {
        var r = anonymous.get("/api/mobility/feeds/" + feed + "/stops/" + Gtfs.encode(stop) + "/departures?at="
                + Gtfs.encode(at) + "&window=" + window);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    protected static JsonNode json(io.regiohub.test.PublishedEvents.Published event) {
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(event.payload());
    }

    protected static String unique(String prefix) {
        return prefix + " " + UUID.randomUUID().toString().substring(0, 8);
    }
}
