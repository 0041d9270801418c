package io.regiohub.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway routes each context's API to its service and nothing else. The three backends are
 * real HTTP servers on loopback that record what reaches them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayRoutingTest {

    static final List<String> received = new CopyOnWriteArrayList<>();
    static final HttpServer participation = backend("participation");
    static final HttpServer mobility = backend("mobility");
    static final HttpServer funding = backend("funding");
    static final HttpServer identity = backend("identity");

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();

    static HttpServer backend(String name) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                received.add(name + " " + exchange.getRequestMethod() + " " + exchange.getRequestURI());
                byte[] body = ("{\"backend\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        registry.add("regiohub.gateway.participation-url", () -> url(participation));
        registry.add("regiohub.gateway.mobility-url", () -> url(mobility));
        registry.add("regiohub.gateway.funding-url", () -> url(funding));
        registry.add("regiohub.gateway.identity-url", () -> url(identity));
    }

    static String url(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stopBackends() {
        participation.stop(0);
        mobility.stop(0);
        funding.stop(0);
        identity.stop(0);
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void eachContextReachesItsOwnServiceWithPathAndQueryIntact() throws Exception {
        assertThat(get("/api/participation/proposals/42?x=1").body()).contains("participation");
        assertThat(get("/api/mobility/feeds/7/stops/S1/departures?window=PT1H").body()).contains("mobility");
        assertThat(get("/api/funding/municipalities/06412000/opportunities").body()).contains("funding");
        assertThat(received).contains(
                "participation GET /api/participation/proposals/42?x=1",
                "mobility GET /api/mobility/feeds/7/stops/S1/departures?window=PT1H",
                "funding GET /api/funding/municipalities/06412000/opportunities");
    }

    @Test
    void theTokenEndpointIsRoutedToIdentityForPostOnly() throws Exception {
        var post = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.body()).contains("identity");
        assertThat(received).contains("identity POST /oauth2/token");
        assertThat(get("/oauth2/token").statusCode()).isEqualTo(404);
        assertThat(get("/oauth2/jwks").statusCode()).isEqualTo(404);
        assertThat(get("/api/identity/municipalities").body()).contains("identity");
    }

    @Test
    void nothingOutsideTheApiIsRoutedSoServiceActuatorsStayUnreachable() throws Exception {
        int before = received.size();
        assertThat(get("/actuator/env").statusCode()).isEqualTo(404);
        assertThat(get("/api/unknown/x").statusCode()).isEqualTo(404);
        assertThat(get("/participation/actuator/health").statusCode()).isEqualTo(404);
        assertThat(received).hasSize(before);
        assertThat(get("/actuator/health").body()).contains("UP");
    }
}
