package io.regiohub.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.regiohub.gateway.security.AccessRules.Access;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

/** The gateway's access table, row by row (the whole chain is exercised in GatewayTest). */
class AccessRulesTest {

    private final AccessRules rules = new AccessRules(List.of(GatewaySecurity.DOCUMENTATION),
            List.of("/api/participation/proposals/*", "/api/funding/programs", "/api/funding/programs/**"));

    @ParameterizedTest
    @CsvSource({
            "POST, /oauth2/token, ANYONE",
            "GET, /oauth2/token, NO_ONE",
            "GET, /actuator/health, ANYONE",
            "GET, /actuator/health/liveness, ANYONE",
            "POST, /actuator/health, OPS",
            "GET, /actuator/prometheus, OPS",
            "GET, /actuator/gateway/routes, OPS",
            "GET, /v3/api-docs/funding, ANYONE",
            "POST, /v3/api-docs/funding, NO_ONE",
            "GET, /swagger-ui.html, ANYONE",
            "GET, /swagger-ui/index.html, ANYONE",
            "GET, /api/funding/programs, ANYONE",
            "GET, /api/funding/programs/wifi4eu, ANYONE",
            "POST, /api/funding/programs, AUTHENTICATED",
            "GET, /api/participation/proposals/123, ANYONE",
            "GET, /api/participation/proposals/123/supports, AUTHENTICATED",
            "GET, /api/funding/pipeline, AUTHENTICATED",
            "DELETE, /api/participation/proposals/1/supports/x, AUTHENTICATED",
            "GET, /api, AUTHENTICATED",
            "GET, /, NO_ONE",
            "GET, /internal/anything, NO_ONE",
            "GET, /gateway-fallback, NO_ONE"
    })
    void everyRequestNeedsTheAccessOfItsFirstMatchingRow(String method, String path, Access expected) {
        assertThat(rules.required(MockServerHttpRequest.method(HttpMethod.valueOf(method), path).build()))
                .isEqualTo(expected);
    }
}
