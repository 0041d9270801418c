package io.regiohub.gateway;

import io.regiohub.test.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The four backends, the token issuer and an HTTP client, shared by the gateway's tests. */
abstract class GatewayTestSupport {

    static final Backend participation = new Backend("participation");
    static final Backend mobility = new Backend("mobility");
    static final Backend funding = new Backend("funding");
    static final Backend identity = new Backend("identity");
    static final TestTokens tokens = TestTokens.get();

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        registry.add("regiohub.gateway.participation-url", participation::url);
        registry.add("regiohub.gateway.mobility-url", mobility::url);
        registry.add("regiohub.gateway.funding-url", funding::url);
        registry.add("regiohub.gateway.identity-url", identity::url);
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", tokens::issuer);
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", tokens::jwkSetUri);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(30));
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    HttpResponse<String> get(String path, String token) {
        return send(request(path).header("Authorization", "Bearer " + token).GET());
    }
}
